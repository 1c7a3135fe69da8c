import Foundation
import Testing

/// Loads the scikit-learn reference fixtures copied from ../shared/reference into Fixtures/.
/// Values are decoded loosely (JSONSerialization) because each file has its own shape; NaN is
/// `null` and infinities are the strings "Infinity"/"-Infinity" (see the reference README).
enum ReferenceFixture {
    /// Loads `Fixtures/NAME.json` as a tree of `[String: Any]`, `[Any]`, `Int`, `Double`, `String`,
    /// `Bool` and `NSNull`. Numbers are parsed by `JSONDecoder`, which is correctly rounded;
    /// `JSONSerialization` on Linux is not (it turns 0.9999999999999999 into 1.0).
    static func load(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        return try #require(value.any as? [String: Any])
    }

    static func double(_ value: Any?) -> Double {
        switch value {
        case let d as Double: return d
        case let i as Int: return Double(i)
        case let s as String where s == "Infinity": return .infinity
        case let s as String where s == "-Infinity": return -.infinity
        default: return .nan
        }
    }

    static func doubles(_ value: Any?) -> [Double] { (value as? [Any] ?? []).map(double) }
    static func matrix(_ value: Any?) -> [[Double]] { (value as? [Any] ?? []).map(doubles) }
    /// Every number in a nested list, depth-first (e.g. Adam's m: coefficient matrices, then intercepts).
    static func flattened(_ value: Any?) -> [Double] {
        if let list = value as? [Any] { return list.flatMap { flattened($0) } }
        return [double(value)]
    }

    static func ints(_ value: Any?) -> [Int] {
        (value as? [Any] ?? []).compactMap { ($0 as? Int) ?? ($0 as? Double).flatMap { Int(exactly: $0) } }
    }
}

/// A JSON document decoded exactly; integral numbers below 2⁵³ become `Int`.
enum JSONValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var any: Any {
        switch self {
        case .null: return NSNull()
        case let .bool(b): return b
        case let .number(d):
            if d == d.rounded(), d.magnitude < 0x1p53 { return Int(d) }
            return d
        case let .string(s): return s
        case let .array(a): return a.map(\.any)
        case let .object(o): return o.mapValues(\.any)
        }
    }
}
