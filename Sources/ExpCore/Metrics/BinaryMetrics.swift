/// Binary-classification metrics at parity with scikit-learn 1.9.1 (`sklearn.metrics`).
///
/// Labels are `[Int]` with 1 = positive and 0 = negative. Scores are `[Double]`, the estimated
/// P(positive) (the ranking metrics accept any finite score). Every function validates its
/// inputs and throws ``ExpCoreError`` on bad input; undefined but valid cases (one class only,
/// a zero denominator) return sklearn's fallback value instead, and ``evaluate(labels:scores:threshold:)``
/// lists them in ``MetricSet/warnings``.
///
/// Each call costs one O(n log n) sort at most, and every sum runs sequentially in index order,
/// so results are bit-for-bit reproducible. They agree with sklearn to ~1e-12 relative (numpy
/// sums with pairwise summation, which changes only the last bits).
///
/// ```swift
/// let metrics = try BinaryMetrics.evaluate(labels: [0, 1, 1], scores: [0.2, 0.7, 0.4])
/// metrics[name: "roc_auc"]  // 1.0
/// ```
public enum BinaryMetrics {
    /// The clipping bound of the log-loss, float64 machine epsilon (sklearn: `np.finfo(float64).eps`).
    public static let logLossEpsilon = Double.ulpOfOne

    // MARK: Ranking metrics

    /// The area under the ROC curve, with ties between scores counted as half a correct pair.
    ///
    /// sklearn: `roc_auc_score(y_true, y_score)`, i.e. `auc(*roc_curve(y_true, y_score)[:2])`
    /// with the default `drop_intermediate=True`, integrated by the trapezoid rule.
    /// - Returns: the AUC in [0, 1], or NaN when `labels` holds only one class (sklearn warns
    ///   `UndefinedMetricWarning` and returns NaN; see ``MetricWarning/rocAUCSingleClass``).
    /// - Throws: ``ExpCoreError`` when the lengths differ, the input is empty, a label is not 0 or
    ///   1, or a score is not finite.
    public static func rocAUC(labels: [Int], scores: [Double]) throws -> Double {
        try checkInputs(labels: labels, scores: scores, requireProbabilities: false)
        return BinaryClassifierCurve(labels: labels, scores: scores).rocArea()
    }

    /// Average precision: the precision at each threshold weighted by the increase in recall,
    /// `AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ`, without interpolation.
    ///
    /// sklearn: `average_precision_score(y_true, y_score)`, computed as
    /// `max(0, −Σ diff(recall)·precision[:-1])` over `precision_recall_curve`.
    /// - Returns: the AP in [0, 1]; 0.0 when there are no positive labels (sklearn sets recall to
    ///   one and warns, see ``MetricWarning/noPositiveLabels``) and 1.0 when every label is positive.
    /// - Throws: ``ExpCoreError`` on invalid input, as for ``rocAUC(labels:scores:)``.
    public static func averagePrecision(labels: [Int], scores: [Double]) throws -> Double {
        try checkInputs(labels: labels, scores: scores, requireProbabilities: false)
        return BinaryClassifierCurve(labels: labels, scores: scores).averagePrecision()
    }

    // MARK: Probability metrics

    /// The mean binary cross-entropy, `−mean(y·log p + (1 − y)·log(1 − p))`.
    ///
    /// sklearn: `log_loss(y_true, y_score, labels=[0, 1])`. As in sklearn, the two columns
    /// `[1 − p, p]` are each clipped to `[ε, 1 − ε]` with ε = ``logLossEpsilon``, so a confident
    /// wrong prediction costs at most −log ε ≈ 36.04. The labels are fixed to [0, 1], so a single
    /// class is valid here, where sklearn without `labels` raises `ValueError`. Logarithms come
    /// from ``ElementaryFunctions/log(_:)``, so the result does not depend on the machine's libm.
    /// - Throws: ``ExpCoreError`` on invalid input, or `.invalidParameter` when a score lies
    ///   outside [0, 1] (sklearn raises `ValueError` there too).
    public static func logLoss(labels: [Int], scores: [Double]) throws -> Double {
        try checkInputs(labels: labels, scores: scores, requireProbabilities: true)
        return uncheckedLogLoss(labels: labels, scores: scores)
    }

    /// The Brier score, the mean squared error of the probabilities, `mean((y − p)²)`.
    ///
    /// sklearn: `brier_score_loss(y_true, y_score)`, evaluated as sklearn does, on the two-column
    /// form: `0.5·mean(((1 − y) − (1 − p))² + (y − p)²)`.
    /// - Throws: ``ExpCoreError`` on invalid input, or `.invalidParameter` when a score lies
    ///   outside [0, 1] (sklearn raises `ValueError` there too).
    public static func brierScore(labels: [Int], scores: [Double]) throws -> Double {
        try checkInputs(labels: labels, scores: scores, requireProbabilities: true)
        return uncheckedBrierScore(labels: labels, scores: scores)
    }

    // MARK: Everything at once

