import ExpTestSupport
import Testing
@testable import ExpServer

/// `POST /v1/predict` (and its MLflow name `/invocations`): batches by column name or position.
@Suite struct BatchTests {
    @Test(arguments: ["/v1/predict", "/invocations"])
    func columnsAndDataInAnyColumnOrder(path: String) throws {
        let service = try Fixtures.service()
        let response = service.post(path, #"{"columns": ["x3", "x2", "x1", "x0"], "data": [[6, -7, 3, 10], [2, 0, 1, 0]]}"#)
        #expect(response.status == 200)
        let body = try JSONBody(response)
        #expect(body["predictions"]?[0]?.int == 1)
        #expect(body["predictions"]?[1]?.int == 0)
        #expect(body["probabilities"]?[0]?[1]?.double == Fixtures.pA)
        #expect(body["probabilities"]?[0]?[0]?.double == 1 - Fixtures.pA)
        #expect(isClose(body["probabilities"]?[1]?[1]?.double, Fixtures.pB, relative: 0, absolute: 1e-12))
        #expect(body["risk_levels"]?.strings == ["high", "medium"])
        #expect(body["classes"]?.strings == Fixtures.classNames)
        #expect(body["threshold"]?.double == 0.5)
        #expect(body["model"]?["digest"]?.string == "sha256:abc123")
        #expect(body["warnings"]?.strings == [])
    }

    @Test func dataframeSplitWithIndexAndExtraColumnsWarns() throws {
        let service = try Fixtures.service()
        let response = service.post("/v1/predict", #"""
            {"dataframe_split": {"index": [7, 8], "columns": ["x0", "x1", "note", "x2", "x3", "id"],
                                 "data": [[10, 3, 1, -7, 6, 1], [0, 1, 2, 0, 2, 2]]}}
            """#)
        #expect(response.status == 200)
        let body = try JSONBody(response)
        #expect(body["probabilities"]?[0]?[1]?.double == Fixtures.pA)
        #expect(isClose(body["probabilities"]?[1]?[1]?.double, Fixtures.pB, relative: 0, absolute: 1e-12))
        let warnings = try #require(body["warnings"]?.strings)
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("'note'") && warnings[0].contains("'id'"))
    }

    @Test func selectedColumnsAloneAreEnough() throws {
        let service = try Fixtures.service()
        let body = try JSONBody(service.post("/v1/predict", #"{"columns": ["x3", "x1", "note"], "data": [[6, 3, 99]]}"#))
        #expect(body["probabilities"]?[0]?[1]?.double == Fixtures.pA)
        #expect(body["warnings"]?.strings == ["ignored 1 column not in the model's input schema: 'note'"])
        // Some unused schema columns but not all: the others are named as missing.
        let partial = try ErrorBody(service.post("/v1/predict", #"{"columns": ["x3", "x1", "x0"], "data": [[6, 3, 99]]}"#))
        #expect(partial.code == "missing_columns")
        #expect(partial.details["missing"]?.strings == ["x2"])
    }

    /// Records (pandas `orient="records"`, MLflow `dataframe_records`) and pandas `orient="split"`
    /// with its `index`, as `exp predict` reads them from files.
    @Test func recordsAndPandasSplitAreAccepted() throws {
        let service = try Fixtures.service()
        for body in [#"[{"x0": 10, "x1": 3, "x2": -7, "x3": 6}, {"x3": 2, "x1": 1, "id": "b"}]"#,
                     #"{"dataframe_records": [{"x0": 10, "x1": 3, "x2": -7, "x3": 6}, {"x3": 2, "x1": 1, "id": "b"}]}"#,
                     #"{"columns": ["x1", "x3"], "index": [5, 6], "data": [[3, 6], [1, 2]]}"#] {
            let response = service.post("/v1/predict", body)
            #expect(response.status == 200, "\(body): \(response.text)")
            let parsed = try JSONBody(response)
            #expect(parsed["probabilities"]?[0]?[1]?.double == Fixtures.pA)
            #expect(isClose(parsed["probabilities"]?[1]?[1]?.double, Fixtures.pB))
        }
        let duplicated = try ErrorBody(service.post("/v1/predict", #"[{"x1": 3, "x3": 6}, {"x1": 3, "x3": 6, "x1": 4}]"#))
        #expect(duplicated.code == "duplicate_columns")
        #expect(duplicated.field == "[1]")
        #expect(duplicated.details["row"]?.int == 2)
        #expect(duplicated.details["duplicates"]?.strings == ["x1"])
    }

    @Test func instancesArePositionalRows() throws {
        let service = try Fixtures.service()
        let full = try JSONBody(service.post("/v1/predict", #"{"instances": [[10, 3, -7, 6], [0, 1, 0, 2], [10, 3, -7, 6]]}"#))
        #expect(full["predictions"]?.count == 3)
        #expect(full["probabilities"]?[2]?[1]?.double == Fixtures.pA)
        #expect(isClose(full["probabilities"]?[1]?[1]?.double, Fixtures.pB, relative: 0, absolute: 1e-12))
        let selected = try JSONBody(service.post("/v1/predict", #"{"instances": [[3, 6], [1, 2]]}"#))
        #expect(selected["probabilities"]?[0]?[1]?.double == Fixtures.pA)
        #expect(isClose(selected["probabilities"]?[1]?[1]?.double, Fixtures.pB, relative: 0, absolute: 1e-12))
    }

    @Test func aBatchScoresEachRowAsIfAlone() throws {
        let service = try Fixtures.service()
        var rows: [[Double]] = []
        for i in 0..<600 { rows.append([Double(i), Double(i % 7) - 3, 0, Double(i % 11) / 2]) }
        let body = try JSONBody(service.post("/v1/predict", #"{"instances": "# + "[" + rows.map(jsonArray).joined(separator: ",") + "]}"))
        for i in [0, 1, 99, 511, 512, 599] {
            let single = try JSONBody(service.post("/predict", #"{"data": "# + jsonArray(rows[i]) + "}"))
            #expect(body["probabilities"]?[i]?[1]?.double == single["probability"]?["bankrupt"]?.double)
            #expect(abs((body["probabilities"]?[i]?[1]?.double ?? 0) - Fixtures.expectedProbability(x1: rows[i][1], x3: rows[i][3])) < 1e-12)
        }
    }

    @Test(arguments: [
        (#"{"columns": ["x0", "x1", "x2"], "data": [[1, 2, 3]]}"#, "missing_columns", "columns"),
        (#"{"columns": ["x0", "x1", "x1", "x3"], "data": [[1, 2, 3, 4]]}"#, "duplicate_columns", "columns"),
        (#"{"columns": ["x0", "x1", "x2", "x3"], "data": []}"#, "empty_batch", "data"),
        (#"{"instances": []}"#, "empty_batch", "instances"),
        (#"{"columns": ["x0", "x1", "x2", "x3"], "data": [[1, 2, 3, 4], [1, 2, 3]]}"#, "ragged_batch", "data[1]"),
        (#"{"instances": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2]]}"#, "ragged_batch", "instances[2]"),
        (#"{"instances": [[1, 2, 3]]}"#, "wrong_value_count", "instances[0]"),
        (#"{"columns": ["x0", "x1", "x2", "x3"], "data": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [5, 6, 7, "8"]]}"#, "non_numeric_value", "data[3][3]"),
        (#"{"columns": ["x0", "x1", "x2", "x3"], "data": [[1, 2, 3, 4], [1, null, 3, 4]]}"#, "missing_value", "data[1][1]"),
        (#"{"instances": [[1, 2, 3, 4], [1, 2, 3, 1e999]]}"#, "non_finite_value", "instances[1][3]"),
        (#"{"dataframe_split": {"columns": ["x0", "x1", "x2", "x3"], "data": [[1, 2, 3, 4], [1, true, 3, 4]]}}"#, "non_numeric_value", "dataframe_split.data[1][1]"),
        (#"{"dataframe_split": {"columns": ["x1", "x3"], "data": [[1, 2]], "orient": "split"}}"#, "unknown_field", "dataframe_split.orient"),
        (#"{"columns": ["x0", "x1", "x2", "x3"], "data": [[1, 2, 3, 4], 5]}"#, "invalid_request", "data[1]"),
        (#"{"columns": ["x0", 1, "x2", "x3"], "data": [[1, 2, 3, 4]]}"#, "invalid_request", "columns[1]"),
        (#"{"columns": [], "data": [[1]]}"#, "invalid_request", "columns"),
        (#"{"data": [[1, 2, 3, 4]]}"#, "missing_field", "columns"),
        (#"{"columns": ["x0", "x1", "x2", "x3"]}"#, "missing_field", "data"),
        (#"{"inputs": [[1, 2, 3, 4]]}"#, "unknown_field", "inputs"),
        (#"{"instances": [[1, 2, 3, 4]], "columns": ["x0"]}"#, "invalid_request", "instances"),
        (#"{}"#, "missing_field", "data"),
        (#"[[1, 2, 3, 4]]"#, "invalid_request", "[0]"),
        (#"[{"x1": 1}]"#, "missing_columns", "[0]"),
        (#"[{"x1": 1, "x3": "2"}]"#, "non_numeric_value", #"[0]["x3"]"#),
        (#"{"instances": [[1, 2]], "instances": [[1, 2]]}"#, "duplicate_field", "instances"),
        (#"{"instances": [[1, 2]], "instance": [[1, 2]]}"#, "unknown_field", "instance"),
        (#""rows""#, "invalid_request", nil),
    ] as [(String, String, String?)])
    func invalidBatchesAre422NamingTheField(body: String, code: String, field: String?) throws {
        let service = try Fixtures.service()
        let response = service.post("/v1/predict", body)
        #expect(response.status == 422, "\(body)")
        let error = try ErrorBody(response)
        #expect(error.code == code, "\(body): \(error.message)")
        #expect(error.field == field, "\(body): \(error.message)")
        if let field { #expect(error.message.contains(field), "\(error.message)") }
    }

    @Test func missingColumnsAreNamed() throws {
        let service = try Fixtures.service()
        let error = try ErrorBody(service.post("/v1/predict", #"{"columns": ["x0", "x2"], "data": [[1, 2]]}"#))
        #expect(error.details["missing"]?.strings == ["x1", "x3"])
        #expect(error.message.contains("'x1', 'x3'"))
    }

    @Test func batchAboveTheLimitIs413() throws {
        let service = try Fixtures.service { $0.maxBatch = 3 }
        let ok = service.post("/v1/predict", #"{"instances": [[1, 2], [1, 2], [1, 2]]}"#)
        #expect(ok.status == 200)
        let tooMany = service.post("/v1/predict", #"{"instances": [[1, 2], [1, 2], [1, 2], [1, 2]]}"#)
        #expect(tooMany.status == 413)
        let error = try ErrorBody(tooMany)
        #expect(error.code == "batch_too_large")
        #expect(error.details["max_batch"]?.int == 3)
        #expect(error.details["rows"]?.int == 4)
    }
}
