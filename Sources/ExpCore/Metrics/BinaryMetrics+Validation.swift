/// Input validation shared by every metric: bad input is thrown at the boundary, so the kernels
/// (``BinaryClassifierCurve``, the sums) can assume valid data.
extension BinaryMetrics {
    /// Checks that `labels` and `scores` have the same non-zero length, that every label is 0 or
    /// 1, and that every score is finite (and in [0, 1] when `requireProbabilities`).
    ///
    /// sklearn raises `ValueError` for each of these (`check_consistent_length`, `check_array`'s
    /// `ensure_min_samples=1` and finiteness check, and "y_prob contains values greater than 1 /
    /// less than 0" in `log_loss` and `brier_score_loss`).
    /// - Throws: `.shapeMismatch`, `.insufficientSamples`, `.invalidParameter(name: "labels")`,
    ///   `.nonFiniteInput(row: i, column: 0)` or `.invalidParameter(name: "scores")`.
    static func checkInputs(labels: [Int], scores: [Double], requireProbabilities: Bool) throws {
        guard labels.count == scores.count else {
            throw ExpCoreError.shapeMismatch(
                "labels has \(labels.count) elements but scores has \(scores.count)")
        }
        try checkLabels(labels, name: "labels")
        for (i, score) in scores.enumerated() {
            guard score.isFinite else { throw ExpCoreError.nonFiniteInput(row: i, column: 0) }
            if requireProbabilities && !(score >= 0 && score <= 1) {
                throw ExpCoreError.invalidParameter(
                    name: "scores", reason: "scores[\(i)] = \(score) is not a probability in [0, 1]")
            }
        }
    }

    /// Checks that `values` is non-empty and holds only 0 and 1.
    /// - Throws: `.insufficientSamples` or `.invalidParameter(name: name)`.
    static func checkLabels(_ values: [Int], name: String) throws {
        guard !values.isEmpty else {
            throw ExpCoreError.insufficientSamples("\(name) is empty; a metric needs at least one sample")
        }
        for (i, value) in values.enumerated() where value != 0 && value != 1 {
            throw ExpCoreError.invalidParameter(
                name: name, reason: "\(name)[\(i)] = \(value); binary labels must be 0 or 1")
        }
    }

    /// Checks that a decision threshold is a number.
    /// - Throws: `.invalidParameter(name: "threshold")` for NaN.
    static func checkThreshold(_ threshold: Double) throws {
        guard !threshold.isNaN else {
            throw ExpCoreError.invalidParameter(name: "threshold", reason: "the threshold is NaN")
        }
    }
}
