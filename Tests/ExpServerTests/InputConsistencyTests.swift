import ExpCore
import ExpData
import ExpDomain
import ExpTestSupport
import Foundation
import Testing
@testable import ExpServer

/// Issue 16, defect 2: `exp predict` and `exp serve` read prediction input by one set of rules.
///
/// One table of inputs goes through both paths: `exp predict`'s (the file is written out and read
/// with ``FeatureDecoder/read(path:idColumn:)``, then scored with
/// `predictProbabilities(selected:threads:)`, exactly as `PredictCommand` does) and the server's
/// (``PredictionService`` in process, `POST /v1/predict`). Both must give bit-identical
/// probabilities and ignore the same unknown columns, or refuse with the same code, field, row
/// and column. Each case also pins the outcome, so that the two cannot agree on a wrong answer.
@Suite struct InputConsistencyTests {
    /// What a path made of an input.
    enum Outcome: Equatable, CustomStringConvertible {
        /// Bit patterns of P(positive), and the unknown columns reported.
        case scored([UInt64], ignored: [String])
        /// The error code, the JSON field, the 1-based row and the column it is about (for malformed
        /// JSON: nil, the line, the column number as text).
        case refused(code: String, field: String?, row: Int?, column: String?)

        var code: String? {
            if case let .refused(code, _, _, _) = self { return code }
            return nil
        }

