/// Typed, strict access to the JSON fields of stored records. Each accessor decodes in one place
/// and throws ``DomainError/corruptRecord(record:field:reason:)`` naming the record and the field,
/// so a damaged record is an error, never an empty value.

extension TrialSummary {
    /// How errors name this trial: "trial 12 (#3 of sweep 2)".
    public var recordName: String { "trial \(id) (#\(number) of sweep \(sweepID))" }

    /// The trial's parameters.
    public func parameters() throws(DomainError) -> TrialParameters {
        try StoredJSON.decode(TrialParameters.self, paramsJSON, record: recordName, field: "params_json")
    }

    /// The trial's parameters as display text, keyed by their scikit-learn names.
    public func parameterTexts() throws(DomainError) -> [String: String] {
        try StoredJSON.decode([String: ParameterText].self, paramsJSON, record: recordName, field: "params_json")
            .mapValues(\.text)
    }
}

extension ClaimedTrial {
    /// How errors name this trial: "trial 12 (#3 of sweep 2)".
    public var recordName: String { "trial \(id) (#\(number) of sweep \(sweepID))" }

    /// The parameters the claimed trial runs with.
    public func parameters() throws(DomainError) -> TrialParameters {
        try StoredJSON.decode(TrialParameters.self, paramsJSON, record: recordName, field: "params_json")
    }
}

extension TrialDetail {
    /// The curves of each fold, in fold order.
    public func curves() throws(DomainError) -> [FoldCurves] {
        var curves: [FoldCurves] = []
        for fold in folds {
            curves.append(try FoldCurves.decode(fold.curvesJSON, record: "\(summary.recordName), fold \(fold.fold)"))
        }
        return curves
    }
}

extension SweepRecord {
    /// How errors name this sweep: "sweep 2 'bankruptcy-mlp'".
    public var recordName: String { "sweep \(id) '\(name)'" }

    /// The spec stored with the sweep.
    public func storedSpec() throws(DomainError) -> StoredSpec {
        try StoredSpec.decode(specJSON, record: recordName)
    }
}

extension ModelVersionRecord {
    /// How errors name this version: "model fraud:3".
    public var recordName: String { "model \(name):\(version)" }

    /// The promoted trial's parameters as display text, keyed by their scikit-learn names.
    public func parameterTexts() throws(DomainError) -> [String: String] {
        try StoredJSON.decode([String: ParameterText].self, paramsJSON, record: recordName, field: "params_json")
            .mapValues(\.text)
    }

    /// The trial's cross-validated metrics (a NaN or missing mean or std reads as nil).
    public func crossValidationMetrics() throws(DomainError) -> [String: StoredMetricSummary] {
        try StoredJSON.decode([String: StoredMetricSummary].self, cvMetricsJSON, record: recordName, field: "cv_metrics_json")
    }

    /// The holdout metrics measured at promotion (nil: undefined on the holdout rows).
    public func holdoutMetrics() throws(DomainError) -> [String: Double?] {
        try StoredJSON.decode([String: Double?].self, holdoutMetricsJSON, record: recordName, field: "holdout_metrics_json")
    }
}

/// A metric summary as the registry stores it: `{"mean": 0.9, "std": 0.01}`, where JSON `null`
/// stands for an undefined (NaN) value.
public struct StoredMetricSummary: Sendable, Hashable, Codable {
    public var mean: Double?
    public var std: Double?

    public init(mean: Double?, std: Double?) {
        self.mean = mean
        self.std = std
    }
}
