/// The F (Fisher–Snedecor) distribution with `dfn` numerator and `dfd` denominator degrees of
/// freedom, evaluated through the regularized incomplete beta function of ``SpecialFunctions``.
///
/// scipy: `scipy.stats.f.sf` / `scipy.special.fdtrc` (what `sklearn.feature_selection.f_classif`
/// calls for its p-values) and `scipy.stats.f.cdf` / `scipy.special.fdtr`.
///
/// ```swift
/// FDistribution.survival(3.84, dfn: 1, dfd: 6817)   // 0.0500842102198…
/// ```
public enum FDistribution {
    /// P(X > f) for X ~ F(dfn, dfd) (scipy: `scipy.special.fdtrc(dfn, dfd, f)`, `scipy.stats.f.sf`).
    ///
    /// sf = I_x(dfd/2, dfn/2) with x = dfd/(dfd + dfn·f) and 1 − x = dfn·f/(dfd + dfn·f) both
    /// computed directly, so neither tail loses digits to a rounded 1 − x: for small f (x close to
    /// 1) the incomplete beta switches to 1 − I_{1−x}(dfn/2, dfd/2) using the directly computed
    /// 1 − x. The tail is evaluated in log space, so its relative error grows like a few
    /// ulps × |log sf|: ≤ 4.6e-14 on the 36 scipy reference cases, ≤ 4.3e-13 against 40-digit
    /// mpmath over 18,863 random cases down to 1e-300. Results below the smallest subnormal
    /// underflow to exactly 0.
    ///
    /// - Returns: 1 at f = 0, 0 at f = +∞. NaN when any argument is NaN, when f < 0 (scipy's
    ///   `fdtrc` domain error; sklearn's rounding can produce a negative F, whose p-value is NaN),
    ///   and when a degree of freedom is not positive and finite.
    public static func survival(_ f: Double, dfn: Double, dfd: Double) -> Double {
        guard let (x, y) = betaArguments(f, dfn: dfn, dfd: dfd) else { return .nan }
        if f == 0 { return 1 }
        return SpecialFunctions.regularizedIncompleteBeta(x: x, y: y, a: dfd / 2, b: dfn / 2)
    }

    /// P(X ≤ f) for X ~ F(dfn, dfd) (scipy: `scipy.special.fdtr(dfn, dfd, f)`, `scipy.stats.f.cdf`).
    ///
    /// cdf = I_{1−x}(dfn/2, dfd/2) with the x and 1 − x of ``survival(_:dfn:dfd:)``; accurate in
    /// both tails for the same reason.
    ///
    /// - Returns: 0 at f = 0, 1 at f = +∞; NaN in the cases listed for ``survival(_:dfn:dfd:)``.
    public static func cdf(_ f: Double, dfn: Double, dfd: Double) -> Double {
        guard let (x, y) = betaArguments(f, dfn: dfn, dfd: dfd) else { return .nan }
        if f == 0 { return 0 }
        return SpecialFunctions.regularizedIncompleteBeta(x: y, y: x, a: dfn / 2, b: dfd / 2)
    }

    /// x = dfd/(dfd + dfn·f) and y = dfn·f/(dfd + dfn·f), or nil outside the domain.
    private static func betaArguments(_ f: Double, dfn: Double, dfd: Double) -> (x: Double, y: Double)? {
        guard !f.isNaN, f >= 0, dfn > 0, dfd > 0, dfn.isFinite, dfd.isFinite else { return nil }
        if f == .infinity { return (0, 1) }
        let s = dfn * f
        let denominator = dfd + s
        if denominator.isFinite { return (dfd / denominator, s / denominator) }
        // dfn·f overflowed: divide through by dfn first.
        let r = dfd / dfn
        let denominator2 = r + f
        if !denominator2.isFinite { return (0, 1) }
        return (r / denominator2, f / denominator2)
    }
}
