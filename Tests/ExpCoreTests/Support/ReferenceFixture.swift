import ExpDomain
import Foundation
import Testing

/// Loads the scikit-learn reference fixtures copied from ../shared/reference into Fixtures/.
/// Values are decoded loosely (JSONSerialization) because each file has its own shape; NaN is
/// `null` and infinities are the strings "Infinity"/"-Infinity" (see the reference README).
enum ReferenceFixture {
    /// Loads `Fixtures/NAME.json` as a tree of `[String: Any]`, `[Any]`, `Int`, `Double`, `String`,
    /// `Bool` and `NSNull`. Numbers are parsed by ExpDomain's `JSONParser`, which is correctly
    /// rounded; `JSONSerialization` on Linux is not (it turns 0.9999999999999999 into 1.0).
    static func load(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        let value = try JSONParser.parse(Array(try Data(contentsOf: url)))
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

extension JSONValue {
    /// The value as `Any` for the loose fixture readers: integral numbers below 2⁵³ become `Int`,
    /// other numbers `Double`, objects `[String: Any]` (the last of a repeated key), null `NSNull`.
    var any: Any {
        switch self {
        case .null: return NSNull()
        case let .bool(b): return b
        case let .int(i): return i.magnitude < 1 << 53 ? i : Double(i)
        case let .double(d): return Self.loose(d)
        case let .string(s): return s
        case let .numbers(xs): return xs.map(Self.loose)
        case let .array(a): return a.map(\.any)
        case let .object(members):
            return Dictionary(members.map { ($0.key, $0.value.any) }, uniquingKeysWith: { _, last in last })
        }
    }

    private static func loose(_ d: Double) -> Any {
        if d == d.rounded(), d.magnitude < 0x1p53 { return Int(d) }
        return d
    }
}
