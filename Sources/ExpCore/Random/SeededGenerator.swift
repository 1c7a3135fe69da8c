/// The generator behind every random choice in `exp`: xoshiro256** 1.0 (Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators", 2021), seeded through ``SplitMix64``.
///
/// Every draw (uniforms, integers in a range, shuffles, normals) is implemented here with a fixed
/// algorithm, so results never depend on the standard library's sampling code or on the system
/// RNG. Independent streams come from ``init(seed:stream:)``:
/// ```swift
/// var rng = SeededGenerator(seed: 42, stream: [trial, fold, Purpose.mlp.rawValue])
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator for `seed`, expanded with SplitMix64 as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// An independent stream for `seed` and a path of stream identifiers, e.g. `[trial, fold]`.
    public init(seed: UInt64, stream: [UInt64]) {
        self.init(seed: SplitMix64.derive(seed, stream))
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1): the top 53 bits times 2⁻⁵³.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform value in [low, high), computed as `low + (high - low) * u`.
    /// numpy: `Generator.uniform(low, high)` (same formula, different bit stream).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUnit()
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method
    /// ("Fast random integer generation in an interval", ACM TOMACS 2019). `bound` must be > 0.
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Shuffles `values` in place with the Fisher–Yates algorithm (Durstenfeld's variant).
    public mutating func shuffle<T>(_ values: inout [T]) {
        var i = values.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            values.swapAt(i, j)
            i -= 1
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var p = Array(0..<count)
        shuffle(&p)
        return p
    }

    /// A standard normal deviate by Marsaglia's polar method, which needs only `log` and `sqrt`
    /// (both deterministic here: ``ElementaryFunctions/log(_:)`` and IEEE `squareRoot`).
    /// The second deviate of each pair is discarded, so every call consumes a whole pair.
    public mutating func normal() -> Double {
        while true {
            let u = 2 * nextUnit() - 1
            let v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * ElementaryFunctions.log(s) / s).squareRoot()
            }
        }
    }
}
