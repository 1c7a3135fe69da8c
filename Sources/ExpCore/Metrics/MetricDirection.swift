/// Whether a larger or a smaller value of a metric is better, for picking the best run, trial or
/// epoch. NaN (an undefined metric) is never better than anything, and any number beats NaN.
///
/// sklearn's naming rule: `*_score` is maximised, `*_loss` and `*_error` are minimised.
public enum MetricDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Larger is better (ROC-AUC, average precision, accuracy, precision, recall, F1).
    case higherIsBetter = "higher_is_better"
    /// Smaller is better (log-loss, Brier score).
    case lowerIsBetter = "lower_is_better"

    /// Whether `candidate` strictly improves on `incumbent`; ties keep the incumbent.
    public func isBetter(_ candidate: Double, than incumbent: Double) -> Bool {
        if candidate.isNaN { return false }
        if incumbent.isNaN { return true }
        switch self {
        case .higherIsBetter: return candidate > incumbent
        case .lowerIsBetter: return candidate < incumbent
        }
    }
}
