/// Appends compact JSON to a byte buffer, by hand (no Codable, no Foundation), so that a hot path
/// such as the server's `/predict` response allocates little and key order is fixed.
///
/// ```swift
/// var json = JSONWriter()
/// json.raw("{\"p\":")
/// json.number(0.25)
/// json.key("classes")
/// json.stringArray(["0", "1"])
/// json.byte(UInt8(ascii: "}"))
/// String(decoding: json.bytes, as: UTF8.self)  // {"p":0.25,"classes":["0","1"]}
/// ```
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func raw(_ other: [UInt8]) {
        bytes.append(contentsOf: other)
    }

    @inlinable
    public mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// A JSON string literal, escaping `"`, `\` and control characters.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x00..<0x20:
                raw("\\u00")
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// The shortest representation that reads back as the same Double (Swift's `description`,
    /// which is valid JSON for finite values); `null` for NaN and ±∞, which JSON cannot carry.
    @inlinable
    public mutating func number(_ value: Double) {
        guard value.isFinite else {
            raw("null")
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    public mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// `["a","b",…]`.
    public mutating func stringArray(_ values: [String]) {
        byte(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            string(value)
        }
        byte(UInt8(ascii: "]"))
    }

    /// `"key":` (with the leading comma when `comma` is true).
    public mutating func key(_ name: String, comma: Bool = true) {
        if comma { byte(UInt8(ascii: ",")) }
        string(name)
        byte(UInt8(ascii: ":"))
    }

    /// `value` as compact JSON: members in their order, ``JSONValue/numbers(_:)`` as an array, and
    /// NaN or ±∞ as `null` (see ``number(_:)``).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case let .bool(b): bool(b)
        case let .int(i): integer(i)
        case let .double(x): number(x)
        case let .string(s): string(s)
        case let .numbers(xs):
            byte(UInt8(ascii: "["))
            for (i, x) in xs.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                number(x)
            }
            byte(UInt8(ascii: "]"))
        case let .array(items):
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                self.value(item)
            }
            byte(UInt8(ascii: "]"))
        case let .object(members):
            byte(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                key(member.key, comma: i > 0)
                self.value(member.value)
            }
            byte(UInt8(ascii: "}"))
        }
    }
}
