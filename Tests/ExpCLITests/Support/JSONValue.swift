// The tests read exp's JSON output with ExpDomain's JSONValue and JSONParser, the parser the
// server uses: numbers are read to the nearest Double (`JSONSerialization` on Linux is not:
// "0.8207131677072939" reads as 0.8207131677072941), and doubles compare bit for bit, so two
// different values in exp's output never compare equal. Re-exported here so that every test file
// sees the type without importing it.
import ExpDomain

/// Conveniences for tests that pick values out of exp's JSON output.
extension JSONValue {
    /// Parses `text` strictly (see ``JSONParser``).
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    var double: Double? { doubleValue }

    var int: Int? { intValue }

    var bool: Bool? { boolValue }

    var string: String? { stringValue }

    /// The elements of an array (numbers-only arrays included).
    var array: [JSONValue]? { elements }

    /// The members of an object by key (the last of a repeated key).
    var object: [String: JSONValue]? {
        members.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }) }
    }

    /// A copy without the member `key` (when this is an object).
    func removing(_ key: String) -> JSONValue {
        guard case let .object(members) = self else { return self }
        return .object(members.filter { $0.key != key })
    }

    /// A copy with `transform` applied to the members named `key` (when present).
    func updating(_ key: String, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        guard case let .object(members) = self else { return self }
        return .object(members.map { $0.key == key ? JSONMember(key: key, value: transform($0.value)) : $0 })
    }

    /// The path of the first difference from `other`, with both values; nil when equal.
    func firstDifference(from other: JSONValue, path: String = "") -> String? {
        if let x = object, let y = other.object {
            for key in Set(x.keys).union(y.keys).sorted() {
                guard let xv = x[key], let yv = y[key] else { return "\(path).\(key) (present on one side only)" }
                if let d = xv.firstDifference(from: yv, path: "\(path).\(key)") { return d }
            }
            return nil
        }
        if let x = array, let y = other.array {
            if x.count != y.count { return "\(path) (\(x.count) vs \(y.count) elements)" }
            for (i, (xv, yv)) in zip(x, y).enumerated() {
                if let d = xv.firstDifference(from: yv, path: "\(path)[\(i)]") { return d }
            }
            return nil
        }
        return self == other ? nil : "\(path): \(self) vs \(other)"
    }
}
