/// How many features ``SelectKBest`` keeps. sklearn: `SelectKBest(k=…)`, where `k` is an
/// integer or `"all"`.
public enum KBest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Keep every feature (no selection).
    case all
    /// Keep the `k` features with the highest F-scores.
    case count(Int)

    /// The number of features kept from `featureCount`: `min(k, featureCount)` or all.
    public func resolved(featureCount: Int) -> Int {
        switch self {
        case .all: return featureCount
        case let .count(k): return min(k, featureCount)
        }
    }

    /// `all` or the integer.
    public var description: String {
        switch self {
        case .all: return "all"
        case let .count(k): return String(k)
        }
    }

    /// Decodes `"all"` or a positive integer, as in specs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let k = try? container.decode(Int.self), k >= 1 {
            self = .count(k)
        } else if let word = try? container.decode(String.self), word == "all" {
            self = .all
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an integer ≥ 1 or \"all\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode("all")
        case let .count(k): try container.encode(k)
        }
    }
}