        var description: String {
            switch self {
            case let .scored(bits, ignored):
                "scored \(bits.map { Double(bitPattern: $0) })" + (ignored.isEmpty ? "" : " ignoring \(ignored)")
            case let .refused(code, field, row, column):
                "refused \(code) field=\(field ?? "-") row=\(row.map(String.init) ?? "-") column=\(column ?? "-")"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        /// The same rows as CSV, where CSV can say it.
        var csv: String? = nil
        var imputer = false
        /// The expected error code, or nil for scored rows.
        var code: String? = nil
        var testDescription: String { name }
    }

    static let full = #"{"columns": ["x0", "x1", "x2", "x3"], "data": "#

    static let cases: [Case] = [
        Case(name: "full schema by name", json: full + "[[10, 3, -7, 6], [0, 1, 0, 2]]}",
             csv: "x0,x1,x2,x3\n10,3,-7,6\n0,1,0,2\n"),
        Case(name: "reordered, with an unknown column", json: #"{"columns": ["note", "x3", "x2", "x1", "x0"], "data": [["a", 6, -7, 3, 10]]}"#,
             csv: "note,x3,x2,x1,x0\na,6,-7,3,10\n"),
        Case(name: "only the selected features by name", json: #"{"columns": ["x3", "x1"], "data": [[6, 3]]}"#,
             csv: "x3,x1\n6,3\n"),
        Case(name: "records, full schema", json: #"[{"x0": 10, "x1": 3, "x2": -7, "x3": 6}]"#),
        Case(name: "records, only the selected features, an extra field", json: #"[{"x1": 3, "x3": 6, "id": 7}, {"x3": 2, "x1": 1}]"#),
        Case(name: "records under dataframe_records", json: #"{"dataframe_records": [{"x1": 3, "x3": 6}]}"#),
        Case(name: "dataframe_split", json: #"{"dataframe_split": {"columns": ["x1", "x3"], "data": [[3, 6]], "index": [4]}}"#),
        Case(name: "pandas orient=split with its index", json: #"{"columns": ["x1", "x3"], "index": [0], "data": [[3, 6]]}"#),
        Case(name: "instances, full rows", json: #"{"instances": [[10, 3, -7, 6], [0, 1, 0, 2]]}"#),
        Case(name: "instances, selected features", json: #"{"instances": [[3, 6], [1, 2]]}"#),
        Case(name: "a UTF-8 byte-order mark", json: "\u{FEFF}" + #"{"instances": [[3, 6]]}"#, csv: "\u{FEFF}x1,x3\n3,6\n"),
        Case(name: "a duplicated field in a record", json: #"[{"x0": 10, "x1": 3, "x2": -7, "x3": 6, "x1": 4}]"#,
             code: "duplicate_columns"),
        Case(name: "a duplicated column name", json: #"{"columns": ["x0", "x1", "x1", "x3"], "data": [[1, 2, 3, 4]]}"#,
             csv: "x0,x1,x1,x3\n1,2,3,4\n", code: "duplicate_columns"),
        Case(name: "a duplicated unknown column name", json: #"{"columns": ["x1", "x3", "n", "n"], "data": [[1, 2, 3, 4]]}"#,
             csv: "x1,x3,n,n\n1,2,3,4\n", code: "duplicate_columns"),
        Case(name: "a selected feature missing", json: #"{"columns": ["x0", "x1", "x2"], "data": [[1, 2, 3]]}"#,
             csv: "x0,x1,x2\n1,2,3\n", code: "missing_columns"),
        Case(name: "part of the unused columns", json: #"{"columns": ["x0", "x1", "x3"], "data": [[1, 2, 3]]}"#,
             csv: "x0,x1,x3\n1,2,3\n", code: "missing_columns"),
        Case(name: "a record without a selected feature", json: #"[{"x1": 3, "x3": 6}, {"x1": 3}]"#, code: "missing_columns"),
        Case(name: "a missing value, no imputer", json: full + "[[10, 3, -7, 6], [1, null, 3, 4]]}",
             csv: "x0,x1,x2,x3\n10,3,-7,6\n1,,3,4\n", code: "missing_value"),
        Case(name: "a missing value, imputed", json: full + "[[1, null, 3, 4]]}", csv: "x0,x1,x2,x3\n1,NA,3,4\n", imputer: true),
        Case(name: "a missing value in a column the model does not use", json: full + "[[null, 3, null, 6]]}",
             csv: "x0,x1,x2,x3\n,3,,6\n"),
        Case(name: "a missing value in a record, no imputer", json: #"[{"x1": null, "x3": 6}]"#, code: "missing_value"),
        Case(name: "NaN", json: full + "[[1, NaN, 3, 4]]}", code: "non_finite_value"),
        Case(name: "Infinity", json: full + "[[1, 2, 3, -Infinity]]}", csv: "x0,x1,x2,x3\n1,2,3,-inf\n", code: "non_finite_value"),
        Case(name: "a number too large for a Double", json: #"{"instances": [[3, 1e999]]}"#, code: "non_finite_value"),
        Case(name: "a string for a number", json: full + #"[[1, "2", 3, 4]]}"#, csv: "x0,x1,x2,x3\n1,abc,3,4\n",
             code: "non_numeric_value"),
        Case(name: "a boolean in a record", json: #"[{"x1": true, "x3": 6}]"#, code: "non_numeric_value"),
        Case(name: "a string in a column the model does not use", json: full + #"[[1, 3, "n/a", 6]]}"#,
             csv: "x0,x1,x2,x3\n1,3,n/a,6\n"),
        Case(name: "an unknown top-level field", json: #"{"instances": [[3, 6]], "extra": 1}"#, code: "unknown_field"),
        Case(name: "a duplicated top-level field", json: #"{"instances": [[3, 6]], "instances": [[3, 6]]}"#, code: "duplicate_field"),
        Case(name: "a positional row of the wrong width", json: #"{"instances": [[1, 2, 3]]}"#, code: "wrong_value_count"),
        Case(name: "a ragged batch", json: #"{"instances": [[3, 6], [1, 2, 3]]}"#, code: "ragged_batch"),
        Case(name: "a row shorter than the header", json: full + "[[10, 3, -7, 6], [1, 2, 3]]}",
             csv: "x0,x1,x2,x3\n10,3,-7,6\n1,2,3\n", code: "ragged_batch"),
        Case(name: "no rows", json: full + "[]}", code: "empty_batch"),
        Case(name: "no rows in a record array", json: "[]", code: "empty_batch"),
        Case(name: "not a batch", json: "42", code: "invalid_request"),
        Case(name: "malformed JSON", json: "{\"instances\": [[3, 6],\n  [1, 2,]]}", code: "malformed_json"),
    ]

    // MARK: The two paths

    /// `exp predict FILE`: the decoder as PredictCommand calls it, then the pipeline's selected path.
    static func predict(_ text: String, extension ext: String, imputer: Bool, in directory: TemporaryDirectory) throws
        -> Outcome
    {
        let model = try Fixtures.model(imputer: imputer)
        let path = directory.path("input.\(ext)")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            let batch = try FeatureDecoder(columns: model.inputFeatureNames, pipeline: model.pipeline).read(path: path)
            let p = try model.pipeline.predictProbabilities(selected: batch.values, threads: 2)
            return .scored(p.map(\.bitPattern), ignored: batch.ignoredColumns)
        } catch let error as DataError {
            if error.kind == .malformedJSON {
                return .refused(code: error.kind.code, field: nil, row: error.line, column: error.columnNumber.map(String.init))
            }
            return .refused(code: error.kind.code, field: error.field, row: error.row,
                            column: error.columnName ?? error.names.first)
        }
    }

    /// `POST /v1/predict` in process; the response read exactly.
    static func serve(_ body: String, path: String = "/v1/predict", imputer: Bool) throws -> Outcome {
        let response = try Fixtures.service(imputer: imputer).post(path, body)
        let value = try JSONParser.parse(response.body)
        guard response.status == 200 else {
            let error = try #require(value["error"])
            let code = try #require(error["code"]?.stringValue)
            let details = try #require(error["details"])
            if code == "malformed_json" {
                #expect(response.status == 400)
                return .refused(code: code, field: nil, row: details["line"]?.intValue,
                                column: details["column"]?.intValue.map(String.init))
            }
            #expect(response.status == 422, "\(body): \(response.text)")
            let column = details["column"]?.stringValue ?? details["duplicates"]?[0]?.stringValue
                ?? details["missing"]?[0]?.stringValue
            return .refused(code: code, field: details["field"]?.stringValue, row: details["row"]?.intValue, column: column)
        }
        let rows = try #require(value["probabilities"]?.elements ?? value["probability"].map { [$0] })
        let bits = try rows.map { row in
            try #require(row[1]?.doubleValue ?? row["bankrupt"]?.doubleValue).bitPattern
        }
        let warnings = value["warnings"]?.elements?.compactMap(\.stringValue) ?? []
        return .scored(bits, ignored: warnings.flatMap(Self.quotedNames))
    }

    /// `'a', 'b'` in a warning → `["a", "b"]`.
    static func quotedNames(_ warning: String) -> [String] {
        guard let colon = warning.range(of: ": ") else { return [] }
        return warning[colon.upperBound...].split(separator: ", ").map { String($0.dropFirst().dropLast()) }
    }

    // MARK: Tests

    @Test(arguments: cases)
    func predictAndServeAgree(_ input: Case) throws {
        let directory = try TemporaryDirectory(prefix: "exp-consistency")
        let predicted = try Self.predict(input.json, extension: "json", imputer: input.imputer, in: directory)
        let served = try Self.serve(input.json, imputer: input.imputer)
        #expect(predicted == served, "\(input.name): exp predict \(predicted) vs exp serve \(served)")
        #expect(predicted.code == input.code, "\(input.name): \(predicted)")
        if case let .scored(bits, _) = predicted { #expect(!bits.isEmpty) }
        guard let csv = input.csv else { return }
        // The same rows as CSV: the same probabilities, or the same refusal of the same row and
        // column (CSV has no JSON field; its errors name the line instead).
        let fromCSV = try Self.predict(csv, extension: "csv", imputer: input.imputer, in: directory)
        switch (fromCSV, predicted) {
        case let (.refused(code, _, row, column), .refused(jsonCode, _, jsonRow, jsonColumn)):
            #expect(code == jsonCode && row == jsonRow && column == jsonColumn, "\(input.name): CSV \(fromCSV) vs JSON \(predicted)")
        default:
            #expect(fromCSV == predicted, "\(input.name): CSV \(fromCSV) vs JSON \(predicted)")
        }
    }

    /// `POST /predict` reads one row by the same rules: `{"features": {...}}` as a one-record file,
    /// `{"data": [...]}` as a one-instance file (same probabilities, or the same code and column).
    @Test(arguments: [
        (#"{"x0": 10, "x1": 3, "x2": -7, "x3": 6}"#, false),
        (#"{"x3": 6, "x1": 3, "note": "n"}"#, false),
        (#"{"x1": 3, "x3": 6, "x1": 4}"#, false),
        (#"{"x0": 10, "x1": 3, "x3": 6}"#, false),
        (#"{"x1": null, "x3": 6}"#, false),
        (#"{"x1": null, "x3": 6}"#, true),
        (#"{"x1": "3", "x3": 6}"#, false),
        (#"{"x1": 3, "x3": NaN}"#, false),
    ] as [(String, Bool)])
    func singleRowsFollowTheSameRules(record: String, imputer: Bool) throws {
        let directory = try TemporaryDirectory(prefix: "exp-consistency")
        let predicted = try Self.predict("[\(record)]", extension: "json", imputer: imputer, in: directory)
        let served = try Self.serve(#"{"features": "# + record + "}", path: "/predict", imputer: imputer)
        switch (predicted, served) {
        case let (.refused(code, _, _, column), .refused(servedCode, _, _, servedColumn)):
            #expect(code == servedCode && column == servedColumn, "\(record): exp predict \(predicted) vs /predict \(served)")
        default:
            #expect(predicted == served, "\(record): exp predict \(predicted) vs /predict \(served)")
        }
    }

    @Test(arguments: ["[10, 3, -7, 6]", "[3, 6]", "[1, null, 3, 4]", "[null, 3, true, 6]", "[3, \"6\"]", "[1, 2, 3]"])
    func positionalSingleRowsFollowTheSameRules(row: String) throws {
        let directory = try TemporaryDirectory(prefix: "exp-consistency")
        let predicted = try Self.predict(#"{"instances": ["# + row + "]}", extension: "json", imputer: false, in: directory)
        let served = try Self.serve(#"{"data": "# + row + "}", path: "/predict", imputer: false)
        switch (predicted, served) {
        case let (.refused(code, _, _, column), .refused(servedCode, _, _, servedColumn)):
            #expect(code == servedCode && column == servedColumn, "\(row): exp predict \(predicted) vs /predict \(served)")
        default:
            #expect(predicted == served, "\(row): exp predict \(predicted) vs /predict \(served)")
        }
    }
}
