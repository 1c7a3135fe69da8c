import ExpCore
import ExpData
import ExpTestSupport
import Foundation
import Testing

/// The prediction input decoder's own concerns: values arranged in selection order, ids, the CSV
/// and JSON error locations, limits. (That `exp predict` and `exp serve` agree is tested in
/// ExpServerTests' InputConsistencyTests.)
@Suite struct FeatureDecoderTests {
    /// Schema a, b, c, d, e; the model uses b and d.
    static let decoder = FeatureDecoder(columns: ["a", "b", "c", "d", "e"], selectedIndices: [1, 3], imputesMissingValues: false)
    static let imputing = FeatureDecoder(columns: ["a", "b", "c", "d", "e"], selectedIndices: [1, 3], imputesMissingValues: true)

    private func csv(_ text: String, _ decoder: FeatureDecoder = decoder, idColumn: String? = nil) throws(DataError) -> FeatureBatch {
        try decoder.decodeCSV(Array(text.utf8), file: "in.csv", idColumn: idColumn)
    }

    private func json(_ text: String, _ decoder: FeatureDecoder = decoder, idColumn: String? = nil) throws(DataError) -> FeatureBatch {
        try decoder.decodeJSON(Array(text.utf8), file: "in.json", idColumn: idColumn)
    }

    @Test func valuesComeInSelectionOrderWhateverTheColumnOrder() throws {
        let expected = Matrix(rows: 2, columns: 2, elements: [2, 4, 20, 40])
        #expect(try csv("e,d,c,b,a\n5,4,3,2,1\n50,40,30,20,10\n").values == expected)
        #expect(try csv("d,b\n4,2\n40,20\n").values == expected)
        #expect(try json(#"{"instances": [[1, 2, 3, 4, 5], [10, 20, 30, 40, 50]]}"#).values == expected)
        #expect(try json(#"{"instances": [[2, 4], [20, 40]]}"#).values == expected)
        #expect(try json(#"[{"d": 4, "b": 2}, {"a": 10, "b": 20, "c": 30, "d": 40, "e": 50}]"#).values == expected)
        #expect(try json(#"{"columns": ["b", "d"], "data": [[2, 4], [20, 40]]}"#).values == expected)
    }

