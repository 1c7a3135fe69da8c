/// Precision and recall at every distinct score, ordered by increasing threshold.
///
/// sklearn: `precision_recall_curve(y_true, y_score)` (1.9 semantics, `drop_intermediate=False`).
/// Element `i` of ``precisions`` and ``recalls`` belongs to the classifier
/// `score >= thresholds[i]`; the arrays hold one more element than ``thresholds``, the point
/// precision 1, recall 0, which has no threshold. Recall decreases along the arrays.
///
/// ```swift
/// let pr = try PrecisionRecallCurve(labels: [0, 1, 0, 1], scores: [0.5, 0.5, 0.2, 0.9])
/// pr.precisions  // [0.5, 0.666…, 1, 1]
/// pr.recalls     // [1, 1, 0.5, 0]
/// pr.thresholds  // [0.2, 0.5, 0.9]
/// ```
public struct PrecisionRecallCurve: Sendable, Equatable {
    /// TP / (TP + FP) at each threshold, then 1.
    public let precisions: [Double]
    /// TP / P at each threshold, then 0. When there are no positive labels, sklearn sets every
    /// recall to 1 (before the final 0) and warns, see ``warnings``.
    public let recalls: [Double]
    /// The distinct scores, increasing.
    public let thresholds: [Double]
    /// ``MetricWarning/noPositiveLabels`` when the labels hold no positive, otherwise empty.
    public let warnings: [MetricWarning]

    /// The curve for `labels` (0 or 1) and finite `scores`.
    /// - Throws: ``ExpCoreError`` when the lengths differ, the input is empty, a label is not 0 or
    ///   1, or a score is not finite.
    public init(labels: [Int], scores: [Double]) throws {
        try BinaryMetrics.checkInputs(labels: labels, scores: scores, requireProbabilities: false)
        let curve = BinaryClassifierCurve(labels: labels, scores: scores)
        var precisions: [Double] = []
        var recalls: [Double] = []
        var thresholds: [Double] = []
        precisions.reserveCapacity(curve.count + 1)
        recalls.reserveCapacity(curve.count + 1)
        thresholds.reserveCapacity(curve.count)
        for k in stride(from: curve.count - 1, through: 0, by: -1) {
            precisions.append(curve.precision(at: k))
            recalls.append(curve.recall(at: k))
            thresholds.append(curve.thresholds[k])
        }
        precisions.append(1)
        recalls.append(0)
        self.precisions = precisions
        self.recalls = recalls
        self.thresholds = thresholds
        self.warnings = curve.positives == 0 ? [.noPositiveLabels] : []
    }

    /// Average precision of this curve, `max(0, −Σ diff(recalls)·precisions[:-1])`, summed in
    /// index order. It equals ``BinaryMetrics/averagePrecision(labels:scores:)`` bit for bit.
    public var averagePrecision: Double {
        var sum = 0.0
        for i in 0..<(recalls.count - 1) {
            sum += (recalls[i + 1] - recalls[i]) * precisions[i]
        }
        let ap = -sum
        return ap > 0 ? ap : 0
    }
}
