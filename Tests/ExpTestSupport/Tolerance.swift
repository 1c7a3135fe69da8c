/// How far a computed floating-point value may be from the one expected: within `relative` of
/// the expected magnitude, or within `absolute`, whichever is wider.
///
/// The relation is not symmetric and not transitive, so it never backs an `Equatable`
/// conformance (see swift-numerics' `isApproximatelyEqual`). NaN is close only to NaN, and an
/// infinity only to itself.
///
/// ```swift
/// #expect(Tolerance.reference.accepts(loss, expectedLoss))
/// #expect(Tolerance(relative: 1e-5, absolute: 1e-8).accepts(gradient, finiteDifference))
/// ```
public struct Tolerance: Sendable, Hashable, CustomStringConvertible {
    /// The allowed error as a fraction of the expected value's magnitude.
    public var relative: Double
    /// The allowed error whatever the expected value (the floor for values near zero).
    public var absolute: Double

    public init(relative: Double = 0, absolute: Double = 0) {
        self.relative = relative
        self.absolute = absolute
    }

    /// 1e-12 relative with an absolute floor of 1e-15: what the scikit-learn parity fixtures
    /// promise for float64 (their README), and the default of ``isClose(_:_:relative:absolute:)``.
    public static let reference = Tolerance(relative: 1e-12, absolute: 1e-15)

    /// Whether `actual` is close to `expected`: `|actual − expected| ≤ max(relative·|expected|,
    /// absolute)`, with NaN close only to NaN and equal values (infinities included) always close.
    public func accepts(_ actual: Double, _ expected: Double) -> Bool {
        if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
        if actual == expected { return true }
        return (actual - expected).magnitude <= max(relative * expected.magnitude, absolute)
    }

    public var description: String { "relative \(relative), absolute \(absolute)" }
}
