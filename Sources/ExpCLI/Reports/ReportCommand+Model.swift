import ArgumentParser
import ExpDomain
import ExpBundle
import ExpCore
import ExpData
import ExpReport
import ExpStore
import Foundation

extension Exp.ReportCommand {
    /// `exp report model NAME[@ALIAS|:VERSION]`: the model card of a registered version.
    struct ReportModel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "model",
            abstract: "Write the model card of a registered model (model_NAME_vVERSION.md).",
            discussion: """
                Holdout metrics with ROC and precision-recall curves, the confusion matrix and a \
                threshold table, the selected features, the data schema, and the lineage back to the \
                sweep and trial. The bundle must still have the digest the registry recorded, and \
                the training data its SHA-256 (to label the holdout rows).
                """)

        @Argument(help: "NAME (latest version), NAME:VERSION or NAME@ALIAS.")
        var model: String

        @Option(help: "The training data, if it is not where the bundle's manifest says.")
        var data: String?

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var output: ReportOutputOptions

        func run() async throws {
            try await runReporting {
                guard ModelReference(model) != nil else {
                    throw CLIError("'\(model.prefix(120))' is not NAME, NAME:VERSION or NAME@ALIAS\(referenceProblem(model))")
                }
                let resolved = try await ModelResolver.resolve(model, storeOptions: storeOptions)
                guard let record = resolved.record else { throw CLIError("'\(model)' is not a registered model") }
                let bundle = resolved.loaded.bundle
                let store = try await storeOptions.openExisting(readOnly: true)
                var sweep: SweepRecord?
                if let id = record.sweepID { sweep = try await store.sweep(id: id) }
                var trial: TrialDetail?
                if let id = record.trialID { trial = try await store.trial(id: id) }
                let labels = try HoldoutData.labels(for: bundle, dataOverride: data)
                let manifest = bundle.manifest
                let cv = try record.crossValidationMetrics()
                let parameters = try record.parameterTexts().sorted { $0.key < $1.key }
                    .map { ReportParameter($0.key, $0.value) }
                let report = ModelReport(
                    name: record.name, version: record.version, aliases: record.aliases,
                    digest: "sha256:" + record.digest, bundlePath: record.artifact.filePath.map(FilePaths.display) ?? record.artifact.stored,
                    lineage: .init(
                        sweepID: record.sweepID ?? 0, sweepName: sweep?.name ?? "?", trialID: record.trialID ?? 0,
                        trialNumber: trial?.summary.number ?? 0, specHash: sweep?.specHash,
                        datasetDescription: manifest.training.datasetSource,
                        datasetSHA256: manifest.training.datasetSHA256, foldHash: sweep?.foldHash,
                        command: sweep?.command, seed: manifest.training.seed),
                    parameters: parameters, metric: sweep?.metric ?? "roc_auc", threshold: bundle.threshold,
                    crossValidationMetrics: cv.mapValues { MetricSummaryValue(mean: $0.mean ?? .nan, std: $0.std ?? .nan) },
                    holdoutMetrics: manifest.metrics.holdout,
                    holdoutLabels: labels, holdoutProbabilities: bundle.holdout.map(\.probability),
                    selectedFeatures: bundle.features.features.map {
                        ModelReport.SelectedFeature(name: $0.name, column: $0.column, fScore: $0.fScore, pValue: $0.pValue)
                    },
                    preparation: .init(imputation: bundle.pipeline.imputer?.strategy.rawValue,
                                       resampling: parameters.first { $0.name == "resampling" }?.value),
                    schema: .init(featureNames: manifest.inputSchema.features, labelName: manifest.inputSchema.label,
                                  classNames: LabelEncoding(negative: bundle.classNames[0], positive: bundle.classNames[1])),
                    promotion: .init(by: record.promotedBy, at: record.promotedAt, note: record.command),
                    expVersion: manifest.environment["exp"],
                    environment: manifest.environment.sorted { $0.key < $1.key }.map { ReportParameter($0.key, $0.value) },
                    options: .init(fileName: output.name.map { output.fileName(default: $0) }, generatedBy: "exp \(ExpVersion.current)"))
                let rendered = try report.render()
                output.announce(try output.write(rendered), rendered)
            }
        }
    }
}

/// `{"mean": m, "std": s}` as the registry stores it (null for NaN).
extension HoldoutData {
    /// The 0/1 labels of a bundle's holdout rows, from its training data (SHA-256 checked).
    static func labels(for bundle: ModelBundle, dataOverride: String?) throws -> [Int] {
        let dataset = try dataset(for: bundle, dataOverride: dataOverride)
        return bundle.holdout.map { dataset.labels[$0.rowID] }
    }
}
