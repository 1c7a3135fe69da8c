import ExpDomain
import ExpBundle
import ExpCore
import ExpData
import ExpRunner
import ExpStore
import Foundation

/// Turns a re-fitted trial into the bundle that `exp promote` writes.
///
/// Everything in the bundle comes from the store, the spec, the data and the fit, never from the
/// clock or the user, so promoting the same trial twice gives the same bytes.
enum BundleAssembler {
    static func bundle(name: String, version: Int, trial: TrialDetail, context: SweepContext, model: FinalModel)
        throws -> ModelBundle
    {
        let dataset = context.dataset
        let parameters = try StoredJSON.decode([String: JSONValue].self, trial.summary.paramsJSON,
                                               record: trial.summary.recordName, field: "params_json")
        let environment = EnvironmentFingerprint.current(
            kernelMode: parameters["kernel"]?.stringValue ?? "separate",
            floatType: parameters["dtype"]?.stringValue ?? "float64")
        let manifest = BundleManifest(
            identity: .init(name: name, version: version, trialID: trial.summary.id, sweepID: trial.summary.sweepID),
            training: .init(parameters: parameters, seed: trial.summary.seed, datasetSHA256: dataset.sha256,
                            datasetSource: dataset.source, rows: model.trainingRows),
            inputSchema: .init(features: dataset.featureNames, label: dataset.labelName,
                               classNames: [dataset.classNames.negative, dataset.classNames.positive]),
            prediction: .init(threshold: context.spec.threshold, riskLevels: .default),
            metrics: .init(
                cv: trial.summary.metrics.mapValues { .init(mean: $0.mean, std: $0.std) },
                holdout: Dictionary(uniqueKeysWithValues: (model.holdoutMetrics?.entries ?? []).map { ($0.name, $0.value) })),
            environment: [
                "swift": environment.swiftVersion, "architecture": environment.architecture,
                "float_type": environment.floatType, "kernel": environment.kernelMode,
                "os": environment.operatingSystem, "exp": ExpVersion.current,
            ])
        return try ModelBundle(
            manifest: manifest, pipeline: model.pipeline,
            features: FeatureManifest(selection: model.selection, featureNames: dataset.featureNames),
            holdout: zip(model.holdoutRows, model.holdoutProbabilities).map { HoldoutPrediction(rowID: $0, probability: $1) })
    }

    /// `user@host`, for the promotion record.
    static var currentUser: String {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }

    /// Canonical JSON (sorted keys) of a metric map; NaN is written as null.
    static func json(_ metrics: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(metrics)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func value(_ x: Double) -> JSONValue { x.isFinite ? .double(x) : .null }
}
