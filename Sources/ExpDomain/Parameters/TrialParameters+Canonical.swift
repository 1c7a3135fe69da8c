import ExpCore

extension TrialParameters {
    /// Every key with its value as one JSON object: keys sorted by their UTF-8 bytes, no
    /// whitespace, integers in decimal, reals as Swift's shortest round-trip `description`
    /// (`0.0001`, `1e-05`, `0.2`), layer sizes as `[100,50]`, and `batch_size`/`k_best` as
    /// `"auto"`/`"all"` or an integer.
    /// ```text
    /// {"activation":"relu","alpha":0.0001,"batch_size":200,"beta_1":0.9,…,"tol":0.0001,"validation_fraction":0.1}
    /// ```
    public var canonicalJSON: String {
        CanonicalJSON.object(ParameterKey.allCases.map { ($0.rawValue, value(for: $0).canonicalJSON) }).rendered
    }

    /// The identity of this trial's cell: the SHA-256 (lower-case hex) of ``canonicalJSON``, i.e.
    /// of the complete resolved parameter set (searched values and fixed settings).
    public var cellHash: String {
        SHA256.hex(Array(canonicalJSON.utf8))
    }

    /// The trial's seed: `SplitMix64.derive(sweepSeed, [h])`, where `h` is the first 8 bytes of
    /// the SHA-256 of ``canonicalJSON`` read as a big-endian `UInt64`. It depends only on the sweep
    /// seed and the parameters: not on the trial's number, the order of the grid, or other trials.
    public func seed(sweepSeed: UInt64) -> UInt64 {
        let digest = SHA256.hash(Array(canonicalJSON.utf8))
        let word = digest.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return SplitMix64.derive(sweepSeed, [word])
    }
}
