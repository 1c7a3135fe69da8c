/// An axis with "nice" round ticks: steps of 1, 2 or 5 × 10ⁿ, the domain widened to whole steps.
///
/// Heckbert, P. (1990), "Nice numbers for graph labels", Graphics Gems. Tick values are exact
/// multiples `k · m · 10ⁿ` built from integers, so labels never show `0.30000000000000004`.
///
/// ```swift
/// let scale = NiceScale(minimum: 0.013, maximum: 0.94)
/// scale.ticks        // [0, 0.2, 0.4, 0.6, 0.8, 1]
/// scale.labels       // ["0", "0.2", "0.4", "0.6", "0.8", "1"]
/// ```
public struct NiceScale: Sendable, Equatable {
    /// The domain, widened to whole steps.
    public let lower: Double
    public let upper: Double
    /// The step between ticks, `stepMantissa · 10^stepExponent`.
    public let stepMantissa: Int
    public let stepExponent: Int
    /// Tick multipliers: tick i is `tickUnits[i] · 10^stepExponent`.
    let tickUnits: [Int64]

    /// A scale covering `minimum ... maximum` with about `targetTicks` ticks.
    /// - Parameter includeZero: widen the range to include 0 (bar charts).
    public init(minimum: Double, maximum: Double, targetTicks: Int = 6, includeZero: Bool = false) {
        // Beyond ±1e300 the span would overflow; such axes are clamped (no real chart needs them).
        var lo = minimum.isFinite ? Swift.min(1e300, Swift.max(-1e300, minimum)) : 0
        var hi = maximum.isFinite ? Swift.min(1e300, Swift.max(-1e300, maximum)) : 1
        if lo > hi { swap(&lo, &hi) }
        if includeZero {
            lo = Swift.min(lo, 0)
            hi = Swift.max(hi, 0)
        }
        if !(hi > lo) {
            let pad = lo == 0 ? 1 : lo.magnitude * 0.1
            lo -= pad
            hi += pad
        }
        if !(hi - lo >= 1e-290) {
            // A span of subnormal size: widen it so the step stays a normal number.
            let pad = Swift.max(lo.magnitude * 0.1, 1e-290)
            lo -= pad
            hi += pad
        }
        let rough = (hi - lo) / Double(Swift.max(1, targetTicks - 1))
        var e = ReportNumber.decimalExponent(rough)
        let f = rough / ReportNumber.powerOfTen(e)
        var m: Int
        if f <= 1 { m = 1 } else if f <= 2 { m = 2 } else if f <= 5 { m = 5 } else { m = 1; e += 1 }
        let step = Double(m) * ReportNumber.powerOfTen(e)
        // Very wide ranges relative to the step cannot happen here (about targetTicks steps).
        var first = Int64((lo / step).rounded(.down))
        var last = Int64((hi / step).rounded(.up))
        if first == last { last += 1 }
        if Double(first) * step > lo { first -= 1 }
        if Double(last) * step < hi { last += 1 }
        stepMantissa = m
        stepExponent = e
        tickUnits = (first...last).map { $0 * Int64(m) }
        lower = Self.value(units: first * Int64(m), exponent: e)
        upper = Self.value(units: last * Int64(m), exponent: e)
    }

    /// `units · 10^exponent`, correctly rounded for negative exponents (a division by an exact
    /// power of ten).
    static func value(units: Int64, exponent: Int) -> Double {
        exponent >= 0 ? Double(units) * ReportNumber.powerOfTen(exponent) : Double(units) / ReportNumber.powerOfTen(-exponent)
    }

    /// The tick values, ascending.
    public var ticks: [Double] { tickUnits.map { Self.value(units: $0, exponent: stepExponent) } }

    /// The tick labels, exact decimal text (scientific for large or tiny magnitudes).
    public var labels: [String] { tickUnits.map(label(units:)) }

    /// The ticks (value and label) inside `range`, for an axis whose domain is fixed.
    public func ticks(within range: ClosedRange<Double>) -> [(value: Double, label: String)] {
        let tolerance = Double(stepMantissa) * ReportNumber.powerOfTen(stepExponent) * 1e-9
        return tickUnits.compactMap { units in
            let v = Self.value(units: units, exponent: stepExponent)
            return v >= range.lowerBound - tolerance && v <= range.upperBound + tolerance ? (v, label(units: units)) : nil
        }
    }

    func label(units: Int64) -> String {
        if units == 0 { return "0" }
        let largest = Swift.max(lower.magnitude, upper.magnitude)
        var digits = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        if largest >= 1e6 || stepExponent <= -5 {
            // Scientific: strip trailing zeros into the exponent, then d.ddd e N.
            var e = stepExponent
            while digits.count > 1 && digits.hasSuffix("0") {
                digits.removeLast()
                e += 1
            }
            let exponent = e + digits.count - 1
            let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + String(digits.dropFirst()) : digits
            return sign + mantissa + "e" + String(exponent)
        }
        if stepExponent >= 0 { return sign + digits + String(repeating: "0", count: stepExponent) }
        let decimals = -stepExponent
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        var whole = String(digits.dropLast(decimals))
        var fraction = String(digits.suffix(decimals))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }
}

/// A linear map from a data domain to a pixel range (either may be reversed).
public struct LinearScale: Sendable, Equatable {
    public var domainLower: Double
    public var domainUpper: Double
    public var rangeStart: Double
    public var rangeEnd: Double

    public init(domain: ClosedRange<Double>, range: (Double, Double)) {
        domainLower = domain.lowerBound
        domainUpper = domain.upperBound
        rangeStart = range.0
        rangeEnd = range.1
    }

    public func callAsFunction(_ value: Double) -> Double {
        let span = domainUpper - domainLower
        guard span > 0 else { return (rangeStart + rangeEnd) / 2 }
        return rangeStart + (value - domainLower) / span * (rangeEnd - rangeStart)
    }
}

/// Evenly spaced bands for categories along one axis.
public struct BandScale: Sendable, Equatable {
    public var count: Int
    public var start: Double
    public var end: Double
    /// The fraction of each step left empty between bands.
    public var padding: Double

    public init(count: Int, start: Double, end: Double, padding: Double = 0.2) {
        self.count = max(1, count)
        self.start = start
        self.end = end
        self.padding = padding
    }

    public var step: Double { (end - start) / Double(count) }
    public var bandwidth: Double { step * (1 - padding) }
    public func bandStart(_ i: Int) -> Double { start + step * Double(i) + step * padding / 2 }
    public func center(_ i: Int) -> Double { start + step * (Double(i) + 0.5) }
}
