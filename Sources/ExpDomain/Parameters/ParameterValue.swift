/// One value of a model parameter, as written in a spec: a flag, an integer, a real number, a
/// word (`relu`, `auto`, `all`, …) or a list of layer sizes.
///
/// Values are normalised per key by ``ParameterKey`` (an integer given for `alpha` becomes
/// `.double`, a single integer given for `hidden_layers` becomes `.intList`), so two values that
/// mean the same setting are equal and render the same canonical JSON.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case intList([Int])

    /// The value as it would be written in YAML, e.g. `0.001`, `[100, 50]`, `relu`.
    public var description: String {
        switch self {
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return d.description
        case let .string(s): return s
        case let .intList(l): return "[" + l.map(String.init).joined(separator: ", ") + "]"
        }
    }

    /// The value as a number, for integers and reals.
    public var number: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case .bool, .string, .intList: return nil
        }
    }

    /// The canonical JSON form (see ``CanonicalJSON``).
    package var canonicalJSON: CanonicalJSON {
        switch self {
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .intList(l): return .array(l.map { .int($0) })
        }
    }

    /// Decodes the first of Bool, Int, Double, String, [Int] that fits. Integers and reals are
    /// told apart again by ``ParameterKey`` when a keyed value is decoded.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let l = try? container.decode([Int].self) {
            self = .intList(l)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a bool, number, string or list of integers")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .bool(b): try container.encode(b)
        case let .int(i): try container.encode(i)
        case let .double(d): try container.encode(d)
        case let .string(s): try container.encode(s)
        case let .intList(l): try container.encode(l)
        }
    }
}
