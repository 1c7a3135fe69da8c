/// Locale-free number formatting for reports and chart labels: a fixed number of decimals or of
/// significant digits, built from integer arithmetic, so the same value gives the same text on
/// every machine (no `printf`, no `NumberFormatter`, no locale).
///
/// ```swift
/// ReportNumber.fixed(0.91234, decimals: 3)       // "0.912"
/// ReportNumber.significant(12345.6, digits: 3)   // "12346"
/// ReportNumber.significant(3.2e-12, digits: 2)   // "3.2e-12"
/// ReportNumber.integer(6819)                     // "6,819"
/// ```
public enum ReportNumber {
    /// The powers of ten 1e-330 … 1e310, each the correctly rounded double of its decimal literal.
    private static let powers: [Double] = (-330...310).map { Double("1e\($0)") ?? 0 }

    /// 10^e as the correctly rounded double (0 below 1e-330, +∞ above 1e310).
    static func powerOfTen(_ e: Int) -> Double {
        if e < -330 { return 0 }
        if e > 310 { return .infinity }
        return powers[e + 330]
    }

    /// ⌊log₁₀ m⌋ for a finite m > 0, by comparison with exact powers of ten (no libm).
    static func decimalExponent(_ m: Double) -> Int {
        precondition(m > 0 && m.isFinite, "decimalExponent needs a positive finite value")
        var e = 0
        if m >= 1 {
            while e < 308 && m >= powerOfTen(e + 1) { e += 1 }
        } else {
            while e > -324 && m < powerOfTen(e) { e -= 1 }
        }
        return e
    }

    /// `x` with exactly `decimals` digits after the point, rounded half away from zero
    /// (`nan`, `inf`, `-inf` for non-finite values; scientific when the value is too large for
    /// exact integer rounding, beyond about 9e15 after scaling).
    public static func fixed(_ x: Double, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 15, "decimals must lie in 0...15")
        guard x.isFinite else { return nonFinite(x) }
        let scaled = (x.magnitude * powerOfTen(decimals)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return significant(x, digits: 6) }
        let n = UInt64(scaled)
        var unit: UInt64 = 1
        for _ in 0..<decimals { unit *= 10 }
        var text = String(n / unit)
        if decimals > 0 {
            let fraction = String(n % unit)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return x < 0 && n != 0 ? "-" + text : text
    }

    /// `x` rounded to `digits` significant digits: plain notation for magnitudes in
    /// [1e-4, 1e7), otherwise `mantissa` + `e` + exponent (`"2.5e-12"`, `"1.23e10"`). Zero is `"0"`.
    public static func significant(_ x: Double, digits: Int) -> String {
        precondition(digits >= 1 && digits <= 15, "digits must lie in 1...15")
        guard x.isFinite else { return nonFinite(x) }
        if x == 0 { return "0" }
        let m = x.magnitude
        var e = decimalExponent(m)
        var mantissa = fixed(m / powerOfTen(e), decimals: digits - 1)
        if mantissa.hasPrefix("10") {
            // Rounding carried into the next decade (9.9996 → 10.00).
            e += 1
            mantissa = fixed(m / powerOfTen(e), decimals: digits - 1)
        }
        let sign = x < 0 ? "-" : ""
        if e >= -4 && e < 7 {
            return sign + fixed(m, decimals: max(0, digits - 1 - e))
        }
        return sign + mantissa + "e" + String(e)
    }

    /// An integer with `,` between groups of three digits: `6,819`, `-1,234,567`.
    public static func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A fraction as a percentage with `decimals` decimals: `percent(0.03226)` → `"3.2 %"`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        fixed(fraction * 100, decimals: decimals) + " %"
    }

    /// `mean ± std` with the same decimals for both.
    public static func meanStd(_ mean: Double, _ std: Double, decimals: Int = 4) -> String {
        fixed(mean, decimals: decimals) + " ± " + fixed(std, decimals: decimals)
    }

    /// A duration: `12.3 s`, `4 min 05 s`, `2 h 03 min`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        if seconds < 60 { return fixed(seconds, decimals: 1) + " s" }
        let total = Int(seconds.rounded(.down))
        let minutes = total / 60, rest = total % 60
        if minutes < 60 { return "\(minutes) min \(rest < 10 ? "0" : "")\(rest) s" }
        let m = minutes % 60
        return "\(minutes / 60) h \(m < 10 ? "0" : "")\(m) min"
    }

    /// An SVG coordinate: 2 decimals, trailing zeros dropped, never `-0`.
    public static func coordinate(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        return trimmed(x, maxDecimals: 2)
    }

    /// `x` with at most `maxDecimals` decimals and no trailing zeros: `0.05`, `0.5`, `12`
    /// (for thresholds and other set values); never `-0`.
    public static func trimmed(_ x: Double, maxDecimals: Int = 4) -> String {
        guard x.isFinite else { return nonFinite(x) }
        var text = fixed(x, decimals: maxDecimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static func nonFinite(_ x: Double) -> String {
        x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")
    }
}
