import ExpDomain
import Foundation
import Testing

@Suite struct JSONValueTests {
    /// `Codable` writes each case as its own type, so a manifest's bytes do not depend on which
    /// module's JSON value produced them: `64` stays `64`, `0.0001` stays `0.0001`, keys sorted.
    @Test func codableKeepsIntegersAndSortsKeys() throws {
        let parameters: [String: JSONValue] = [
            "hidden_layer_sizes": [64, 32], "alpha": 0.0001, "activation": "relu", "early_stopping": true,
            "resampling": nil, "nested": ["b": 1, "a": 2.5],
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(parameters), as: UTF8.self)
        #expect(text == #"{"activation":"relu","alpha":0.0001,"early_stopping":true,"hidden_layer_sizes":[64,32],"nested":{"a":2.5,"b":1},"resampling":null}"#)
        let decoded = try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        #expect(decoded == parameters)
        guard case .array([.int(64), .int(32)])? = decoded["hidden_layer_sizes"] else {
            Issue.record("\(String(describing: decoded["hidden_layer_sizes"]))")
            return
        }
        // Members of a decoded object come sorted by key.
        #expect(decoded["nested"]?.members?.map(\.key) == ["a", "b"])
        // The parser's compact arrays encode as arrays of numbers.
        #expect(String(decoding: try encoder.encode(JSONValue.numbers([1.5, 2])), as: UTF8.self).hasPrefix("[1.5,2"))
        // A repeated key cannot be encoded.
        #expect(throws: EncodingError.self) { try encoder.encode(try JSONParser.parse(Array(#"{"k": 1, "k": 2}"#.utf8))) }
    }

    /// The model card's spelling: integers without a fraction, keys sorted, strings unescaped.
    @Test func descriptionIsStable() throws {
        let value: JSONValue = ["b": [64, 32], "a": 0.5, "c": "relu", "d": nil, "e": false]
        #expect(value.description == #"{"a": 0.5, "b": [64, 32], "c": "relu", "d": null, "e": false}"#)
        #expect(JSONValue.double(64).description == "64.0")
        #expect(JSONValue.numbers([1, 2.5]).description == "[1.0, 2.5]")
    }

    @Test func equalityComparesNumbersByValueAndObjectsByMembers() throws {
        #expect(JSONValue.double(1) == JSONValue.int(1))
        #expect(JSONValue.double(.nan) == JSONValue.double(.nan))
        #expect(JSONValue.double(0) != JSONValue.double(-0.0))
        #expect(JSONValue.numbers([1, 2]) == [1, 2.0])
        #expect(JSONValue.numbers([1, 2]) != [1, "2"])
        #expect(try JSONParser.parse(Array(#"{"a": 1, "b": [2]}"#.utf8)) == ["b": [2], "a": 1])
        #expect(try JSONParser.parse(Array(#"{"a": 1, "a": 2}"#.utf8)) != ["a": 2, "a": 1])
        #expect(JSONValue.object([]) != ["a": 1])
    }

    @Test func accessors() throws {
        let value = try JSONParser.parse(Array(#"{"rows": [[1, 2], [3, null]], "name": "x", "n": 3, "k": 1, "k": 2}"#.utf8))
        #expect(value["name"]?.stringValue == "x")
        #expect(value["n"]?.intValue == 3 && value["n"]?.doubleValue == 3)
        #expect(value["k"] == 1)
        #expect(value["rows"]?[0]?[1] == 2)
        #expect(value["rows"]?[1]?[1] == .null)
        #expect(value["rows"]?[0]?.elements == [1, 2])
        #expect(value["rows"]?.arrayCount == 2)
        #expect(value["missing"] == nil && value[0] == nil)
        #expect(value["rows"]?.kindDescription == "an array")
    }

    /// The writer's compact output reads back as the same value.
    @Test func writerRoundTrips() throws {
        let text = #"{"a":[1,2.5,-3e-7],"b":[1,"x\"\n\u0001",null,true,{"c":-0.0}],"d":{},"e":[],"k":1,"k":2}"#
        let value = try JSONParser.parse(Array(text.utf8))
        var writer = JSONWriter()
        writer.value(value)
        #expect(String(decoding: writer.bytes, as: UTF8.self)
                    == #"{"a":[1.0,2.5,-3e-07],"b":[1,"x\"\n\u0001",null,true,{"c":-0.0}],"d":{},"e":[],"k":1,"k":2}"#)
        #expect(try JSONParser.parse(writer.bytes) == value)
        var nonFinite = JSONWriter()
        nonFinite.value([JSONValue.double(.nan), .double(.infinity)])
        #expect(String(decoding: nonFinite.bytes, as: UTF8.self) == "[null,null]")
    }
}
