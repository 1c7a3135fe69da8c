/// The receiver operating characteristic: false- and true-positive rates at every distinct score.
///
/// sklearn: `roc_curve(y_true, y_score, drop_intermediate=...)` (1.3+ semantics). Point `k` is
/// the classifier `score >= thresholds[k]`. The first point is (0, 0) at threshold +∞; thresholds
/// then decrease through the distinct scores. With `dropIntermediate` (sklearn's default), inner
/// points collinear with their neighbours are removed; that never changes the curve's shape or
/// area.
///
/// ```swift
/// let roc = try ROCCurve(labels: [0, 1, 0, 1], scores: [0.5, 0.5, 0.2, 0.9])
/// roc.falsePositiveRates  // [0, 0, 0.5, 1]
/// roc.thresholds          // [inf, 0.9, 0.5, 0.2]
/// roc.area                // 0.875
/// ```
public struct ROCCurve: Sendable, Equatable {
    /// Non-decreasing false-positive rates FP/N; all NaN when there are no negative labels.
    public let falsePositiveRates: [Double]
    /// Non-decreasing true-positive rates TP/P; all NaN when there are no positive labels.
    public let truePositiveRates: [Double]
    /// Decreasing thresholds; the first is +∞.
    public let thresholds: [Double]
    /// ``MetricWarning/rocNoNegativeLabels`` and/or ``MetricWarning/rocNoPositiveLabels`` when a
    /// class is absent and its rate is undefined (sklearn's `UndefinedMetricWarning`s).
    public let warnings: [MetricWarning]

    /// The curve for `labels` (0 or 1) and finite `scores`.
    /// - Parameter dropIntermediate: drop inner points where neither the FP nor the TP count
    ///   changes slope (sklearn's default, `true`).
    /// - Throws: ``ExpCoreError`` when the lengths differ, the input is empty, a label is not 0 or
    ///   1, or a score is not finite.
    public init(labels: [Int], scores: [Double], dropIntermediate: Bool = true) throws {
        try BinaryMetrics.checkInputs(labels: labels, scores: scores, requireProbabilities: false)
        let curve = BinaryClassifierCurve(labels: labels, scores: scores)
        let n = Double(curve.negatives)
        let p = Double(curve.positives)
        var fpr: [Double] = [0]
        var tpr: [Double] = [0]
        var thresholds: [Double] = [.infinity]
        fpr.reserveCapacity(curve.count + 1)
        tpr.reserveCapacity(curve.count + 1)
        thresholds.reserveCapacity(curve.count + 1)
        for k in 0..<curve.count where curve.rocKeepsPoint(k, dropIntermediate: dropIntermediate) {
            fpr.append(Double(curve.falsePositives[k]) / n)
            tpr.append(Double(curve.truePositives[k]) / p)
            thresholds.append(curve.thresholds[k])
        }
        var warnings: [MetricWarning] = []
        if curve.negatives == 0 {
            warnings.append(.rocNoNegativeLabels)
            fpr = Array(repeating: .nan, count: fpr.count)
        }
        if curve.positives == 0 {
            warnings.append(.rocNoPositiveLabels)
            tpr = Array(repeating: .nan, count: tpr.count)
        }
        self.falsePositiveRates = fpr
        self.truePositiveRates = tpr
        self.thresholds = thresholds
        self.warnings = warnings
    }

    /// The area under the curve by the trapezoid rule (sklearn: `auc(fpr, tpr)`). With the
    /// default `dropIntermediate` it equals ``BinaryMetrics/rocAUC(labels:scores:)`` bit for bit;
    /// NaN when a class is absent.
    public var area: Double {
        BinaryMetrics.trapezoidArea(x: falsePositiveRates, y: truePositiveRates)
    }
}
