/// Keeps the k features with the highest ANOVA F-scores (``FClassif``).
///
/// sklearn: `sklearn.feature_selection.SelectKBest(score_func=f_classif, k=k)`. The selection
/// copies `SelectKBest._get_support_mask`: NaN scores become the most negative finite double
/// (`_clean_nans`: `np.finfo(float64).min`), the scores are argsorted ascending with a stable sort
/// (`kind="mergesort"`), and the last k indices are kept. So **ties go to the higher column
/// index**, and constant features (NaN) rank below every finite score.
///
/// ```swift
/// let selector = try SelectKBest.fit(x, labels: y, k: 20)
/// selector.selectedIndices          // ascending column indices
/// let reduced = selector.transform(x)
/// ```
public struct SelectKBest: Sendable, Equatable, Codable {
    /// F-score per input feature (sklearn: `scores_`). May hold NaN (constant features) and +∞,
    /// so a JSON encoder needs a `nonConformingFloatEncodingStrategy`.
    public let scores: [Double]
    /// p-value per input feature (sklearn: `pvalues_`).
    public let pValues: [Double]
    /// The number of features kept (sklearn: `k`; `k == featureCount` is sklearn's `"all"`).
    public let k: Int
    /// The number of input features (sklearn: `n_features_in_`).
    public let featureCount: Int
    /// The kept columns in ascending order (sklearn: `get_support(indices=True)`).
    public let selectedIndices: [Int]

    /// Scores the features of `x` with ``FClassif`` and keeps the best `k`.
    ///
    /// - Parameters:
    ///   - x: n × p features, all finite.
    ///   - labels: n class labels with at least two distinct values.
    ///   - k: How many features to keep, in 1...p.
    /// - Throws: ``ExpCoreError/invalidParameter(name:reason:)`` naming `k_best` when k is outside
    ///   1...p, and the errors of ``FClassif/compute(_:labels:)``.
    public static func fit(_ x: Matrix<Double>, labels: [Int], k: Int) throws -> SelectKBest {
        try validate(k: k, featureCount: x.columns)
        let test = try FClassif.compute(x, labels: labels)
        return try SelectKBest(scores: test.scores, pValues: test.pValues, k: k)
    }

    /// A selector over precomputed scores (e.g. one ``FClassif`` shared by several values of k).
    ///
    /// - Throws: ``ExpCoreError/invalidParameter(name:reason:)`` naming `k_best` when k is outside
    ///   1...scores.count; ``ExpCoreError/shapeMismatch(_:)`` if the two arrays differ in length.
    public init(scores: [Double], pValues: [Double], k: Int) throws {
        guard scores.count == pValues.count else {
            throw ExpCoreError.shapeMismatch("\(scores.count) scores but \(pValues.count) p-values")
        }
        try Self.validate(k: k, featureCount: scores.count)
        self.scores = scores
        self.pValues = pValues
        self.k = k
        self.featureCount = scores.count
        self.selectedIndices = Self.supportIndices(scores: scores, k: k)
    }

    /// The columns sklearn's `_get_support_mask` keeps, in ascending order.
    ///
    /// NaN → `-Double.greatestFiniteMagnitude`; ascending order by (score, index), which is what a
    /// stable argsort gives; the last k of that order. `k` must lie in 0...scores.count.
    public static func supportIndices(scores: [Double], k: Int) -> [Int] {
        precondition(k >= 0 && k <= scores.count, "k out of range")
        let cleaned = scores.map { $0.isNaN ? -Double.greatestFiniteMagnitude : $0 }
        let order = cleaned.indices.sorted { lhs, rhs in
            cleaned[lhs] < cleaned[rhs] || (cleaned[lhs] == cleaned[rhs] && lhs < rhs)
        }
        return order.suffix(k).sorted()
    }

    /// The selected columns of `x`, in ascending column order (sklearn: `transform`).
    ///
    /// `x` must have ``featureCount`` columns (a precondition; validate user input at the boundary).
    public func transform<S: KernelScalar>(_ x: Matrix<S>) -> Matrix<S> {
        precondition(x.columns == featureCount, "expected \(featureCount) columns, got \(x.columns)")
        return x.selectingColumns(selectedIndices)
    }

    private static func validate(k: Int, featureCount: Int) throws {
        guard k >= 1 && k <= featureCount else {
            throw ExpCoreError.invalidParameter(
                name: "k_best", reason: "k = \(k) must lie in 1...\(featureCount) (the number of features)")
        }
    }
}
