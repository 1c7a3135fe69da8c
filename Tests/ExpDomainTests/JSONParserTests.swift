import ExpCore
import ExpDomain
import Foundation
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The position of a refusal.
    private func position(_ text: String) throws -> (line: Int, column: Int, offset: Int, reason: String) {
        try position(Array(text.utf8))
    }

    private func position(_ bytes: [UInt8]) throws -> (line: Int, column: Int, offset: Int, reason: String) {
        let error = try #require(throws: DomainError.self) { try JSONParser.parse(bytes) }
        guard case let .malformedJSON(line, column, offset, reason) = error else {
            Issue.record("not malformedJSON: \(error)")
            return (0, 0, 0, "")
        }
        return (line, column, offset, reason)
    }

    @Test func valuesAndStructure() throws {
        #expect(try parse(#" {"a": [1, 2.5, -3e2], "b": [1, "x", null], "c": {}, "d": [], "e": true, "f": false} "#) == .object([
            JSONMember(key: "a", value: .numbers([1, 2.5, -300])),
            JSONMember(key: "b", value: .array([.int(1), .string("x"), .null])),
            JSONMember(key: "c", value: .object([])),
            JSONMember(key: "d", value: .numbers([])),
            JSONMember(key: "e", value: .bool(true)),
            JSONMember(key: "f", value: .bool(false)),
        ]))
        #expect(try parse(#"{"k": 1, "k": 2}"#) == .object([JSONMember(key: "k", value: .int(1)), JSONMember(key: "k", value: .int(2))]))
    }

    @Test func stringsAndEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(try parse("\"Ünïcödé\"") == .string("Ünïcödé"))
        #expect(throws: DomainError.self) { try parse(#""\ud83d""#) }
        #expect(throws: DomainError.self) { try parse(#""\ude00""#) }
        #expect(throws: DomainError.self) { try parse(#""\x""#) }
        #expect(throws: DomainError.self) { try parse("\"a\nb\"") }
        #expect(throws: DomainError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    /// Every number reads exactly as the standard library's correctly rounded parser reads it.
    @Test func numbersAreCorrectlyRounded() throws {
        var generator = SeededGenerator(seed: 20_261_121)
        var literals = ["0", "-0", "1", "-1", "0.1", "0.3", "1e22", "1e23", "9007199254740993", "123456789012345678901234567890",
                        "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "1e-400", "0.000001", "1E+2", "1e-7",
                        "3.141592653589793238462643383279", "0.30000000000000004", "17976931348623157e292", "1.00000000000000000001"]
        // Ties and near-ties at 2^53 (the 128-bit path's rounding).
        literals += ["9007199254740993", "9007199254740995", "9007199254740997", "18014398509481985", "18014398509481987",
                     "0.94100000000000006", "9999999999999999999", "9999999999999999999e27", "1e-27", "1844674407370955161.5e-27"]
        for _ in 0..<2000 {
            // 15-19 significant digits with a decimal exponent in ±27.
            let digits = 15 + Int(generator.next() % 5)
            var mantissa = "\(1 + generator.next() % 9)"
            for _ in 1..<digits { mantissa += "\(generator.next() % 10)" }
            let exponent = Int(generator.next() % 55) - 27
            literals.append("\(mantissa)e\(exponent)")
            let point = 1 + Int(generator.next() % UInt64(digits - 1))
            literals.append(String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point)))
            literals.append("0." + String(repeating: "0", count: Int(generator.next() % 6)) + mantissa)
        }
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            literals.append("\(value)")
            literals.append(String(format: "%.6f", Double(generator.next() % 1_000_000_000) / 1000))
            literals.append(String(format: "%.17g", value))
        }
        for literal in literals {
            guard case let .numbers(values) = try parse("[\(literal)]") else {
                Issue.record("\(literal) did not parse as a number")
                continue
            }
            let expected = try #require(Double(literal))
            #expect(values[0].bitPattern == expected.bitPattern, "\(literal)")
        }
        #expect(try parse("1e999") == .double(.infinity))
        #expect(try parse("-1e999") == .double(-.infinity))
    }

    @Test func pythonNonFiniteTokensParse() throws {
        guard case let .numbers(values) = try parse("[NaN, Infinity, -Infinity]") else {
            Issue.record("not numbers")
            return
        }
        #expect(values[0].isNaN && values[1] == .infinity && values[2] == -.infinity)
    }

    @Test(arguments: ["", " ", "[", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\": 1,}", "{1: 2}", "01", "1.", ".1", "1e", "+1", "-",
                      "tru", "nul", "[1]]", "\"abc", "[-]", "Infinit", "-Inf", "nan", "0x10"])
    func malformedIsRefused(text: String) {
        #expect(throws: DomainError.self, "\(text)") { try parse(text) }
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try parse(ok)
        let deep = String(repeating: "[", count: 100_000)
        let error = try position(deep)
        #expect(error.reason.contains("nest"))
        #expect(error.offset == JSONParser.maximumDepth)
    }

    @Test func errorPositionCountsLines() throws {
        let error = try position("{\n\"a\": [1,\n 2,\n x]}")
        #expect(error.line == 4)
        #expect(error.column == 2)
        #expect(error.offset == 16)
        #expect(try #require(throws: DomainError.self) { try parse("[1,]") }.description
                    == "malformed JSON at line 1, column 4 (byte 3): expected a value (object, array, string, number, true, false or null)")
    }

    /// Integers stay integers (`64`, not `64.0`) outside numbers-only arrays; `-0`, fractions,
    /// exponents and integers beyond `Int` are doubles.
    @Test func integerLiteralsAreInts() throws {
        #expect(try parse("64") == .int(64))
        guard case .int(64) = try parse("64") else { Issue.record("64 is not .int"); return }
        guard case .int(Int.min) = try parse("-9223372036854775808") else { Issue.record("Int.min"); return }
        guard case .double(9.223372036854775808e18) = try parse("9223372036854775808") else { Issue.record("Int.max + 1"); return }
        guard case let .double(negativeZero) = try parse("-0") else { Issue.record("-0 is not a double"); return }
        #expect(negativeZero.sign == .minus)
        for text in ["64.0", "6.4e1", "1E2"] {
            guard case .double = try parse(text) else { Issue.record("\(text) is not a double"); continue }
        }
        #expect(try parse("64.0") == .int(64))  // equal by value
    }

    /// An array that is not numbers only is read again from its start, so the numbers before the
    /// first other value keep their integer form.
    @Test func mixedArraysKeepEveryElement() throws {
        let value = try parse(#"[1, 2.5, NaN, "x", 3, null, [4, 5], {"a": -0}]"#)
        guard case let .array(items) = value, items.count == 8 else { Issue.record("\(value)"); return }
        guard case .int(1) = items[0], case .double(2.5) = items[1], case let .double(nan) = items[2], nan.isNaN,
              case .string("x") = items[3], case .int(3) = items[4], case .null = items[5],
              case .numbers([4, 5]) = items[6], case .object = items[7] else {
            Issue.record("\(value)")
            return
        }
        #expect(try parse("[1, 2, 3, 4, null]") == [1, 2, 3, 4, nil])
        #expect(try position("[1, 2, x]").column == 8)
    }

    /// RFC 8259 §8.1: a leading UTF-8 byte-order mark may be ignored; UTF-16 is refused by name.
    @Test func byteOrderMarks() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONParser.parse(bom + Array(#"{"a": [1]}"#.utf8)) == ["a": [1]])
        // Columns on the first line count from after the mark.
        let error = try position(bom + Array("[1,]".utf8))
        #expect(error.line == 1 && error.column == 4 && error.offset == 6)
        #expect(try position(bom).reason == "the text is empty")
        let utf16 = try position([0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00])
        #expect(utf16.reason.contains("UTF-16") && utf16.line == 1 && utf16.column == 1)
        #expect(try position([0xFE, 0xFF, 0x00, 0x5B]).reason.contains("UTF-16"))
        // A mark anywhere else is an error as before.
        #expect(throws: DomainError.self) { try JSONParser.parse(Array(" ".utf8) + bom + Array("1".utf8)) }
    }
}
