/// A JSON value: the one representation of JSON in exp, shared by the prediction server's request
/// bodies, the prediction input decoder, the bundle manifest's hyper-parameters and the tests.
///
/// ``JSONParser`` reads it from bytes (strict RFC 8259, errors with line and column),
/// ``JSONWriter`` writes it, and `Codable` carries it through `JSONEncoder` / `JSONDecoder`.
///
/// - **Numbers** are ``int(_:)`` for a literal without fraction or exponent that fits in `Int`
///   (`64`, `-3`), and ``double(_:)`` for every other number (`0.5`, `1e3`, `-0`, and the
///   non-finite values of the `NaN` / `Infinity` tokens the parser accepts). Keeping `64` apart
///   from `64.0` lets a value be shown as it was written (a model card lists `[64, 32]`) and lets
///   integers beyond 2⁵³ survive. The two compare by value: `.int(1) == .double(1)`.
/// - **``numbers(_:)``** is an array whose elements are all numbers, stored as `[Double]`. The
///   parser produces it for every such array (feature rows: the hot path of `POST /predict`);
///   `Codable` decoding and array literals produce ``array(_:)``. An array compares equal to the
///   same elements in either form; ``elements`` reads both.
/// - **Objects** keep their members in document order, duplicates included, so that a reader can
///   refuse a repeated key by name instead of silently keeping one of them. Two objects are equal
///   when they hold the same members (the order of different keys does not matter).
///
/// ```swift
/// let row = try JSONParser.parse(Array(#"{"data": [1, 2.5]}"#.utf8))
/// row["data"]           // .numbers([1.0, 2.5])
/// let parameters: [String: JSONValue] = ["hidden_layer_sizes": [64, 32], "alpha": 0.0001]
/// parameters["alpha"]?.doubleValue  // 0.0001
/// ```
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int`.
    case int(Int)
    /// Any other number.
    case double(Double)
    case string(String)
    /// An array of numbers only, stored compactly (see ``JSONValue``).
    case numbers([Double])
    case array([JSONValue])
    /// Members in document order, duplicates kept.
    case object([JSONMember])

    /// What the value is, for error messages ("a string", "null", …).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .numbers, .array: "an array"
        case .object: "an object"
        }
    }

    /// The number as a Double, for ``int(_:)`` and ``double(_:)``.
    public var doubleValue: Double? {
        switch self {
        case let .int(value): Double(value)
        case let .double(value): value
        default: nil
        }
    }

    /// The number as an Int, for ``int(_:)`` and for a ``double(_:)`` holding an integer.
    public var intValue: Int? {
        switch self {
        case let .int(value): value
        case let .double(value): Int(exactly: value)
        default: nil
        }
    }

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The elements of an array in either form (``numbers(_:)`` as ``double(_:)`` values), or nil.
    public var elements: [JSONValue]? {
        switch self {
        case let .numbers(values): values.map(JSONValue.double)
        case let .array(values): values
        default: nil
        }
    }

    /// The number of elements of an array value, or nil for a non-array.
    public var arrayCount: Int? {
        switch self {
        case let .numbers(values): values.count
        case let .array(values): values.count
        default: nil
        }
    }

    /// The members of an object, in document order, or nil.
    public var members: [JSONMember]? {
        if case let .object(members) = self { return members }
        return nil
    }

    /// The value of the first member named `key` of an object; nil when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The element at `index` of an array in either form; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        switch self {
        case let .numbers(values): values.indices.contains(index) ? .double(values[index]) : nil
        case let .array(values): values.indices.contains(index) ? values[index] : nil
        default: nil
        }
    }
}

extension JSONValue: Equatable {
    /// Structural equality with numbers compared by value: `.int(1) == .double(1)`, NaN equals
    /// NaN and `0` differs from `-0` (doubles are compared bit for bit, so a test of "identical
    /// probabilities" is exact); ``numbers(_:)`` equals ``array(_:)`` element by element; objects
    /// compare their members regardless of the order of different keys.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return identical(a, b)
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(exactly: a).map { identical($0, b) } ?? false
        case let (.numbers(a), .numbers(b)): return a.count == b.count && zip(a, b).allSatisfy { identical($0, $1) }
        case let (.array(a), .array(b)): return a == b
        case let (.numbers(a), .array(b)), let (.array(b), .numbers(a)):
            return a.count == b.count && zip(a, b).allSatisfy { JSONValue.double($0) == $1 }
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            if a == b { return true }
            // Same members in another order: compare sorted by key (stable, so repeated keys keep
            // their relative order).
            let sortedA = a.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            let sortedB = b.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            return zip(sortedA, sortedB).allSatisfy { $0.element == $1.element }
        default: return false
        }
    }

    private static func identical(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON-like text with keys sorted, e.g. `[64, 32]`, `0.0001` or `"relu"` (strings are
    /// not escaped); the model card shows hyper-parameters this way.
    public var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .int(value): "\(value)"
        case let .double(value): "\(value)"
        case let .string(value): "\"\(value)\""
        case let .numbers(values): "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        case let .array(values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(members):
            "{" + members.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
                .map { "\"\($0.element.key)\": \($0.element.value.description)" }.joined(separator: ", ") + "}"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Members in the order written (a repeated key is kept twice, as the parser keeps it).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONMember(key: $0.0, value: $0.1) })
    }
}
