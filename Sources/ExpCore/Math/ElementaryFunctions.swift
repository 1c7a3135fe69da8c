/// Transcendental functions written with plain `*` and `+`, so that every result is bit-identical
/// on every machine, libc and CPU code path.
///
/// glibc picks different `exp`/`log` code paths by CPU features and its results then differ in the
/// last bit (../shared/notes/KERNELS.md §3), which would make trained weights machine-dependent.
/// `exp` and `log` are ports of fdlibm 5.3 (`e_exp.c`, `e_log.c`, Sun Microsystems, 1993), whose
/// error is below 1 ulp. Nothing in training or metrics calls libm for a transcendental.
public enum ElementaryFunctions {
    // MARK: exp (fdlibm e_exp.c)

    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let invLn2 = 1.44269504088896338700e+00
    @usableFromInline static let p1 = 1.66666666666666019037e-01
    @usableFromInline static let p2 = -2.77777777770155933842e-03
    @usableFromInline static let p3 = 6.61375632143793436117e-05
    @usableFromInline static let p4 = -1.65339022054652515390e-06
    @usableFromInline static let p5 = 4.13813679705723846039e-08
    @usableFromInline static let overflowThreshold = 7.09782712893383973096e+02
    @usableFromInline static let underflowThreshold = -7.45133219101941108420e+02

    /// eˣ, correctly handling NaN, ±∞, overflow and gradual underflow. Error < 1 ulp.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > overflowThreshold { return .infinity }
        if x < underflowThreshold { return 0 }
        let ax = x.magnitude
        if ax < 0x1p-28 { return 1 + x }
        var k = 0
        var hi = x, lo = 0.0, r = x
        if ax > 0.5 * ln2Hi {
            k = Int(invLn2 * x + (x < 0 ? -0.5 : 0.5))
            let t = Double(k)
            hi = x - t * ln2Hi  // exact: t·ln2Hi has few significant bits
            lo = t * ln2Lo
            r = hi - lo
        }
        let t = r * r
        let c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
        if k == 0 { return 1 - ((r * c) / (c - 2) - r) }
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        if k >= -1021 {
            return y * Double(bitPattern: UInt64(1023 + k) << 52)
        }
        // Gradual underflow: scale in two exact steps.
        return y * Double(bitPattern: UInt64(1023 + k + 1000) << 52) * 0x1p-1000
    }

    // MARK: log (fdlibm e_log.c)

    @usableFromInline static let lg1 = 6.666666666666735130e-01
    @usableFromInline static let lg2 = 3.999999999940941908e-01
    @usableFromInline static let lg3 = 2.857142874366239149e-01
    @usableFromInline static let lg4 = 2.222219843214978396e-01
    @usableFromInline static let lg5 = 1.818357216161805012e-01
    @usableFromInline static let lg6 = 1.531383769920937332e-01
    @usableFromInline static let lg7 = 1.479819860511658591e-01

    /// The natural logarithm. log(0) = -∞, log(x < 0) = NaN, log(+∞) = +∞. Error < 1 ulp.
    @inlinable
    public static func log(_ input: Double) -> Double {
        var x = input
        var bits = x.bitPattern
        var hx = Int32(truncatingIfNeeded: Int64(bitPattern: bits) >> 32)
        let lx = UInt32(truncatingIfNeeded: bits)
        var k: Int32 = 0
        if hx < 0x0010_0000 {  // x < 2^-1022
            if (hx & 0x7fff_ffff) == 0 && lx == 0 { return -.infinity }
            if hx < 0 { return .nan }
            k -= 54
            x *= 0x1p54  // subnormal: scale up
            bits = x.bitPattern
            hx = Int32(truncatingIfNeeded: Int64(bitPattern: bits) >> 32)
        }
        if hx >= 0x7ff0_0000 { return x + x }
        k += (hx >> 20) - 1023
        hx &= 0x000f_ffff
        let i0 = (hx &+ 0x95f64) & 0x0010_0000
        // Normalise x into [sqrt(2)/2, sqrt(2)).
        let newHigh = UInt64(UInt32(bitPattern: hx | (i0 ^ 0x3ff0_0000)))
        x = Double(bitPattern: (newHigh << 32) | (bits & 0xffff_ffff))
        k += i0 >> 20
        let f = x - 1
        let dk = Double(k)
        if (0x000f_ffff & (2 &+ hx)) < 3 {  // |f| < 2^-20
            if f == 0 { return k == 0 ? 0 : dk * ln2Hi + dk * ln2Lo }
            let r = f * f * (0.5 - 0.33333333333333333 * f)
            return k == 0 ? f - r : dk * ln2Hi - ((r - dk * ln2Lo) - f)
        }
        let s = f / (2 + f)
        let z = s * s
        var i = hx &- 0x6147a
        let w = z * z
        let j = 0x6b851 &- hx
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        i |= j
        let r = t2 + t1
        if i > 0 {
            let hfsq = 0.5 * f * f
            return k == 0
                ? f - (hfsq - s * (hfsq + r))
                : dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f)
        }
        return k == 0 ? f - s * (f - r) : dk * ln2Hi - ((s * (f - r) - dk * ln2Lo) - f)
    }

    // MARK: Derived functions

    /// log(1 + x), accurate for small x (Goldberg's trick: log(u)·x/(u−1) with u = 1 + x).
    @inlinable
    public static func log1p(_ x: Double) -> Double {
        let u = 1 + x
        if u == 1 { return x }
        if u.isInfinite { return u }
        return log(u) * (x / (u - 1))
    }

    /// eˣ − 1, accurate for small x (Kahan's trick: (u−1)·x/log(u) with u = eˣ).
    @inlinable
    public static func expm1(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x.magnitude > 0.5 { return exp(x) - 1 }
        let u = exp(x)
        if u == 1 { return x }
        let um1 = u - 1
        return um1 * (x / log(u))
    }

    /// The hyperbolic tangent, as expm1(2|x|)/(expm1(2|x|)+2) with the sign of x.
    /// numpy: `np.tanh` (scikit-learn's `tanh` activation).
    @inlinable
    public static func tanh(_ x: Double) -> Double {
        if x.isNaN { return x }
        let ax = x.magnitude
        if ax > 22 { return x > 0 ? 1 : -1 }
        let t = expm1(2 * ax)
        let r = t / (t + 2)
        return x < 0 ? -r : r
    }

    /// The logistic sigmoid 1/(1+e⁻ˣ), evaluated without overflow on either side.
    /// scipy: `scipy.special.expit` (scikit-learn's `logistic` activation).
    @inlinable
    public static func logistic(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// xⁿ for an integer n ≥ 0 by binary exponentiation (a fixed sequence of multiplications).
    @inlinable
    public static func pow(_ x: Double, _ n: Int) -> Double {
        precondition(n >= 0, "negative exponent")
        var result = 1.0, base = x, e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            e >>= 1
            if e > 0 { base *= base }
        }
        return result
    }
}
