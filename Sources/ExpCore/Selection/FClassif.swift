/// The one-way ANOVA F-test of each feature against class labels, with its p-values.
///
/// sklearn: `sklearn.feature_selection.f_classif(X, y)`, which calls
/// `sklearn.feature_selection._univariate_selection.f_oneway` (the same statistic as
/// `scipy.stats.f_oneway`), and `scipy.special.fdtrc` for the p-values.
///
/// The arithmetic replicates sklearn's recipe operation for operation, so F matches sklearn to
/// the last bit on C-ordered input (and so does the p-value up to ``FDistribution`` accuracy):
/// for each class k in ascending label order, S_k and Q_k are the sums of x and x·x over that
/// class's rows, added sequentially in row order (numpy's axis-0 sum over the C-contiguous masked
/// copy). Then, per feature,
///
///     ss    = (0 + Q_0) + Q_1 + …          T     = ((0 + S_0) + S_1 + …)²
///     sstot = ss − T/n                      ssb   = 0 + S_0²/n_0 + S_1²/n_1 + … − T/n
///     ssw   = sstot − ssb                   F     = (ssb/(K − 1)) / (ssw/(n − K))
///     p     = fdtrc(K − 1, n − K, F)
///
/// This sum-of-squares form is what sklearn computes; it is ill-conditioned (up to 1.6e-5 relative
/// off the exact F on the Taiwan data), and replicating it is what makes feature rankings agree.
/// A feature that is constant gives 0/0 = NaN for both F and p, as in sklearn; rounding residue can
/// also give a meaningless finite F (even a negative one, whose p-value is NaN), exactly as sklearn
/// does. Zero within-class variance with distinct class means gives F = +∞ and p = 0.
///
/// ```swift
/// let test = try FClassif.compute(x, labels: y)
/// test.scores    // F per feature
/// test.pValues   // p per feature
/// ```
public struct FClassif: Sendable, Equatable, Codable {
    /// F-statistic per feature (sklearn: the first value returned by `f_classif`). NaN for a
    /// constant feature.
    public let scores: [Double]
    /// p-value per feature (sklearn: the second value returned by `f_classif`). NaN where the
    /// score is NaN or negative.
    public let pValues: [Double]
    /// The distinct labels in ascending order; class k of the recipe is `classLabels[k]`.
    public let classLabels: [Int]
    /// Rows per class, in the order of ``classLabels``.
    public let classCounts: [Int]
    /// Features whose within-class mean square is exactly 0, reported as sklearn's warning
    /// "Features […] are constant." does: only when some between-class mean square is also 0.
    public let constantFeatureIndices: [Int]

    /// Numerator degrees of freedom, K − 1.
    public var degreesOfFreedomBetween: Int { classLabels.count - 1 }
    /// Denominator degrees of freedom, n − K.
    public var degreesOfFreedomWithin: Int { classCounts.reduce(0, +) - classLabels.count }

