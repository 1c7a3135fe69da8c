/// The floating-point types the numeric core is generic over: `Double` (the default, as in
/// scikit-learn) and `Float` (faster sweeps).
///
/// `Vector` is the 256-bit SIMD type the GEMM micro-kernels use (4 doubles or 8 floats).
/// Transcendentals go through ``ElementaryFunctions`` so results are machine-independent; the
/// `Float` versions evaluate in `Double` and round once.
public protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable, LosslessStringConvertible
where Self.RawSignificand: FixedWidthInteger {
    associatedtype Vector: SIMD, BitwiseCopyable where Vector.Scalar == Self, Vector: Sendable

    /// A short name for fingerprints and reports ("float64", "float32").
    static var dtypeName: String { get }
    /// The value as a Double (exact for both conforming types). A concrete requirement, so hot
    /// loops never go through the generic `BinaryFloatingPoint` conversion.
    var doubleValue: Double { get }
    /// The Double rounded to this type.
    init(rounding value: Double)
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func logistic(_ x: Self) -> Self
}

extension Double: KernelScalar {
    public typealias Vector = SIMD4<Double>
    public static var dtypeName: String { "float64" }
    @inlinable public var doubleValue: Double { self }
    @inlinable public init(rounding value: Double) { self = value }
    @inlinable public static func exp(_ x: Double) -> Double { ElementaryFunctions.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { ElementaryFunctions.log(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { ElementaryFunctions.tanh(x) }
    @inlinable public static func logistic(_ x: Double) -> Double { ElementaryFunctions.logistic(x) }
}

extension Float: KernelScalar {
    public typealias Vector = SIMD8<Float>
    public static var dtypeName: String { "float32" }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(rounding value: Double) { self = Float(value) }
    @inlinable public static func exp(_ x: Float) -> Float { Float(ElementaryFunctions.exp(Double(x))) }
    @inlinable public static func log(_ x: Float) -> Float { Float(ElementaryFunctions.log(Double(x))) }
    @inlinable public static func tanh(_ x: Float) -> Float { Float(ElementaryFunctions.tanh(Double(x))) }
    @inlinable public static func logistic(_ x: Float) -> Float {
        Float(ElementaryFunctions.logistic(Double(x)))
    }
}
