/// Descriptive statistics with a fixed summation order (left to right), so results are
/// bit-for-bit reproducible. NaN values must be filtered out by the caller unless stated.
public enum Statistics {
    /// The arithmetic mean; NaN for no values.
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        var sum = 0.0
        for v in values { sum += v }
        return sum / Double(values.count)
    }

    /// The standard deviation with `ddof` delta degrees of freedom (pandas' `std` uses 1, numpy's 0);
    /// NaN when there are not more than `ddof` values.
    public static func standardDeviation(_ values: [Double], ddof: Int = 1) -> Double {
        guard values.count > ddof else { return .nan }
        let m = mean(values)
        var squares = 0.0
        for v in values {
            let d = v - m
            squares += d * d
        }
        return (squares / Double(values.count - ddof)).squareRoot()
    }

    /// The `q`-quantile of ascending, non-empty `sorted` by linear interpolation (numpy's
    /// default `method="linear"`).
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of no values")
        let h = Double(sorted.count - 1) * q
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// Pearson's correlation over the rows where both values are present (pandas' pairwise
    /// `corr`); NaN with fewer than two such rows or when either is constant over them.
    public static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "correlation needs equal lengths")
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(a.count)
        ys.reserveCapacity(a.count)
        for i in a.indices where !a[i].isNaN && !b[i].isNaN {
            xs.append(a[i])
            ys.append(b[i])
        }
        guard xs.count >= 2 else { return .nan }
        let mx = mean(xs), my = mean(ys)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in xs.indices {
            let dx = xs[i] - mx, dy = ys[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0 && syy > 0 else { return .nan }
        return max(-1, min(1, sxy / (sxx.squareRoot() * syy.squareRoot())))
    }
}
