import ExpCore
import Testing
@testable import ExpServer

/// `POST /predict`: one row by position (full or selected) or by name.
@Suite struct PredictTests {
    @Test func fullRawRowMatchesTheHandComputation() throws {
        let service = try Fixtures.service()
        let response = service.post("/predict", #"{"data": [10, 3, -7, 6]}"#)
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        let body = try JSONBody(response)
        let p1 = try #require(body["probability"]?["bankrupt"]?.double)
        let p0 = try #require(body["probability"]?["solvent"]?.double)
        #expect(abs(p1 - Fixtures.pA) <= 1e-12)
        #expect(abs(p1 - Fixtures.expectedProbability(x1: 3, x3: 6)) <= 1e-12)
        #expect(p0 == 1 - p1)
        #expect(body["prediction"]?.int == 1)
        #expect(body["risk_level"]?.string == "high")
        #expect(body["model"]?["name"]?.string == "toy")
        #expect(body["model"]?["version"]?.int == 3)
        #expect(body["model"]?["digest"]?.string == "sha256:abc123")
        // Reference key order.
        #expect(response.text.hasPrefix(#"{"prediction":1,"probability":{"solvent":"#))
    }

    @Test func nullIsAMissingValueImputedWhenTheModelHasAnImputer() throws {
        // Medians (0, 5, 0, 2): x1 = null reads as 5, x3 = null as 2.
        let service = try Fixtures.service(imputer: true)
        let expected = Fixtures.expectedProbability(x1: 5, x3: 2)
        let requests = [
            ("/predict", #"{"data": [10, null, -7, null]}"#),
            ("/predict", #"{"data": [null, null]}"#),
            ("/predict", #"{"features": {"x0": 1, "x1": null, "x2": 0, "x3": null}}"#),
        ]
        for (path, json) in requests {
            let response = service.post(path, json)
            #expect(response.status == 200, "\(json): \(response.text)")
            let p = try #require(try JSONBody(response)["probability"]?["bankrupt"]?.double)
            #expect(abs(p - expected) <= 1e-12, "\(json)")
        }
        let batch = service.post("/v1/predict", #"{"instances": [[10, null, -7, null], [10, 3, -7, 6]]}"#)
        #expect(batch.status == 200, "\(batch.text)")
        let probabilities = try #require(try JSONBody(batch)["probabilities"])
        #expect(abs((probabilities[0]?[1]?.double ?? 0) - expected) <= 1e-12)
        #expect(abs((probabilities[1]?[1]?.double ?? 0) - Fixtures.pA) <= 1e-12)
        // Without an imputer, the same null is refused by name.
        let strict = try Fixtures.service().post("/predict", #"{"data": [10, null, -7, 6]}"#)
        #expect(strict.status == 422)
        #expect(try ErrorBody(strict).code == "missing_value")
        #expect(try ErrorBody(strict).message.contains("data[1] (column 'x1') is null (a missing value), but this model was trained without missing values"))
        #expect(try ErrorBody(strict).details["column"]?.string == "x1")
        // A null the model does not read (x0 and x2 are not selected) is not a problem.
        let unused = try Fixtures.service().post("/predict", #"{"data": [null, 3, null, 6]}"#)
        #expect(try JSONBody(unused)["probability"]?["bankrupt"]?.double == Fixtures.pA)
    }

    @Test func selectedFeaturesGiveTheSameProbabilityAsTheFullRow() throws {
        let service = try Fixtures.service()
        let full = try JSONBody(service.post("/predict", #"{"data": [0, 1, 0, 2]}"#))
        let selected = try JSONBody(service.post("/predict", #"{"data": [1, 2]}"#))
        let p = try #require(full["probability"]?["bankrupt"]?.double)
        #expect(abs(p - Fixtures.pB) <= 1e-12)
        #expect(selected["probability"]?["bankrupt"]?.double == p)
        #expect(full["prediction"]?.int == 0)
        #expect(full["risk_level"]?.string == "medium")
    }

    @Test func thresholdAndRiskBandsComeFromTheModel() throws {
        var model = try Fixtures.model()
        model.threshold = 0.75
        model.riskBands = try .init(low: 0.6, high: 0.9)
        let service = try PredictionService(model: model)
        let body = try JSONBody(service.post("/predict", #"{"data": [3, 6]}"#))
        #expect(body["prediction"]?.int == 0)
        #expect(body["risk_level"]?.string == "medium")
    }

    @Test func featuresByNameInAnyOrder() throws {
        let service = try Fixtures.service()
        let full = try JSONBody(service.post("/predict", #"{"features": {"x3": 6, "x0": 10, "x2": -7, "x1": 3}}"#))
        #expect(full["probability"]?["bankrupt"]?.double == Fixtures.pA)
        // Only the selected features: enough.
        let selected = try JSONBody(service.post("/predict", #"{"features": {"x3": 6, "x1": 3}}"#))
        #expect(selected["probability"]?["bankrupt"]?.double == Fixtures.pA)
    }

    @Test func featuresIgnoreUnknownNamesAndRefuseMissingAndDuplicateOnes() throws {
        let service = try Fixtures.service()
        // Unknown names are ignored and listed in warnings, as exp predict ignores extra columns.
        let unknown = service.post("/predict", #"{"features": {"x1": 3, "x3": 6, "x9": 1, "Y": 2}}"#)
        #expect(unknown.status == 200)
        let body = try JSONBody(unknown)
        #expect(body["probability"]?["bankrupt"]?.double == Fixtures.pA)
        #expect(body["warnings"]?.strings == ["ignored 2 columns not in the model's input schema: 'x9', 'Y'"])
        #expect(try JSONBody(service.post("/predict", #"{"data": [3, 6]}"#))["warnings"]?.strings == [])

        let missing = service.post("/predict", #"{"features": {"x0": 1, "x1": 3, "x2": 0}}"#)
        #expect(missing.status == 422)
        let missingError = try ErrorBody(missing)
        #expect(missingError.code == "missing_columns")
        #expect(missingError.details["missing"]?.strings == ["x3"])
        #expect(missingError.message.contains("'x3'"))
        // Part of the unused columns: the row means to be full, so the others are missing too.
        let partial = try ErrorBody(service.post("/predict", #"{"features": {"x0": 1, "x1": 3, "x3": 6}}"#))
        #expect(partial.code == "missing_columns")
        #expect(partial.details["missing"]?.strings == ["x2"])

        let duplicate = service.post("/predict", #"{"features": {"x1": 3, "x3": 6, "x1": 4}}"#)
        #expect(duplicate.status == 422)
        #expect(try ErrorBody(duplicate).code == "duplicate_columns")
        #expect(try ErrorBody(duplicate).message.contains("'x1'"))

        let notObject = service.post("/predict", #"{"features": [1, 2]}"#)
        #expect(notObject.status == 422)
        #expect(try ErrorBody(notObject).field == "features")
    }

    @Test(arguments: [
        (#"{"data": [1, 2, 3]}"#, "wrong_value_count", "data"),
        (#"{"data": []}"#, "wrong_value_count", "data"),
        (#"{"data": [1, 2, 3, 4, 5]}"#, "wrong_value_count", "data"),
        (#"{"data": [1, "2", 3, 4]}"#, "non_numeric_value", "data[1]"),
        (#"{"data": [1, null, 3, 4]}"#, "missing_value", "data[1]"),
        (#"{"data": [1, 2, 3, true]}"#, "non_numeric_value", "data[3]"),
        (#"{"data": [1, 2, 3, [4]]}"#, "non_numeric_value", "data[3]"),
        (#"{"data": [1, {"v": 2}, 3, 4]}"#, "non_numeric_value", "data[1]"),
        (#"{"data": [1, 1e999, 3, 4]}"#, "non_finite_value", "data[1]"),
        (#"{"data": [1, -1e400, 3, 4]}"#, "non_finite_value", "data[1]"),
        (#"{"data": [1, 2, 3, NaN]}"#, "non_finite_value", "data[3]"),
        (#"{"data": [Infinity, 2]}"#, "non_finite_value", "data[0]"),
        (#"{"data": [1, -Infinity]}"#, "non_finite_value", "data[1]"),
        (#"{"data": [[1, 2, 3, 4]]}"#, "wrong_value_count", "data"),
        (#"{"data": [[1, 2], [3, 4]]}"#, "non_numeric_value", "data[0]"),
        (#"{"data": "1,2,3,4"}"#, "invalid_request", "data"),
        (#"{"features": {"x1": "3", "x3": 6}}"#, "non_numeric_value", #"features["x1"]"#),
        (#"{"features": {"x1": 3, "x3": 1e999}}"#, "non_finite_value", #"features["x3"]"#),
        (#"{"data": [1, 2, 3, 4], "extra": 1}"#, "unknown_field", "extra"),
        (#"{"data": [1, 2, 3, 4], "features": {"x1": 1}}"#, "invalid_request", "features"),
        (#"{"data": [1, 2, 3, 4], "data": [1, 2, 3, 4]}"#, "duplicate_field", "data"),
        (#"{"features": {"x1": 3, "x3": 6}, "features": {"x1": 3, "x3": 6}}"#, "duplicate_field", "features"),
        (#"{}"#, "missing_field", "data"),
        (#"[1, 2, 3, 4]"#, "invalid_request", nil),
        (#""hello""#, "invalid_request", nil),
    ] as [(String, String, String?)])
    func invalidInputIs422NamingTheField(body: String, code: String, field: String?) throws {
        let service = try Fixtures.service()
        let response = service.post("/predict", body)
        #expect(response.status == 422, "\(body)")
        let error = try ErrorBody(response)
        #expect(error.code == code, "\(body): \(error.message)")
        #expect(error.field == field, "\(body): \(error.message)")
        if let field { #expect(error.message.contains(field), "\(error.message)") }
    }

    @Test func wrongValueCountSaysWhatIsExpected() throws {
        let service = try Fixtures.service()
        let error = try ErrorBody(service.post("/predict", #"{"data": [1, 2, 3]}"#))
        #expect(error.message == "data has 3 values; expected 4 (a full row in training column order) or 2 (the selected features, in manifest order)")
        #expect(error.details["received"]?.int == 3)
        #expect(error.details["expected_full"]?.int == 4)
        #expect(error.details["expected_selected"]?.int == 2)
    }

    @Test(arguments: [
        (#"{"data": [1, 2,]}"#, 1, 16),
        ("{\"data\":\n  [1, 2 3]}", 2, 9),
        (#"{"data": [01, 2]}"#, 1, 12),
        (#"{"data" [1, 2]}"#, 1, 9),
        (#"{"data": [1, 2]"#, 1, 16),
        (#"{'data': [1, 2]}"#, 1, 2),
        ("", 1, 1),
        (#"{"data": [1, 2]} x"#, 1, 18),
        (#"{"data": [.5, 2]}"#, 1, 11),
        (#"{"data": [1, 2], "x": tru}"#, 1, 26),
    ] as [(String, Int, Int)])
    func malformedJSONIs400WithItsPosition(body: String, line: Int, column: Int) throws {
        let service = try Fixtures.service()
        let response = service.post("/predict", body)
        #expect(response.status == 400, "\(body)")
        let error = try ErrorBody(response)
        #expect(error.code == "malformed_json")
        #expect(error.details["line"]?.int == line, "\(body): \(error.message)")
        #expect(error.details["column"]?.int == column, "\(body): \(error.message)")
        #expect(error.message.contains("line \(line), column \(column)"))
    }

    @Test func aBadRequestIsFollowedByAGoodOne() throws {
        let service = try Fixtures.service()
        for bad in [#"{"data": [1, 2"#, #"{"data": ["a", 2]}"#, #"{"data": [1e999, 2]}"#, "\u{FF}\u{FE}"] {
            #expect(service.post("/predict", bad).status != 200)
            let good = service.post("/predict", #"{"data": [10, 3, -7, 6]}"#)
            #expect(good.status == 200)
            #expect(try JSONBody(good)["probability"]?["bankrupt"]?.double == Fixtures.pA)
        }
    }

    @Test func invalidUTF8IsMalformed() throws {
        let service = try Fixtures.service()
        var request = ServiceRequest.json("/predict", "")
        request.body = Array(#"{"features": {"x"#.utf8) + [0xC3, 0x28] + Array(#"": 1}}"#.utf8)
        let response = service.handle(request)
        #expect(response.status == 400)
        #expect(try ErrorBody(response).message.contains("UTF-8"))
    }
}