    /// Computes F and p for every column of `x` against `labels`.
    ///
    /// - Parameters:
    ///   - x: n × p features; every value must be finite (sklearn's `check_X_y`).
    ///   - labels: n class labels, any integers; at least two distinct values.
    /// - Returns: The scores and p-values.
    /// - Throws: ``ExpCoreError/shapeMismatch(_:)`` if `labels.count != x.rows`;
    ///   ``ExpCoreError/singleClass(label:)`` with fewer than two classes (sklearn would return NaN
    ///   everywhere); ``ExpCoreError/insufficientSamples(_:)`` if n = 0 or n ≤ K (no within-class
    ///   degrees of freedom); ``ExpCoreError/nonFiniteInput(row:column:)`` for NaN or ±∞ in `x`.
    public static func compute(_ x: Matrix<Double>, labels: [Int]) throws -> FClassif {
        let n = x.rows
        let p = x.columns
        guard labels.count == n else {
            throw ExpCoreError.shapeMismatch("\(labels.count) labels for \(n) rows")
        }
        guard n > 0 else { throw ExpCoreError.insufficientSamples("f_classif needs at least one row") }
        let classLabels = Array(Set(labels)).sorted()
        guard classLabels.count >= 2 else { throw ExpCoreError.singleClass(label: labels.first ?? 0) }
        let classCount = classLabels.count
        guard n > classCount else {
            throw ExpCoreError.insufficientSamples(
                "f_classif needs more rows (\(n)) than classes (\(classCount))")
        }
        var indexOfLabel: [Int: Int] = [:]
        for (k, label) in classLabels.enumerated() { indexOfLabel[label] = k }
        var classOfRow = [Int](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: classCount)
        for (i, label) in labels.enumerated() {
            let k = indexOfLabel[label] ?? 0
            classOfRow[i] = k
            counts[k] += 1
        }

        // S_k and Q_k, class k's row-order sequential sums, stored k-major: [k * p + j].
        var sums = [Double](repeating: 0, count: classCount * p)
        var squares = [Double](repeating: 0, count: classCount * p)
        accumulate(x.elements, columns: p, classOfRow: classOfRow, sums: &sums, squares: &squares)
        // Non-finite input shows up in the sums; finite input whose squares overflow carries on, as
        // numpy does.
        if sums.contains(where: { !$0.isFinite }) || squares.contains(where: { !$0.isFinite }),
            let (row, column) = firstNonFinite(x)
        {
            throw ExpCoreError.nonFiniteInput(row: row, column: column)
        }

        let nTotal = Double(n)
        let dfBetween = Double(classCount - 1)
        let dfWithin = Double(n - classCount)
        var scores = [Double](repeating: 0, count: p)
        var meanSquaresBetween = [Double](repeating: 0, count: p)
        var meanSquaresWithin = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var ss = 0.0
            var total = 0.0
            for k in 0..<classCount {
                ss += squares[k * p + j]
                total += sums[k * p + j]
            }
            let squareOfTotal = total * total
            let sstot = ss - squareOfTotal / nTotal
            var ssb = 0.0
            for k in 0..<classCount {
                let s = sums[k * p + j]
                ssb += (s * s) / Double(counts[k])
            }
            ssb -= squareOfTotal / nTotal
            let ssw = sstot - ssb
            let msb = ssb / dfBetween
            let msw = ssw / dfWithin
            meanSquaresBetween[j] = msb
            meanSquaresWithin[j] = msw
            scores[j] = msb / msw
        }
        let pValues = scores.map { FDistribution.survival($0, dfn: dfBetween, dfd: dfWithin) }

        // sklearn: `if np.nonzero(msb)[0].size != n_features and constant_features_idx.size: warn`.
        var constant: [Int] = []
        if meanSquaresBetween.contains(where: { $0 == 0 }) {
            constant = (0..<p).filter { meanSquaresWithin[$0] == 0 }
        }
        return FClassif(
            scores: scores, pValues: pValues, classLabels: classLabels, classCounts: counts,
            constantFeatureIndices: constant)
    }

    /// Adds row i of `elements` (and its squares) into class `classOfRow[i]`'s accumulators,
    /// rows in order: per column, a strictly sequential sum. Rows outer, columns inner, so the
    /// inner loop is independent across columns and vectorizes.
    private static func accumulate(
        _ elements: [Double], columns p: Int, classOfRow: [Int],
        sums: inout [Double], squares: inout [Double]
    ) {
        let source = elements.span
        var s = sums.mutableSpan
        var q = squares.mutableSpan
        for (i, k) in classOfRow.enumerated() {
            let rowBase = i * p
            let classBase = k * p
            for j in 0..<p {
                let v = source[rowBase + j]
                s[classBase + j] += v
                q[classBase + j] += v * v
            }
        }
    }

    /// The first (row, column) holding NaN or ±∞, row by row.
    static func firstNonFinite(_ x: Matrix<Double>) -> (row: Int, column: Int)? {
        guard let index = x.elements.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (index / x.columns, index % x.columns)
    }
}
