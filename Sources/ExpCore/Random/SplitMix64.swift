/// SplitMix64, the seeding generator of Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators" (OOPSLA 2014); constants from Vigna's reference `splitmix64.c`.
///
/// `exp` uses it to expand seeds and to derive independent stream seeds (see
/// ``SeededGenerator/init(seed:stream:)``), never as the main generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function: a bijective 64-bit finaliser.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Folds a list of words into one seed, order-sensitively. Used to derive a stream seed from
    /// `(seed, trial, fold, purpose…)` so that every consumer gets its own independent stream.
    public static func derive(_ seed: UInt64, _ components: [UInt64]) -> UInt64 {
        var h = mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        for c in components {
            h = mix(h ^ mix(c &+ 0xD1B5_4A32_D192_ED03))
        }
        return h
    }
}
