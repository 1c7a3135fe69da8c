/// The 2×2 confusion matrix of binary predictions and the threshold metrics derived from it.
///
/// sklearn: `confusion_matrix(y_true, y_pred, labels=[0, 1])` = `[[TN, FP], [FN, TP]]`
/// (see ``rows``), with `accuracy_score`, and `precision_score`, `recall_score` and `f1_score`
/// at `zero_division=0`.
///
/// ```swift
/// let matrix = try ConfusionMatrix(labels: [0, 1, 1], scores: [0.2, 0.5, 0.4], threshold: 0.5)
/// matrix.rows      // [[1, 0], [1, 1]]
/// matrix.f1        // 0.666…
/// ```
public struct ConfusionMatrix: Sendable, Hashable, Codable {
    /// Negatives predicted negative (TN).
    public let trueNegatives: Int
    /// Negatives predicted positive (FP).
    public let falsePositives: Int
    /// Positives predicted negative (FN).
    public let falseNegatives: Int
    /// Positives predicted positive (TP).
    public let truePositives: Int

    /// A matrix from its four counts, which must not be negative.
    public init(trueNegatives: Int, falsePositives: Int, falseNegatives: Int, truePositives: Int) {
        precondition(
            trueNegatives >= 0 && falsePositives >= 0 && falseNegatives >= 0 && truePositives >= 0,
            "negative count")
        self.trueNegatives = trueNegatives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.truePositives = truePositives
    }

    /// The matrix of hard predictions.
    ///
    /// sklearn: `confusion_matrix(labels, predictions, labels=[0, 1])`.
    /// - Throws: ``ExpCoreError`` when the lengths differ, the input is empty, or a label or a
    ///   prediction is not 0 or 1.
    public init(labels: [Int], predictions: [Int]) throws {
        guard labels.count == predictions.count else {
            throw ExpCoreError.shapeMismatch(
                "labels has \(labels.count) elements but predictions has \(predictions.count)")
        }
        try BinaryMetrics.checkLabels(labels, name: "labels")
        try BinaryMetrics.checkLabels(predictions, name: "predictions")
        var counts = (tn: 0, fp: 0, fn: 0, tp: 0)
        for i in labels.indices {
            switch (labels[i], predictions[i]) {
            case (0, 0): counts.tn += 1
            case (0, _): counts.fp += 1
            case (_, 0): counts.fn += 1
            default: counts.tp += 1
            }
        }
        self.init(
            trueNegatives: counts.tn, falsePositives: counts.fp,
            falseNegatives: counts.fn, truePositives: counts.tp)
    }

    /// The matrix of the predictions `score >= threshold` (so a score equal to the threshold
    /// counts as positive, like `(proba >= 0.5).astype(int)`).
    /// - Throws: ``ExpCoreError`` when the lengths differ, the input is empty, a label is not 0 or
    ///   1, a score is not finite, or the threshold is NaN.
    public init(labels: [Int], scores: [Double], threshold: Double = 0.5) throws {
        try BinaryMetrics.checkInputs(labels: labels, scores: scores, requireProbabilities: false)
        try BinaryMetrics.checkThreshold(threshold)
        self.init(validatedLabels: labels, scores: scores, threshold: threshold)
    }

    /// The thresholded matrix on input that has already been validated.
    init(validatedLabels labels: [Int], scores: [Double], threshold: Double) {
        var tn = 0, fp = 0, fn = 0, tp = 0
        for i in labels.indices {
            let predictedPositive = scores[i] >= threshold
            if labels[i] == 1 {
                if predictedPositive { tp += 1 } else { fn += 1 }
            } else {
                if predictedPositive { fp += 1 } else { tn += 1 }
            }
        }
        self.init(trueNegatives: tn, falsePositives: fp, falseNegatives: fn, truePositives: tp)
    }

    /// sklearn's layout, rows = true class and columns = predicted class, in label order [0, 1]:
    /// `[[TN, FP], [FN, TP]]`.
    public var rows: [[Int]] { [[trueNegatives, falsePositives], [falseNegatives, truePositives]] }

    /// The number of samples.
    public var total: Int { trueNegatives + falsePositives + falseNegatives + truePositives }

    /// The number of positive labels, TP + FN.
    public var positives: Int { truePositives + falseNegatives }

    /// The number of positive predictions, TP + FP.
    public var predictedPositives: Int { truePositives + falsePositives }

    /// (TP + TN) / n; NaN for an empty matrix. sklearn: `accuracy_score`.
    public var accuracy: Double { Double(truePositives + trueNegatives) / Double(total) }

    /// TP / (TP + FP), or 0 when nothing is predicted positive.
    /// sklearn: `precision_score(..., zero_division=0)`.
    public var precision: Double {
        predictedPositives == 0 ? 0 : Double(truePositives) / Double(predictedPositives)
    }

    /// TP / (TP + FN), or 0 when there are no positive labels.
    /// sklearn: `recall_score(..., zero_division=0)`.
    public var recall: Double {
        positives == 0 ? 0 : Double(truePositives) / Double(positives)
    }

    /// The harmonic mean of precision and recall, computed from the counts as sklearn does:
    /// 2·TP / (2·TP + FP + FN), or 0 when that denominator is 0.
    /// sklearn: `f1_score(..., zero_division=0)` (`fbeta_score` with β = 1).
    public var f1: Double {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator == 0 ? 0 : Double(2 * truePositives) / Double(denominator)
    }

    /// The threshold metrics that fell back to `zero_division = 0`: the cases in which sklearn's
    /// default `zero_division="warn"` emits an `UndefinedMetricWarning`. Empty when all are defined.
    public var warnings: [MetricWarning] {
        var result: [MetricWarning] = []
        if predictedPositives == 0 { result.append(.precisionNoPredictedPositives) }
        if positives == 0 { result.append(.recallNoPositiveLabels) }
        if truePositives + falsePositives + falseNegatives == 0 { result.append(.f1NoPositives) }
        return result
    }
}
