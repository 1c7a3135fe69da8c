/// The metrics that ``BinaryMetrics/evaluate(labels:scores:threshold:)`` computes, under their
/// stable snake_case names (the raw values), in reporting order.
public enum BinaryMetric: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// sklearn: `roc_auc_score`.
    case rocAUC = "roc_auc"
    /// sklearn: `average_precision_score`.
    case averagePrecision = "average_precision"
    /// sklearn: `log_loss(labels=[0, 1])`.
    case logLoss = "log_loss"
    /// sklearn: `brier_score_loss`.
    case brier = "brier"
    /// sklearn: `accuracy_score`.
    case accuracy = "accuracy"
    /// sklearn: `precision_score(zero_division=0)`.
    case precision = "precision"
    /// sklearn: `recall_score(zero_division=0)`.
    case recall = "recall"
    /// sklearn: `f1_score(zero_division=0)`.
    case f1 = "f1"

    /// The stable name under which the metric is stored and reported.
    public var name: String { rawValue }

    /// Higher is better for every metric except the two losses, `log_loss` and `brier`.
    public var direction: MetricDirection {
        switch self {
        case .logLoss, .brier: .lowerIsBetter
        case .rocAUC, .averagePrecision, .accuracy, .precision, .recall, .f1: .higherIsBetter
        }
    }

    public var description: String { rawValue }
}
