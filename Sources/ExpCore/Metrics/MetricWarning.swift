/// Why a metric fell back to a default value: the cases in which scikit-learn warns instead of
/// computing the metric. The raw value is a stable snake_case identifier for persistence;
/// ``message`` is sklearn's warning text.
public enum MetricWarning: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// ROC-AUC with one class in the labels: the value is NaN.
    /// sklearn: `roc_auc_score`, `UndefinedMetricWarning`.
    case rocAUCSingleClass = "roc_auc_single_class"
    /// No positive labels: average precision is 0 and the PR curve's recall is set to 1.
    /// sklearn: `precision_recall_curve` / `average_precision_score`, `UserWarning`.
    case noPositiveLabels = "no_positive_labels"
    /// ROC curve without negative labels: the false-positive rates are NaN.
    /// sklearn: `roc_curve`, `UndefinedMetricWarning`.
    case rocNoNegativeLabels = "roc_no_negative_labels"
    /// ROC curve without positive labels: the true-positive rates are NaN.
    /// sklearn: `roc_curve`, `UndefinedMetricWarning`.
    case rocNoPositiveLabels = "roc_no_positive_labels"
    /// Nothing predicted positive: precision is 0 (`zero_division=0`).
    /// sklearn: `precision_score` with `zero_division="warn"`, `UndefinedMetricWarning`.
    case precisionNoPredictedPositives = "precision_no_predicted_positives"
    /// No positive labels: recall is 0 (`zero_division=0`).
    /// sklearn: `recall_score` with `zero_division="warn"`, `UndefinedMetricWarning`.
    case recallNoPositiveLabels = "recall_no_positive_labels"
    /// No positive labels and nothing predicted positive: F1 is 0 (`zero_division=0`).
    /// sklearn: `f1_score` with `zero_division="warn"`, `UndefinedMetricWarning`.
    case f1NoPositives = "f1_no_positives"

    /// The metric whose value this warning qualifies; nil for the curve-only warnings.
    public var metric: BinaryMetric? {
        switch self {
        case .rocAUCSingleClass: .rocAUC
        case .noPositiveLabels: .averagePrecision
        case .rocNoNegativeLabels, .rocNoPositiveLabels: nil
        case .precisionNoPredictedPositives: .precision
        case .recallNoPositiveLabels: .recall
        case .f1NoPositives: .f1
        }
    }

    /// scikit-learn 1.9.1's warning message, verbatim.
    public var message: String {
        switch self {
        case .rocAUCSingleClass:
            "Only one class is present in y_true. ROC AUC score is not defined in that case."
        case .noPositiveLabels:
            "No positive class found in y_true, recall is set to one for all thresholds."
        case .rocNoNegativeLabels:
            "No negative samples in y_true, false positive value should be meaningless"
        case .rocNoPositiveLabels:
            "No positive samples in y_true, true positive value should be meaningless"
        case .precisionNoPredictedPositives:
            "Precision is ill-defined and being set to 0.0 due to no predicted samples. "
                + "Use `zero_division` parameter to control this behavior."
        case .recallNoPositiveLabels:
            "Recall is ill-defined and being set to 0.0 due to no true samples. "
                + "Use `zero_division` parameter to control this behavior."
        case .f1NoPositives:
            "F-score is ill-defined and being set to 0.0 due to no true nor predicted samples. "
                + "Use `zero_division` parameter to control this behavior."
        }
    }

    public var description: String { message }
}