    /// Every metric of ``BinaryMetric`` for one set of predictions, with one sort and a few linear passes.
    ///
    /// The threshold metrics use the prediction `score >= threshold` (so 0.5 counts as positive at
    /// the default threshold) and sklearn's `zero_division=0`.
    /// - Parameters:
    ///   - labels: the true labels, 0 or 1.
    ///   - scores: P(positive) for each sample, in [0, 1].
    ///   - threshold: the decision threshold of the threshold metrics; not NaN.
    /// - Returns: the metrics under their ``BinaryMetric`` names, in ``BinaryMetric/allCases``
    ///   order, and the ``MetricWarning``s for the metrics that fell back to a default value.
    /// - Throws: ``ExpCoreError`` on invalid input (see ``logLoss(labels:scores:)``) or a NaN
    ///   threshold.
    ///
    /// ```swift
    /// let set = try BinaryMetrics.evaluate(labels: y, scores: p, threshold: 0.5)
    /// let best = BinaryMetric.logLoss.direction.isBetter(set[.logLoss] ?? .nan, than: bestSoFar)
    /// ```
    public static func evaluate(
        labels: [Int], scores: [Double], threshold: Double = 0.5
    ) throws -> MetricSet {
        try checkInputs(labels: labels, scores: scores, requireProbabilities: true)
        try checkThreshold(threshold)
        let curve = BinaryClassifierCurve(labels: labels, scores: scores)
        let matrix = ConfusionMatrix(validatedLabels: labels, scores: scores, threshold: threshold)
        var warnings: [MetricWarning] = []
        if curve.positives == 0 || curve.negatives == 0 { warnings.append(.rocAUCSingleClass) }
        if curve.positives == 0 { warnings.append(.noPositiveLabels) }
        warnings += matrix.warnings
        let rocAUC = curve.rocArea()
        let averagePrecision = curve.averagePrecision()
        let logLoss = uncheckedLogLoss(labels: labels, scores: scores)
        let brier = uncheckedBrierScore(labels: labels, scores: scores)
        let values = BinaryMetric.allCases.map { metric -> Double in
            switch metric {
            case .rocAUC: rocAUC
            case .averagePrecision: averagePrecision
            case .logLoss: logLoss
            case .brier: brier
            case .accuracy: matrix.accuracy
            case .precision: matrix.precision
            case .recall: matrix.recall
            case .f1: matrix.f1
            }
        }
        return MetricSet(
            names: BinaryMetric.allCases.map(\.name),
            values: values,
            warnings: warnings)
    }

    // MARK: Curves

    /// The area under a curve by the trapezoid rule.
    ///
    /// sklearn: `auc(x, y)` (scipy `trapezoid`): `x` must be monotonic; when it is decreasing the
    /// sign of the area is flipped so the result is positive for a positive `y`.
    /// - Throws: `.insufficientSamples` for fewer than 2 points, `.shapeMismatch` when the lengths
    ///   differ, `.invalidParameter` when `x` is neither increasing nor decreasing.
    public static func auc(x: [Double], y: [Double]) throws -> Double {
        guard x.count == y.count else {
            throw ExpCoreError.shapeMismatch("x has \(x.count) points but y has \(y.count)")
        }
        guard x.count >= 2 else {
            throw ExpCoreError.insufficientSamples(
                "at least 2 points are needed to compute an area under a curve, got \(x.count)")
        }
        var anyDecrease = false
        var allNonIncreasing = true
        for k in 1..<x.count {
            let dx = x[k] - x[k - 1]
            if dx < 0 { anyDecrease = true }
            if !(dx <= 0) { allNonIncreasing = false }
        }
        var direction = 1.0
        if anyDecrease {
            guard allNonIncreasing else {
                throw ExpCoreError.invalidParameter(
                    name: "x", reason: "x is neither increasing nor decreasing")
            }
            direction = -1
        }
        return direction * trapezoidArea(x: x, y: y)
    }

    // MARK: Kernels shared by the metric types

    /// One trapezoid term as scipy's `trapezoid` writes it: `(x1 − x0)·(y1 + y0)/2`.
    @inline(__always)
    static func trapezoid(x0: Double, x1: Double, y0: Double, y1: Double) -> Double {
        (x1 - x0) * (y1 + y0) / 2
    }

    /// The trapezoid-rule integral, summed sequentially in index order. `x.count == y.count`.
    static func trapezoidArea(x: [Double], y: [Double]) -> Double {
        var area = 0.0
        for k in x.indices.dropFirst() {
            area += trapezoid(x0: x[k - 1], x1: x[k], y0: y[k - 1], y1: y[k])
        }
        return area
    }

    /// The log-loss on validated input (see ``logLoss(labels:scores:)``).
    static func uncheckedLogLoss(labels: [Int], scores: [Double]) -> Double {
        let low = logLossEpsilon
        let high = 1 - logLossEpsilon
        var sum = 0.0
        for i in labels.indices {
            // sklearn clips both columns of [1 − p, p]; xlogy with a zero label adds exactly 0.
            let p = labels[i] == 1 ? scores[i] : 1 - scores[i]
            let clipped = Swift.min(Swift.max(p, low), high)
            sum += -ElementaryFunctions.log(clipped)
        }
        return sum / Double(labels.count)
    }

    /// The Brier score on validated input (see ``brierScore(labels:scores:)``).
    static func uncheckedBrierScore(labels: [Int], scores: [Double]) -> Double {
        var sum = 0.0
        for i in labels.indices {
            let y = Double(labels[i])
            let p = scores[i]
            let negativeColumn = (1 - y) - (1 - p)
            let positiveColumn = y - p
            sum += negativeColumn * negativeColumn + positiveColumn * positiveColumn
        }
        return 0.5 * (sum / Double(labels.count))
    }
}
