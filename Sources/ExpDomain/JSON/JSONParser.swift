/// A strict RFC 8259 JSON parser over UTF-8 bytes: request bodies, prediction input files, test
/// fixtures. Every refusal is a ``DomainError/malformedJSON(line:column:offset:reason:)`` with the
/// 1-based line and column (in bytes) of the first offending byte.
///
/// - Arrays of numbers are collected straight into `[Double]` (see ``JSONValue/numbers(_:)``), the
///   fast path for feature rows. An array that turns out to hold something else is read again
///   element by element (from its start, so nothing before the first non-number is lost).
/// - A number outside such an array is ``JSONValue/int(_:)`` when written without fraction or
///   exponent and within `Int` (`-0` excepted, which stays a Double), ``JSONValue/double(_:)``
///   otherwise.
/// - Numbers: the JSON grammar only (no leading zeros, no `+`, no hex, no bare `.5`). A literal
///   with at most 19 significant digits and a decimal exponent within ±22 is converted with one
///   correctly rounded multiplication or division (Clinger's fast path); anything else goes through
///   the standard library's correctly rounded `Double(_:)`. A literal too large for a Double (`1e999`)
///   becomes ±∞, which the request layer rejects by position.
/// - The tokens `NaN`, `Infinity` and `-Infinity` (what Python's `json.dumps` writes for non-finite
///   floats) are parsed as the non-finite values they name, for the same reason: a client learns
///   *which* value is non-finite (422) rather than that its body is not JSON (400).
/// - Strings must be valid UTF-8 without raw control characters; `\u` escapes must pair surrogates.
/// - Nesting is limited to ``maximumDepth`` levels, so a hostile body cannot exhaust the stack.
/// - A leading UTF-8 byte-order mark is skipped (RFC 8259 §8.1 lets a parser ignore it; editors on
///   Windows write one); columns on the first line are then counted after it. A UTF-16 or UTF-32
///   byte-order mark is refused with a message saying so.
/// - Object members keep their order and their duplicates (see ``JSONValue``).
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"data": [1, 2.5]}"#.utf8))   // .object([data: .numbers([1, 2.5])])
/// try JSONParser.parse(Array("{\"data\": [1,}".utf8))
/// // DomainError: malformed JSON at line 1, column 14 (byte 13): expected a value …
/// ```
public struct JSONParser {
    public static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// 3 after a UTF-8 byte-order mark, else 0: where the text starts.
    private var textStart = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON value filling the whole of `bytes` (surrounding whitespace allowed).
    /// - Throws: ``DomainError/malformedJSON(line:column:offset:reason:)``.
    public static func parse(_ bytes: [UInt8]) throws(DomainError) -> JSONValue {
        let result: Result<JSONValue, DomainError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(DomainError) in try parser.parseDocument() }
        }
        return try result.get()
    }

    private mutating func parseDocument() throws(DomainError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            textStart = 3
        } else if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            throw error("the text starts with a UTF-16 (or UTF-32) byte-order mark; JSON must be UTF-8")
        }
        skipWhitespace()
        guard index < bytes.count else {
            throw error(bytes.count == textStart ? "the text is empty" : "the text holds only whitespace")
        }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected content after the JSON value") }
        return value
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(DomainError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseScalarNumber()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "N"):
            try expectLiteral("NaN")
            return .double(.nan)
        case UInt8(ascii: "I"):
            try expectLiteral("Infinity")
            return .double(.infinity)
        default:
            throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func parseArray(depth: Int) throws(DomainError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("arrays and objects nest deeper than \(Self.maximumDepth) levels") }
        let start = index
        index += 1  // [
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .numbers([])
        }
        // Fast path: numbers only, straight into [Double].
        var numbers: [Double] = []
        numbers.reserveCapacity(16)
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected an array element") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                numbers.append(try parseNumber())
            } else if byte == UInt8(ascii: "N") || byte == UInt8(ascii: "I") {
                guard case let .double(x) = try parseValue(depth: depth) else { throw error("expected a number") }
                numbers.append(x)
            } else {
                // Not numbers only: read the array again, element by element.
                index = start
                return try parseMixedArray(depth: depth)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or ']' in an array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .numbers(numbers)
            default: throw error("expected ',' or ']' after an array element")
            }
        }
    }

    /// An array with at least one element that is not a number, from its `[`.
    private mutating func parseMixedArray(depth: Int) throws(DomainError) -> JSONValue {
        index += 1  // [
        var values: [JSONValue] = []
        while true {
            skipWhitespace()
            values.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or ']' in an array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(values)
            default: throw error("expected ',' or ']' after an array element")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(DomainError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("arrays and objects nest deeper than \(Self.maximumDepth) levels") }
        index += 1  // {
        skipWhitespace()
        var members: [JSONMember] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected an object key") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key in an object") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the object key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or '}' in an object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw error("expected ',' or '}' after an object member")
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(DomainError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for i in 0..<count {
            guard index + i < bytes.count, bytes[index + i] == start[i] else {
                index += i
                throw error("invalid literal, expected '\(literal)'")
            }
        }
        index += count
    }

    // MARK: Numbers

    /// Exact powers of ten representable in a Double (10^0 … 10^22).
    private static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// A number outside a numbers-only array: ``JSONValue/int(_:)`` when the literal is an integer
    /// that fits (and is not `-0`), else ``JSONValue/double(_:)``.
    private mutating func parseScalarNumber() throws(DomainError) -> JSONValue {
        let start = index
        let value = try parseNumber()
        var integer = 0
        var negative = false
        for i in start..<index {
            let byte = bytes[i]
            if byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard isDigit(byte) else { return .double(value) }
            let digit = Int(byte &- UInt8(ascii: "0"))
            let (times10, overflow1) = integer.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return .double(value) }
            integer = next
        }
        if integer == 0, negative { return .double(value) }
        return .int(integer)
    }

    private mutating func parseNumber() throws(DomainError) -> Double {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                try expectLiteral("Infinity")
                return -.infinity
            }
        }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in a number") }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var exact = true
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("numbers must not have leading zeros") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
                    significant += 1
                } else {
                    exact = false
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = UInt64(bytes[index] &- UInt8(ascii: "0"))
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if digit != 0 {
                    exact = false
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            var value = 0
            while index < bytes.count, isDigit(bytes[index]) {
                if value < 100_000 { value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentNegative ? -value : value
        }
        if exact, mantissa == 0 { return negative ? -0.0 : 0.0 }
        if exact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent >= 0 { value *= Self.powersOfTen[exponent] } else { value /= Self.powersOfTen[-exponent] }
            return negative ? -value : value
        }
        if exact, exponent >= -27, exponent <= 27 {
            let value = Self.exactDecimal(mantissa, exponent)
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else {
            index = start
            throw error("the number cannot be read")
        }
        return value
    }

    /// Exact powers of five 5^0 … 5^27 (5^27 < 2^63).
    private static let powersOfFive: [UInt64] = (0...27).map { e in
        var p: UInt64 = 1
        for _ in 0..<e { p *= 5 }
        return p
    }

    /// m · 10^e correctly rounded (to nearest, ties to even), for 0 < m < 2^64 and |e| ≤ 27, in
    /// 128-bit integer arithmetic: with 10^e = 5^e · 2^e, the product m · 5^e (< 2^127) or the
    /// quotient (m · 2^s) / 5^|e| (≥ 2^64, remainder kept as a sticky bit) is rounded once to 53
    /// bits and scaled by a power of two, which is exact. This covers the 17-digit literals that
    /// `repr(float)` writes, which Clinger's fast path cannot take.
    static func exactDecimal(_ m: UInt64, _ e: Int) -> Double {
        var value: UInt128
        var binaryExponent: Int
        var sticky = false
        if e >= 0 {
            value = UInt128(m) * UInt128(powersOfFive[e])
            binaryExponent = e
        } else {
            let shift = 64 + m.leadingZeroBitCount
            let divisor = UInt128(powersOfFive[-e])
            let numerator = UInt128(m) << shift
            let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: divisor)
            value = quotient
            sticky = remainder != 0
            binaryExponent = e - shift
        }
        let bits = 128 - value.leadingZeroBitCount
        if bits > 53 {
            let extra = bits - 53
            let mask = (UInt128(1) << extra) - 1
            let rest = value & mask
            let half = UInt128(1) << (extra - 1)
            value >>= extra
            binaryExponent += extra
            if rest > half || (rest == half && (sticky || value & 1 == 1)) {
                value += 1
                if value == UInt128(1) << 53 {
                    value >>= 1
                    binaryExponent += 1
                }
            }
        }
        return Double(sign: .plus, exponent: binaryExponent, significand: Double(UInt64(value)))
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    // MARK: Strings

    private mutating func parseString() throws(DomainError) -> String {
        index += 1  // opening quote
        let start = index
        var ascii = true
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    index = start
                    throw error("a string is not valid UTF-8")
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control characters must be escaped in strings") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        guard index < bytes.count else { throw error("unexpected end of input inside a string") }
        // Slow path: decode escapes into a byte buffer.
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    index = start
                    throw error("a string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input inside a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("a high surrogate escape must be followed by a low surrogate escape")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("a high surrogate escape must be followed by a low surrogate escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a low surrogate escape without a high surrogate")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    if let encoded = UTF8.encode(unicode) { utf8.append(contentsOf: encoded) }
                default:
                    index -= 1
                    throw error("invalid escape sequence in a string")
                }
            default:
                if byte < 0x20 { throw error("control characters must be escaped in strings") }
                utf8.append(byte)
                index += 1
            }
        }
        throw error("unexpected end of input inside a string")
    }

    private mutating func parseHex4() throws(DomainError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: Helpers

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func error(_ reason: String) -> DomainError {
        let offset = min(index, bytes.count)
        var line = 1
        var lineStart = textStart
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return .malformedJSON(line: line, column: max(1, offset - lineStart + 1), offset: offset, reason: reason)
    }
}
