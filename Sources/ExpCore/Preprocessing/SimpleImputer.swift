/// Replaces missing values (NaN) with a per-feature statistic learned from the observed values.
///
/// sklearn: `sklearn.impute.SimpleImputer(missing_values=np.nan, strategy="median",
/// keep_empty_features=True)`. The median of each column's non-missing values is numpy's
/// (`np.ma.median`, as sklearn's dense fit uses; the same as `np.nanmedian`): the middle value of the
/// sorted values for an odd count, the mean (a + b)/2 of the two middle values for an even count
/// (found by quickselect rather than a sort).
///
/// **Empty features.** A column with no observed value has no median. sklearn's default
/// (`keep_empty_features=False`) drops such a column from the output, which would change the
/// feature count between fit and transform and break the column indices used downstream
/// (selection, bundles). This type instead keeps the column and imputes 0, like
/// `keep_empty_features=True`; ``emptyFeatureIndices`` lists those columns.
///
/// ```swift
/// if SimpleImputer.hasMissing(x) {
///     let imputer = try SimpleImputer.fit(x)
///     x = imputer.transform(x)
/// }
/// ```
public struct SimpleImputer: Sendable, Equatable, Codable {
    /// How the per-feature fill value is computed (sklearn: `strategy`).
    public enum Strategy: String, Sendable, Equatable, Codable {
        /// The median of the observed values (sklearn: `"median"`).
        case median
    }

    /// The strategy the statistics were computed with.
    public let strategy: Strategy
    /// The fill value per feature (sklearn: `statistics_`); 0 for a feature with no observed value.
    public let statistics: [Double]
    /// Features that had no observed value at fit time (imputed with 0), ascending.
    public let emptyFeatureIndices: [Int]

    /// The number of features.
    public var featureCount: Int { statistics.count }

    /// An imputer with given statistics (e.g. restored from a bundle).
    public init(strategy: Strategy = .median, statistics: [Double], emptyFeatureIndices: [Int] = []) {
        self.strategy = strategy
        self.statistics = statistics
        self.emptyFeatureIndices = emptyFeatureIndices
    }

    /// Learns the per-feature median of the non-missing values of `x`.
    ///
    /// - Parameters:
    ///   - x: n × p, n ≥ 1; NaN marks a missing value.
    ///   - strategy: The statistic; only ``Strategy/median``.
    /// - Throws: ``ExpCoreError/insufficientSamples(_:)`` for a matrix without rows;
    ///   ``ExpCoreError/nonFiniteInput(row:column:)`` for ±∞ (sklearn rejects infinity too).
    public static func fit(_ x: Matrix<Double>, strategy: Strategy = .median) throws -> SimpleImputer {
        let n = x.rows
        let p = x.columns
        guard n >= 1 else { throw ExpCoreError.insufficientSamples("SimpleImputer needs at least one row") }
        if let index = x.elements.firstIndex(where: { $0.isInfinite }) {
            throw ExpCoreError.nonFiniteInput(row: index / p, column: index % p)
        }
        var statistics = [Double](repeating: 0, count: p)
        var empty: [Int] = []
        var observed = [Double](repeating: 0, count: n)
        let source = x.elements.span
        for j in 0..<p {
            var count = 0
            do {
                var buffer = observed.mutableSpan
                var i = j
                for _ in 0..<n {
                    let v = source[i]
                    if !v.isNaN {
                        buffer[count] = v
                        count += 1
                    }
                    i += p
                }
            }
            if count == 0 {
                empty.append(j)
                continue
            }
            statistics[j] = median(of: &observed, count: count)
        }
        return SimpleImputer(strategy: strategy, statistics: statistics, emptyFeatureIndices: empty)
    }

    /// The median of `values[0..<count]` (NaN-free, count ≥ 1), as numpy computes it: the middle
    /// element of the sorted values, or (low + high)/2 of the two middle ones for an even count.
    ///
    /// Found by quickselect (Hoare partition, median-of-three pivot; Numerical Recipes §8.5
    /// `select`) in O(count) expected time instead of a full sort; reorders `values[0..<count]`.
    static func median(of values: inout [Double], count: Int) -> Double {
        precondition(count >= 1 && count <= values.count, "count out of range")
        var v = values.mutableSpan
        let k = count / 2
        let high = select(&v, count: count, k: k)
        if count % 2 == 1 { return high }
        // After selection every element left of k is ≤ v[k]: the lower middle is their maximum.
        var low = v[0]
        for i in 1..<k where v[i] > low { low = v[i] }
        return (low + high) / 2
    }

    /// The k-th smallest (0-based) of `v[0..<count]`, leaving v[0..<k] ≤ v[k] ≤ v[k+1..<count].
    private static func select(_ v: inout MutableSpan<Double>, count: Int, k: Int) -> Double {
        var lo = 0
        var hi = count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            // Median of three, which also guarantees the scans below stop inside [lo, hi].
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo
            var j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now v[lo...j] ≤ pivot, v[j+1..<i] == pivot, v[i...hi] ≥ pivot.
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return v[k]
            }
        }
        return v[k]
    }

    /// `x` with every NaN replaced by its column's statistic (sklearn: `transform`).
    ///
    /// `x` must have ``featureCount`` columns (a precondition). Other values, ±∞ included, are
    /// copied unchanged.
    public func transform(_ x: Matrix<Double>) -> Matrix<Double> {
        let p = featureCount
        precondition(x.columns == p, "expected \(p) columns, got \(x.columns)")
        var out = x
        do {
            var values = out.elements.mutableSpan
            let fill = statistics.span
            for i in 0..<x.rows {
                let base = i * p
                for j in 0..<p where values[base + j].isNaN { values[base + j] = fill[j] }
            }
        }
        return out
    }

    /// Whether `x` holds any NaN. One pass that stops at the first NaN.
    public static func hasMissing(_ x: Matrix<Double>) -> Bool {
        x.elements.contains { $0.isNaN }
    }
}
