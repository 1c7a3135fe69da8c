/// Standardizes features to zero mean and unit variance: z = (x − mean)/scale.
///
/// sklearn: `sklearn.preprocessing.StandardScaler()` (with_mean, with_std), fitted by
/// `_incremental_mean_and_var` from an empty state. The arithmetic is replicated so the fitted
/// values are bit-identical to sklearn's on C-ordered input:
///
///     mean  = (Σ x)/n                              sequential sums in row order
///     var   = (Σ (x − mean)² − (Σ (x − mean))²/n)/n  (population variance, ddof = 0)
///     scale = 1 if var ≤ n·ε·var + (n·mean·ε)²,      sklearn `_is_constant_feature`
///             else √var
///
/// so a constant (or numerically constant) feature is left centred but unscaled, and never divided
/// by zero.
///
/// Unlike sklearn, which skips NaN while fitting, the input must be finite: impute first
/// (``SimpleImputer``).
///
/// ```swift
/// let scaler = try StandardScaler.fit(xTrain)
/// let z = scaler.transform(xTest)
/// let z32 = scaler.transform(xTest, as: Float.self)
/// ```
public struct StandardScaler: Sendable, Equatable, Codable {
    /// Per-feature mean (sklearn: `mean_`).
    public let mean: [Double]
    /// Per-feature population variance (sklearn: `var_`).
    public let variance: [Double]
    /// Per-feature divisor (sklearn: `scale_`): √variance, or 1 for a constant feature.
    public let scale: [Double]
    /// The number of rows fitted on (sklearn: `n_samples_seen_`).
    public let samplesSeen: Int

    /// The number of features.
    public var featureCount: Int { mean.count }

    /// The features sklearn treats as constant (`scale_` forced to 1), ascending.
    public var constantFeatureIndices: [Int] {
        mean.indices.filter { Self.isConstantFeature(variance: variance[$0], mean: mean[$0], samples: samplesSeen) }
    }

    /// A scaler with given statistics (e.g. restored from a bundle).
    public init(mean: [Double], variance: [Double], scale: [Double], samplesSeen: Int) {
        precondition(mean.count == variance.count && mean.count == scale.count, "statistic lengths differ")
        self.mean = mean
        self.variance = variance
        self.scale = scale
        self.samplesSeen = samplesSeen
    }

    /// Fits the per-feature mean, variance and scale of `x`.
    ///
    /// - Parameter x: n × p, n ≥ 1, every value finite.
    /// - Throws: ``ExpCoreError/insufficientSamples(_:)`` for an empty matrix;
    ///   ``ExpCoreError/nonFiniteInput(row:column:)`` for NaN or ±∞;
    ///   ``ExpCoreError/overflow(column:statistic:)`` when finite values are too large for the
    ///   mean or variance to be representable (scikit-learn warns and returns NaN scales instead).
    public static func fit(_ x: Matrix<Double>) throws -> StandardScaler {
        let n = x.rows
        let p = x.columns
        guard n >= 1 else { throw ExpCoreError.insufficientSamples("StandardScaler needs at least one row") }
        let count = Double(n)

        var mean = [Double](repeating: 0, count: p)
        do {
            var sum = mean.mutableSpan
            let source = x.elements.span
            for i in 0..<n {
                let base = i * p
                for j in 0..<p { sum[j] += source[base + j] }
            }
        }
        if let column = mean.firstIndex(where: { !$0.isFinite }) {
            if let (row, column) = FClassif.firstNonFinite(x) {
                throw ExpCoreError.nonFiniteInput(row: row, column: column)
            }
            throw ExpCoreError.overflow(column: column, statistic: "mean")
        }
        for j in 0..<p { mean[j] /= count }

        // Corrected two-pass variance: Σ(x − m)² − (Σ(x − m))²/n.
        var correction = [Double](repeating: 0, count: p)
        var squares = [Double](repeating: 0, count: p)
        do {
            var c = correction.mutableSpan
            var q = squares.mutableSpan
            let m = mean.span
            let source = x.elements.span
            for i in 0..<n {
                let base = i * p
                for j in 0..<p {
                    let d = source[base + j] - m[j]
                    c[j] += d
                    q[j] += d * d
                }
            }
        }
        var variance = [Double](repeating: 0, count: p)
        var scale = [Double](repeating: 1, count: p)
        for j in 0..<p {
            let v = (squares[j] - correction[j] * correction[j] / count) / count
            guard v.isFinite else { throw ExpCoreError.overflow(column: j, statistic: "variance") }
            variance[j] = v
            if !isConstantFeature(variance: v, mean: mean[j], samples: n) { scale[j] = v.squareRoot() }
        }
        return StandardScaler(mean: mean, variance: variance, scale: scale, samplesSeen: n)
    }

    /// sklearn `_is_constant_feature`: var ≤ n·ε·var + (n·mean·ε)², ε = 2⁻⁵².
    ///
    /// The variance of a constant column computed in floating point is not always 0; this bound on
    /// its rounding error decides instead.
    public static func isConstantFeature(variance: Double, mean: Double, samples: Int) -> Bool {
        let n = Double(samples)
        let eps = Double.ulpOfOne
        let bound = n * eps * variance + (n * mean * eps) * (n * mean * eps)
        return variance <= bound
    }

    /// (x − mean)/scale, column by column (sklearn: `transform`, which does `X -= mean_; X /= scale_`).
    ///
    /// `x` must have ``featureCount`` columns (a precondition). NaN passes through as NaN.
    public func transform(_ x: Matrix<Double>) -> Matrix<Double> {
        transform(x, as: Double.self)
    }

    /// (x − mean)/scale computed in Double, then rounded once to `S` (e.g. Float for a Float MLP).
    public func transform<S: KernelScalar>(_ x: Matrix<Double>, as type: S.Type) -> Matrix<S> {
        let p = featureCount
        precondition(x.columns == p, "expected \(p) columns, got \(x.columns)")
        var out = Matrix<S>(rows: x.rows, columns: p)
        do {
            var destination = out.elements.mutableSpan
            let source = x.elements.span
            let m = mean.span
            let s = scale.span
            for i in 0..<x.rows {
                let base = i * p
                for j in 0..<p { destination[base + j] = S((source[base + j] - m[j]) / s[j]) }
            }
        }
        return out
    }
}
