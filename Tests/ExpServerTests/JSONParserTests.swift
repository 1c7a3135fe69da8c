import ExpCore
import Foundation
import Testing
@testable import ExpServer

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func valuesAndStructure() throws {
        #expect(try parse(#" {"a": [1, 2.5, -3e2], "b": [1, "x", null], "c": {}, "d": [], "e": true, "f": false} "#) == .object([
            JSONMember(key: "a", value: .numbers([1, 2.5, -300])),
            JSONMember(key: "b", value: .array([.number(1), .string("x"), .null])),
            JSONMember(key: "c", value: .object([])),
            JSONMember(key: "d", value: .numbers([])),
            JSONMember(key: "e", value: .bool(true)),
            JSONMember(key: "f", value: .bool(false)),
        ]))
        #expect(try parse(#"{"k": 1, "k": 2}"#) == .object([JSONMember(key: "k", value: .number(1)), JSONMember(key: "k", value: .number(2))]))
    }

    @Test func stringsAndEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(try parse("\"Ünïcödé\"") == .string("Ünïcödé"))
        #expect(throws: JSONSyntaxError.self) { try parse(#""\ud83d""#) }
        #expect(throws: JSONSyntaxError.self) { try parse(#""\ude00""#) }
        #expect(throws: JSONSyntaxError.self) { try parse(#""\x""#) }
        #expect(throws: JSONSyntaxError.self) { try parse("\"a\nb\"") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
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
        #expect(try parse("1e999") == .number(.infinity))
        #expect(try parse("-1e999") == .number(-.infinity))
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
        #expect(throws: JSONSyntaxError.self, "\(text)") { try parse(text) }
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try parse(ok)
        let deep = String(repeating: "[", count: 100_000)
        let error = try #require(throws: JSONSyntaxError.self) { try parse(deep) }
        #expect(error.reason.contains("nest"))
        #expect(error.offset == JSONParser.maximumDepth)
    }

    @Test func errorPositionCountsLines() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try parse("{\n\"a\": [1,\n 2,\n x]}") }
        #expect(error.line == 4)
        #expect(error.column == 2)
        #expect(error.offset == 16)
    }
}
