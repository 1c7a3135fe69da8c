import ExpDomain
import Testing

@Suite("Stored records decode strictly, naming the record and the field")
struct StoredRecordTests {
    static func trial(_ params: String) -> TrialSummary {
        TrialSummary(id: 12, sweepID: 2, number: 3, state: .done, paramsJSON: params, seed: 1, attempt: 1, metrics: [:])
    }

    @Test func parametersDecodeOrNameTheDamage() throws {
        #expect(try Self.trial(#"{"alpha":0.01,"hidden_layers":[8,4]}"#).parameters().hiddenLayers == [8, 4])
        #expect(try Self.trial(#"{"alpha":0.01,"hidden_layers":[8,4],"early_stopping":true}"#).parameterTexts()
            == ["alpha": "0.01", "hidden_layers": "[8,4]", "early_stopping": "true"])
        for damaged in [#"{"alpha":"#, #"{"alpha":"much"}"#, #"{"no_such_key":1}"#, "[]", ""] {
            let error = #expect(throws: DomainError.self) { _ = try Self.trial(damaged).parameters() }
            #expect(error?.description.hasPrefix("trial 12 (#3 of sweep 2) is damaged: its field 'params_json'") == true,
                    "\(String(describing: error))")
        }
        // Display text refuses what no parameter can be, instead of showing "?".
        #expect(throws: DomainError.self) { _ = try Self.trial(#"{"alpha":{"x":1}}"#).parameterTexts() }
        #expect(throws: DomainError.self) { _ = try Self.trial(#"{"alpha":null}"#).parameterTexts() }
    }

    @Test func curvesKeepNonFiniteValuesAndNameTheFold() throws {
        let curves = FoldCurves(loss: [0.5, .nan], validationScore: [.infinity], validationLogLoss: [], selectedFeatures: [1],
                                resampledRows: 10, converged: false)
        let json = try curves.json()
        let back = try FoldCurves.decode(json, record: "trial 1, fold 0")
        #expect(back.loss[0] == 0.5 && back.loss[1].isNaN && back.validationScore == [.infinity])
        let error = #expect(throws: DomainError.self) { _ = try FoldCurves.decode(#"{"loss":"high"}"#, record: "trial 1, fold 2") }
        #expect(error == .corruptRecord(record: "trial 1, fold 2", field: "curves_json", reason: error.flatMap {
            if case let .corruptRecord(_, _, reason) = $0 { reason } else { nil }
        } ?? ""))
    }

    @Test func registryMetricsDecodeNullAsUndefined() throws {
        let record = ModelVersionRecord(
            id: 1, name: "fraud", version: 3, artifact: .file("/b"), digest: "d", sizeBytes: 1, paramsJSON: "{}",
            cvMetricsJSON: #"{"roc_auc":{"mean":0.9,"std":null}}"#, holdoutMetricsJSON: #"{"f1":null,"roc_auc":0.8}"#,
            promotedBy: "me", promotedAt: 0, command: "c", aliases: [])
        #expect(try record.crossValidationMetrics()["roc_auc"] == StoredMetricSummary(mean: 0.9, std: nil))
        #expect(try record.holdoutMetrics() == ["f1": nil, "roc_auc": 0.8])
        var damaged = record
        damaged.holdoutMetricsJSON = #"{"f1":"x"}"#
        let error = #expect(throws: DomainError.self) { _ = try damaged.holdoutMetrics() }
        #expect(error?.description.hasPrefix("model fraud:3 is damaged: its field 'holdout_metrics_json'") == true)
    }

    @Test func storedSpecRoundTripsAndNamesTheSweep() throws {
        let spec = StoredSpec(path: "x.yaml", baseDirectory: "/work", yaml: "name: x\n", canonical: "{}")
        #expect(try StoredSpec.decode(spec.encoded(), record: "sweep 1 'x'") == spec)
        let error = #expect(throws: DomainError.self) { _ = try StoredSpec.decode("{", record: "sweep 1 'x'") }
        #expect(error?.description.hasPrefix("sweep 1 'x' is damaged: its field 'spec_json' cannot be read (not valid JSON") == true,
                "\(String(describing: error))")
    }
}

@Suite("Artifact references")
struct ArtifactReferenceTests {
    @Test func filesAndOtherReferences() {
        #expect(ArtifactReference.file("/a/b.tar.gz").filePath == "/a/b.tar.gz")
        #expect(ArtifactReference(stored: "/a/b.tar.gz") == .file("/a/b.tar.gz"))
        #expect(ArtifactReference(stored: "artifacts/m-v1.tar.gz").filePath == "artifacts/m-v1.tar.gz")
        #expect(ArtifactReference(stored: "file:///a/b.tar.gz").filePath == "/a/b.tar.gz")
        #expect(ArtifactReference(stored: "store:sha256:abc").filePath == nil)
    }
}
