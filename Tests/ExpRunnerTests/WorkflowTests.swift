import ExpCore
import ExpData
import ExpDomain
import ExpRunner
import ExpTestSupport
import Foundation
import Testing

@Suite("SweepSession, TrialEvaluator, FinalModel and the fold cache, in process")
struct WorkflowTests {
    typealias F = RunnerFixtures

    @Test("a session creates its sweep once and resumes it with the same trials")
    func sessionOpensAndResumes() async throws {
        let session = try F.session(F.spec(hidden: [[8], [16]]))
        let store = InMemoryStore()
        let (sweep, resumed) = try await session.open(in: store, provenance: F.provenance)
        #expect(!resumed)
        let (again, resumedAgain) = try await session.open(in: store, provenance: F.provenance)
        #expect(resumedAgain && again.id == sweep.id)
        #expect(try await store.counts(sweepID: sweep.id) == TrialCounts(pending: 2))
        #expect(sweep.datasetSHA256 == session.dataset.sha256 && sweep.foldHash == session.data.foldHash)
        #expect(try sweep.storedSpec().yaml == session.storedSpec.yaml)
        // Resuming from the stored record reloads the same spec, data and trials.
        let resumedSession = try SweepSession.resume(sweep)
        #expect(resumedSession.trials == session.trials)
        #expect(resumedSession.data.foldHash == session.data.foldHash)
    }

    @Test("resuming a sweep whose data file changed names both SHA-256 values")
    func resumeRefusesChangedData() async throws {
        let directory = try TemporaryDirectory()
        let csv = directory.path("train.csv")
        let dataset = try DataLoader.load("builtin:bankruptcy?rows=900")
        let bytes = CSVWriter.encode(dataset)
        try Data(bytes).write(to: URL(fileURLWithPath: csv))
        let yaml = F.spec(rows: 900).replacingOccurrences(of: "builtin:bankruptcy?rows=900", with: csv)
            .replacingOccurrences(of: "holdout: 0.2", with: "holdout: 0.2\n  label: \"Bankrupt?\"")
        let session = try F.session(yaml)
        let store = InMemoryStore()
        let (sweep, _) = try await session.open(in: store, provenance: F.provenance)
        // The same file with its first data row repeated at the end: other data, same columns.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        try Data((lines.joined(separator: "\n") + lines[1] + "\n").utf8).write(to: URL(fileURLWithPath: csv))
        let error = expectError(RunnerError.self) { _ = try SweepSession.resume(sweep) }
        guard case let .dataChanged(name, _, recorded, found)? = error else {
            Issue.record("expected dataChanged, got \(String(describing: error))")
            return
        }
        #expect(name == "sweep \(sweep.id) 'runner'")
        #expect(recorded == sweep.datasetSHA256 && found != recorded && found.count == 64)
        #expect(error?.description.contains(recorded) == true && error?.description.contains(found) == true)
    }

    @Test("an all-digit sweep name is refused at its key and line")
    func allDigitNameIsRefused() {
        let error = expectError(SpecError.self) { _ = try SweepSpec.parse(yaml: F.spec(name: "2024"), file: "x.yaml") }
        #expect(error?.keyPath == "name" && error?.line == 1)
        #expect(error?.description.contains("a number names a sweep by its ID") == true)
    }

