import Foundation

/// Parsed JSON for tests that compare numbers exactly.
///
/// `JSONSerialization` on Linux does not parse numbers to the nearest `Double`
/// ("0.8207131677072939" reads as 0.8207131677072941), so two different values in `exp`'s output
/// could compare equal after parsing, and a value could differ from the same number in CSV.
/// `JSONDecoder` parses exactly; numbers here compare by bit pattern.
enum JSONValue: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `text`.
    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x == y
        default: false
        }
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    var double: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    var int: Int? { double.flatMap { Int(exactly: $0) } }

    var bool: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    var object: [String: JSONValue]? {
        if case let .object(value) = self { return value }
        return nil
    }

    /// A copy without the member `key` (when this is an object).
    func removing(_ key: String) -> JSONValue {
        guard case var .object(members) = self else { return self }
        members[key] = nil
        return .object(members)
    }

    /// A copy with `transform` applied to the member `key` (when present).
    func updating(_ key: String, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        guard case var .object(members) = self, let value = members[key] else { return self }
        members[key] = transform(value)
        return .object(members)
    }

    /// The path of the first difference from `other`, with both values; nil when equal.
    func firstDifference(from other: JSONValue, path: String = "") -> String? {
        switch (self, other) {
        case let (.object(x), .object(y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                guard let xv = x[key], let yv = y[key] else { return "\(path).\(key) (present on one side only)" }
                if let d = xv.firstDifference(from: yv, path: "\(path).\(key)") { return d }
            }
            return nil
        case let (.array(x), .array(y)):
            if x.count != y.count { return "\(path) (\(x.count) vs \(y.count) elements)" }
            for (i, (xv, yv)) in zip(x, y).enumerated() {
                if let d = xv.firstDifference(from: yv, path: "\(path)[\(i)]") { return d }
            }
            return nil
        default:
            return self == other ? nil : "\(path): \(self) vs \(other)"
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): String(value)
        case let .number(value): String(value)
        case let .string(value): "\"\(value)\""
        case let .array(values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
