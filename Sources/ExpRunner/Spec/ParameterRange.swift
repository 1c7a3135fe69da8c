import ExpDomain
/// A `{min, max, log}` range of a numeric parameter in random search: both ends included,
/// sampled uniformly, or log-uniformly with `log: true` (scipy: `loguniform(min, max)`).
/// For integer parameters (`k_best`, `max_iter`, …) both ends are integers and so are the draws.
public struct ParameterRange: Sendable, Hashable, Codable {
    /// The smallest value (`.int` for integer parameters, else `.double`).
    public var min: ParameterValue
    /// The largest value, ≥ ``min``.
    public var max: ParameterValue
    /// Sample the logarithm uniformly; needs `min > 0`.
    public var log: Bool

    public init(min: ParameterValue, max: ParameterValue, log: Bool = false) {
        self.min = min
        self.max = max
        self.log = log
    }

    var canonicalJSON: CanonicalJSON {
        .object([("min", min.canonicalJSON), ("max", max.canonicalJSON), ("log", .bool(log))])
    }
}