    @Test("folds the data cannot support are a spec error at cv.folds (typed, not matched on text)")
    func unsupportedProtocolNamesTheKey() throws {
        let yaml = F.spec(rows: 60, folds: 40)
        let error = expectError(SpecError.self) { _ = try F.session(yaml) }
        #expect(error?.keyPath == "cv.folds", "\(String(describing: error))")
        let dataset = try DataLoader.load("builtin:bankruptcy?rows=60")
        #expect(throws: RunnerError.self) { _ = try ExperimentData(dataset: dataset, holdout: 0.2, folds: 40, seed: 1) }
        do {
            _ = try ExperimentData(dataset: dataset, holdout: 0.2, folds: 40, seed: 1)
        } catch let RunnerError.protocolNotSupported(key, _) {
            #expect(key == "cv.folds")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("TrialEvaluator is deterministic, matches the sweep's stored result and stops when cancelled")
    func evaluatorDeterministicAndCancellable() async throws {
        let session = try F.session(F.spec(hidden: [[8]]))
        let trial = try #require(session.trials.first)
        let settings = PipelineSettings(trial.parameters, featureCount: session.dataset.featureCount,
                                        threshold: session.spec.threshold)
        let evaluator = TrialEvaluator(cache: PreparedFoldCache(data: session.data, seed: session.spec.seed))
        let a = try await evaluator.evaluate(settings, seed: trial.seed)
        let b = try await TrialEvaluator(cache: PreparedFoldCache(data: session.data, seed: session.spec.seed))
            .evaluate(settings, seed: trial.seed)
        #expect(a.folds == b.folds && a.outOfFoldPredictions.map(\.bitPattern) == b.outOfFoldPredictions.map(\.bitPattern))
        #expect(a.folds.count == 3 && a.outOfFoldPredictions.allSatisfy { !$0.isNaN })
        // The sweep stores exactly this result.
        let (store, sweep) = try await F.run(session, workers: 1)
        let stored = try #require(try await store.trial(id: try await store.trials(sweepID: sweep.id)[0].id))
        #expect(stored.folds == (try a.result()).folds)
        #expect(stored.summary.metrics["roc_auc"]?.mean == a.summary.first { $0.name == "roc_auc" }?.mean)

        let cancelled = Task { try await evaluator.evaluate(settings, seed: trial.seed) }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { _ = try await cancelled.value }
    }

    @Test("FinalModel refits on every development row, bit for bit the same each time")
    func finalModelIsDeterministic() throws {
        let session = try F.session(F.spec(hidden: [[8]]))
        let trial = try #require(session.trials.first)
        let settings = PipelineSettings(trial.parameters, featureCount: session.dataset.featureCount, threshold: 0.5)
        let a = try FinalModel.fit(session.data, settings: settings, sweepSeed: session.spec.seed, trialSeed: trial.seed)
        let b = try FinalModel.fit(session.data, settings: settings, sweepSeed: session.spec.seed, trialSeed: trial.seed)
        #expect(a.trainingRows == session.data.developmentRows.count)
        #expect(a.holdoutRows == session.data.holdoutRows)
        #expect(a.holdoutProbabilities.map(\.bitPattern) == b.holdoutProbabilities.map(\.bitPattern))
        #expect(a.holdoutMetrics?.names.contains("roc_auc") == true)
        #expect(a.resampledRows > a.trainingRows)  // SMOTE-Tomek adds minority rows
    }

    @Test("the fold cache keeps at most its capacity, and a recomputed fold is bit-identical")
    func foldCacheEvicts() async throws {
        let session = try F.session(F.spec())
        let cache = PreparedFoldCache(data: session.data, seed: 7, capacity: 2)
        let keys = (0..<3).map {
            PreprocessingKey(fold: $0, kBest: 10, resampling: .smoteTomek, kNeighbors: 5, imputeMissing: true)
        }
        let first = try await cache.prepared(keys[0])
        _ = try await cache.prepared(keys[1])
        _ = try await cache.prepared(keys[2])
        #expect(await cache.count == 2)
        let again = try await cache.prepared(keys[0])
        #expect(await cache.computed == 4)
        #expect(again.trainFeatures.elements.map(\.bitPattern) == first.trainFeatures.elements.map(\.bitPattern))
        #expect(again.trainLabels == first.trainLabels && again.testRows == first.testRows)
    }

    @Test("one set of defaults: PipelineSettings() runs what a spec that says nothing runs")
    func defaultsAgree() {
        let defaults = TrialParameters()
        let settings = PipelineSettings()
        #expect(settings.resampling == defaults.resampling)
        #expect(settings.kNeighbors == defaults.kNeighbors)
        #expect(settings.dtype == defaults.dtype)
        #expect(settings == PipelineSettings(defaults, featureCount: 1_000, threshold: 0.5))
    }
}