    @Test func idsAndIgnoredColumns() throws {
        let batch = try csv("company,b,note,d,label\nacme,2,x,4,0\n7,20,y,40,1\n", idColumn: "company")
        #expect(batch.ids == ["acme", "7"])
        #expect(batch.ignoredColumns == ["note", "label"])
        let records = try json(#"[{"id": 12, "b": 2, "d": 4}, {"id": "x-1", "b": 2, "d": 4, "z": 0}]"#, idColumn: "id")
        #expect(records.ids == ["12", "x-1"])
        #expect(records.ignoredColumns == ["z"])
        let frame = try json(#"{"columns": ["id", "b", "d"], "data": [[1.5, 2, 4], [3, 2, 4]]}"#, idColumn: "id")
        #expect(frame.ids == ["1.5", "3"])
        #expect(throws: DataError.self) { try csv("b,d\n2,4\n", idColumn: "ticker") }
        let noID = try #require(throws: DataError.self) { try json(#"{"instances": [[2, 4]]}"#, idColumn: "id") }
        #expect(noID.kind == .missingColumns)
    }

    /// Missing values: imputed (NaN) only when the model has an imputer, refused with the line and
    /// column in CSV and the JSON location, row and column in JSON.
    @Test func missingValues() throws {
        let imputed = try csv("b,d\n,4\nNA,?\n", Self.imputing)
        #expect(imputed.values.elements.map(\.isNaN) == [true, false, true, true])
        #expect(try json(#"{"instances": [[null, 4]]}"#, Self.imputing).values.elements[0].isNaN)

        let cell = try #require(throws: DataError.self) { try csv("b,d\n2,4\n2, NA \n") }
        #expect(cell.kind == .missingValue && cell.kind.code == "missing_value")
        #expect(cell.line == 3 && cell.columnNumber == 2 && cell.columnName == "d" && cell.row == 2)
        #expect(cell.description == #"in.csv:3: column 2 'd': missing value ("NA"), but this model was trained without missing values and has no imputer; fill in a number"#)

        let null = try #require(throws: DataError.self) { try json(#"{"columns": ["a", "b", "c", "d", "e"], "data": [[1, 2, 3, 4, 5], [1, 2, 3, null, 5]]}"#) }
        #expect(null.field == "data[1][3]" && null.row == 2 && null.columnName == "d")
        #expect(null.description == "in.json: data[1][3] (row 2, column 'd') is null (a missing value), but this model was trained without missing values and has no imputer; send a number")
        let record = try #require(throws: DataError.self) { try json(#"[{"b": 2, "d": null}]"#) }
        #expect(record.field == #"[0]["d"]"# && record.message.hasPrefix(#"[0]["d"] (row 1) is null"#))
    }

    /// Only the values the model uses are read.
    @Test func unusedColumnsAreNotRead() throws {
        let batch = try csv("a,b,c,d,e\nabc,2,,4,inf\n")
        #expect(batch.values.elements == [2, 4])
        #expect(try json(#"{"instances": [["x", 2, null, 4, NaN]]}"#).values.elements == [2, 4])
    }

    @Test func theTwoFormsOfARowByName() throws {
        let partial = try #require(throws: DataError.self) { try csv("a,b,d\n1,2,4\n") }
        #expect(partial.kind == .missingColumns && partial.names == ["c", "e"])
        #expect(partial.description.hasPrefix("in.csv: missing columns: 'c', 'e' (the row holds 1 of the 3 input-schema columns the model does not use"))
        let selected = try #require(throws: DataError.self) { try csv("b,x\n1,2\n") }
        #expect(selected.names == ["d"] && selected.description == "in.csv: missing column: 'd' (needed by the model)")
        let duplicate = try #require(throws: DataError.self) { try json(#"[{"b": 2, "d": 4, "z": 1, "z": 2}]"#) }
        #expect(duplicate.kind == .duplicateHeader && duplicate.names == ["z"] && duplicate.field == "[0]" && duplicate.row == 1)
    }

    @Test func nonFiniteAndNonNumericValues() throws {
        let infinite = try #require(throws: DataError.self) { try csv("b,d\n2,-Infinity\n") }
        #expect(infinite.kind.code == "non_finite_value" && infinite.columnName == "d" && infinite.line == 2)
        let nan = try #require(throws: DataError.self) { try json(#"{"instances": [[2, NaN]]}"#) }
        #expect(nan.kind.code == "non_finite_value" && nan.field == "instances[0][1]" && nan.message.contains("reads as NaN"))
        let overflow = try #require(throws: DataError.self) { try json(#"{"instances": [[2, 4], [-1e400, 4]]}"#) }
        #expect(overflow.field == "instances[1][0]" && overflow.row == 2 && overflow.message.contains("-Infinity"))
        let text = try #require(throws: DataError.self) { try json(#"[{"b": "2.5", "d": 4}]"#) }
        #expect(text.kind.code == "non_numeric_value" && text.message.contains(#"the string "2.5""#))
    }

    /// Malformed JSON names its line and column (not a `DecodingError`); a byte-order mark is fine.
    @Test func malformedJSONHasALineAndColumn() throws {
        let error = try #require(throws: DataError.self) { try json("[\n  {\"b\": 2, \"d\": 4},\n  {\"b\": 2 \"d\": 4}\n]") }
        #expect(error.kind == .malformedJSON && error.kind.code == "malformed_json")
        #expect(error.line == 3 && error.columnNumber == 11)
        #expect(error.description == "in.json:3:11: malformed JSON: expected ',' or '}' after an object member")
        #expect(try json("\u{FEFF}[{\"b\": 2, \"d\": 4}]").values.elements == [2, 4])
        let utf16 = try #require(throws: DataError.self) {
            try Self.decoder.decodeJSON([0xFF, 0xFE] + Array("[]".utf8), file: "in.json")
        }
        #expect(utf16.message.contains("UTF-16"))
    }

    @Test func rowLimit() throws {
        var limited = Self.decoder
        limited.maxRows = 2
        #expect(try json(#"{"instances": [[2, 4], [2, 4]]}"#, limited).rowCount == 2)
        let error = try #require(throws: DataError.self) { try json(#"{"instances": [[2, 4], [2, 4], [2, 4]]}"#, limited) }
        #expect(error.kind.code == "batch_too_large" && error.received == 3 && error.expected == [2])
        #expect(throws: DataError.self) { try csv("b,d\n1,2\n1,2\n1,2\n", limited) }
    }

    @Test func filesAreReadByExtension() throws {
        let directory = try TemporaryDirectory(prefix: "exp-decoder")
        try Data("b,d\n2,4\n".utf8).write(to: URL(fileURLWithPath: directory.path("in.csv")))
        try Data(#"[{"b": 2, "d": 4}]"#.utf8).write(to: URL(fileURLWithPath: directory.path("in.JSON")))
        try Data("b d".utf8).write(to: URL(fileURLWithPath: directory.path("in.txt")))
        #expect(try Self.decoder.read(path: directory.path("in.csv")).values.elements == [2, 4])
        #expect(try Self.decoder.read(path: directory.path("in.JSON")).values.elements == [2, 4])
        #expect(throws: DataError.self) { try Self.decoder.read(path: directory.path("in.txt")) }
        let missing = try #require(throws: DataError.self) { try Self.decoder.read(path: directory.path("none.csv")) }
        #expect(missing.kind == .unreadable)
    }

    /// Every kind has a distinct code.
    @Test func codesAreDistinct() {
        let kinds: [DataError.Kind] = [
            .unreadable, .unsupportedFormat, .emptyFile, .noDataRows, .invalidUTF8, .raggedRow, .malformedQuote,
            .duplicateHeader, .emptyHeader, .missingLabelColumn, .nonNumeric, .infiniteValue, .missingLabel,
            .singleClass, .tooManyClasses, .unknownPositiveClass, .invalidARFF, .nonNumericAttribute, .invalidOption,
            .noFeatures, .missingColumns, .invalidJSON, .malformedJSON, .unknownField, .duplicateField, .missingField,
            .wrongValueCount, .missingValue, .tooManyRows,
        ]
        #expect(Set(kinds.map(\.code)).count == kinds.count)
    }
}
