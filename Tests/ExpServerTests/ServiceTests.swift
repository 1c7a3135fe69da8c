import ExpCore
import Testing
@testable import ExpServer

/// Routing, documents, token, CORS, content type, body limit and metrics of ``PredictionService``.
@Suite struct ServiceTests {
    @Test func healthNamesTheModel() throws {
        let service = try Fixtures.service()
        let response = service.get("/health")
        #expect(response.status == 200)
        #expect(response.text == #"{"status":"ok","model":{"name":"toy","version":3,"digest":"sha256:abc123"}}"#)
    }

    @Test func modelDocumentEmbedsTheManifestAndTheSchema() throws {
        let service = try Fixtures.service { $0.maxBatch = 77 }
        let response = service.get("/v1/model")
        #expect(response.status == 200)
        let body = try JSONBody(response)
        #expect(body["manifest"]?["name"]?.string == "toy")
        #expect(body["manifest"]?["files"]?["model.json"]?.string == "sha256:00")
        let schema = try #require(body["input_schema"])
        #expect(schema["columns"]?.count == 4)
        #expect(schema["columns"]?[1]?["name"]?.string == "x1")
        #expect(schema["columns"]?[1]?["selected"]?.value as? Bool == true)
        #expect(schema["columns"]?[2]?["selected"]?.value as? Bool == false)
        #expect(schema["selected_features"]?.strings == ["x1", "x3"])
        #expect(schema["label"]?.string == "Bankrupt?")
        #expect(schema["classes"]?.strings == Fixtures.classNames)
        #expect(schema["threshold"]?.double == 0.5)
        #expect(schema["risk_bands"]?["high"]?.double == 0.7)
        #expect(body["limits"]?["max_batch"]?.int == 77)
        #expect(body["model"]?["version"]?.int == 3)
    }

    @Test func unknownRouteIs404() throws {
        let service = try Fixtures.service()
        for path in ["/", "/predict/", "/v2/predict", "/PREDICT"] {
            let response = service.get(path)
            #expect(response.status == 404)
            let error = try ErrorBody(response)
            #expect(error.code == "not_found")
            #expect(error.details["path"]?.string == path)
        }
        #expect(service.post("/nope", "{}").status == 404)
    }

    @Test(arguments: ["/health", "/v1/model", "/metrics"])
    func headIsAnsweredAsGet(path: String) throws {
        let service = try Fixtures.service()
        let head = service.handle(ServiceRequest(method: "HEAD", path: path))
        let get = service.get(path)
        // The transport drops the body of a HEAD answer; the status and headers are GET's.
        #expect(head.status == 200)
        #expect(head.header("content-type") == get.header("content-type"))
        if path != "/metrics" { #expect(head.body == get.body) }  // /metrics counts every request
    }

    @Test func wantsBodyOnlyWhenTheHeadPasses() throws {
        let service = try Fixtures.service {
            $0.token = "t"
            $0.maxBodyBytes = 1000
        }
        func head(_ method: String, _ path: String, _ headers: [String: String]) -> ServiceRequest {
            ServiceRequest(method: method, path: path, headers: headers)
        }
        let good = ["Content-Type": "application/json", "Authorization": "Bearer t", "Content-Length": "10"]
        #expect(service.wantsBody(head("POST", "/predict", good)))
        #expect(service.wantsBody(head("POST", "/v1/predict?x=1", good)))
        #expect(!service.wantsBody(head("POST", "/nope", good)))
        #expect(!service.wantsBody(head("PUT", "/predict", good)))
        #expect(!service.wantsBody(head("GET", "/health", good)))
        #expect(!service.wantsBody(head("POST", "/predict", good.merging(["Authorization": "Bearer x"]) { $1 })))
        #expect(!service.wantsBody(head("POST", "/predict", good.merging(["Content-Type": "text/plain"]) { $1 })))
        #expect(!service.wantsBody(head("POST", "/predict", good.merging(["Content-Length": "1001"]) { $1 })))
        // Asking is free: nothing is counted.
        #expect(!service.metricsText().contains("exp_http_requests_total{"))
    }

    @Test func queryStringsAreIgnored() throws {
        let service = try Fixtures.service()
        #expect(service.get("/health?verbose=1").status == 200)
    }

    @Test(arguments: [("GET", "/predict", "POST, OPTIONS"), ("PUT", "/v1/predict", "POST, OPTIONS"),
                      ("POST", "/health", "GET, HEAD, OPTIONS"), ("DELETE", "/metrics", "GET, HEAD, OPTIONS"),
                      ("HEAD", "/predict", "POST, OPTIONS")])
    func wrongMethodIs405WithAllow(method: String, path: String, allow: String) throws {
        let service = try Fixtures.service()
        let response = service.handle(ServiceRequest(method: method, path: path, headers: ["Content-Type": "application/json"]))
        #expect(response.status == 405)
        #expect(response.header("allow") == allow)
        #expect(try ErrorBody(response).code == "method_not_allowed")
    }

    @Test(arguments: [nil, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1",
                      "application/jsonx"] as [String?])
    func nonJSONContentTypeIs415(contentType: String?) throws {
        let service = try Fixtures.service()
        var headers: [String: String] = [:]
        if let contentType { headers["Content-Type"] = contentType }
        let response = service.handle(ServiceRequest(method: "POST", path: "/predict", headers: headers,
                                                     body: Array(#"{"data": [1, 2]}"#.utf8)))
        #expect(response.status == 415)
        #expect(try ErrorBody(response).code == "unsupported_media_type")
    }

    @Test(arguments: ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""])
    func jsonContentTypesAreAccepted(contentType: String) throws {
        let service = try Fixtures.service()
        let response = service.post("/predict", #"{"data": [1, 2]}"#, headers: ["Content-Type": contentType])
        #expect(response.status == 200)
    }

    @Test func bodyAboveTheLimitIs413() throws {
        let service = try Fixtures.service { $0.maxBodyBytes = 64 }
        #expect(service.post("/predict", #"{"data": [10, 3, -7, 6]}"#).status == 200)
        let big = #"{"data": [10, 3, -7, 6], "padding": ""# + String(repeating: "x", count: 100) + "\"}"
        let response = service.post("/predict", big)
        #expect(response.status == 413)
        let error = try ErrorBody(response)
        #expect(error.code == "body_too_large")
        #expect(error.details["max_body_bytes"]?.int == 64)
        // Declared too large: refused before the body is read.
        let declared = service.handle(ServiceRequest(method: "POST", path: "/predict",
                                                     headers: ["Content-Type": "application/json", "Content-Length": "1000000"]))
        #expect(declared.status == 413)
        #expect(try ErrorBody(declared).details["content_length"]?.int == 1_000_000)
    }

    // MARK: Token

    @Test func tokenIsRequiredWhenConfigured() throws {
        let service = try Fixtures.service { $0.token = "s3cret-token" }
        let body = #"{"data": [1, 2]}"#
        let missing = service.post("/predict", body)
        #expect(missing.status == 401)
        #expect(try ErrorBody(missing).code == "unauthorized")
        #expect(missing.header("www-authenticate")?.hasPrefix("Bearer") == true)
        #expect(service.post("/predict", body, headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(service.post("/predict", body, headers: ["Authorization": "Bearer s3cret-toke"]).status == 401)
        #expect(service.post("/predict", body, headers: ["Authorization": "Bearer s3cret-token2"]).status == 401)
        #expect(service.post("/predict", body, headers: ["Authorization": "Basic czNjcmV0"]).status == 401)
        #expect(service.post("/predict", body, headers: ["Authorization": "s3cret-token"]).status == 401)
        #expect(service.post("/predict", body, headers: ["Authorization": "Bearer s3cret-token"]).status == 200)
        #expect(service.post("/predict", body, headers: ["authorization": "bearer s3cret-token"]).status == 200)
        #expect(service.get("/v1/model").status == 401)
        #expect(service.get("/metrics").status == 401)
        #expect(service.get("/metrics", headers: ["Authorization": "Bearer s3cret-token"]).status == 200)
        // Liveness stays open.
        #expect(service.get("/health").status == 200)
    }

    @Test func authIsCheckedBeforeTheBody() throws {
        let service = try Fixtures.service { $0.token = "t" }
        #expect(service.post("/predict", "not json").status == 401)
    }

    @Test func invalidConfigurationsAndModelsAreRefused() throws {
        #expect(throws: ServerError.self) { try Fixtures.service { $0.token = "" } }
        #expect(throws: ServerError.self) { try Fixtures.service { $0.port = 70_000 } }
        #expect(throws: ServerError.self) { try Fixtures.service { $0.maxBatch = 0 } }
        #expect(throws: ServerError.self) { try Fixtures.service { $0.eventLoopThreads = 0 } }
        #expect(throws: ServerError.self) { try Fixtures.service { $0.requestTimeout = .zero } }
        var model = try Fixtures.model()
        model.selectedFeatureNames = ["x0", "x3"]
        #expect(throws: ServerError.self) { try PredictionService(model: model) }
        model = try Fixtures.model()
        model.inputFeatureNames = ["x0", "x1", "x2"]
        #expect(throws: ServerError.self) { try PredictionService(model: model) }
        model = try Fixtures.model()
        model.classNames = ["a"]
        #expect(throws: ServerError.self) { try PredictionService(model: model) }
        model = try Fixtures.model()
        model.manifestJSON = Array("[1]".utf8)
        #expect(throws: ServerError.self) { try PredictionService(model: model) }
        model.manifestJSON = Array("{".utf8)
        #expect(throws: ServerError.self) { try PredictionService(model: model) }
    }

    // MARK: CORS

    @Test func preflightFromAnyOriginByDefault() throws {
        let service = try Fixtures.service()
        let response = service.handle(ServiceRequest(method: "OPTIONS", path: "/predict", headers: [
            "Origin": "https://app.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        ]))
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.header("access-control-allow-origin") == "*")
        #expect(response.header("access-control-allow-methods") == "POST, OPTIONS")
        #expect(response.header("access-control-allow-headers")?.contains("Authorization") == true)
        #expect(response.header("access-control-allow-headers")?.contains("Content-Type") == true)
        #expect(response.header("access-control-max-age") == "600")
        let normal = service.post("/predict", #"{"data": [1, 2]}"#, headers: ["Origin": "https://app.example"])
        #expect(normal.header("access-control-allow-origin") == "*")
        // No Origin, no CORS header.
        #expect(service.post("/predict", #"{"data": [1, 2]}"#).header("access-control-allow-origin") == nil)
    }

    @Test func preflightNeedsNoToken() throws {
        let service = try Fixtures.service { $0.token = "t" }
        let response = service.handle(ServiceRequest(method: "OPTIONS", path: "/v1/predict", headers: ["Origin": "https://a.example"]))
        #expect(response.status == 204)
    }

    @Test func listedOriginsOnly() throws {
        let service = try Fixtures.service { $0.allowedOrigins = ["https://a.example"] }
        let allowed = service.handle(ServiceRequest(method: "OPTIONS", path: "/health", headers: ["Origin": "https://a.example"]))
        #expect(allowed.status == 204)
        #expect(allowed.header("access-control-allow-origin") == "https://a.example")
        #expect(allowed.header("vary") == "Origin")
        #expect(allowed.header("access-control-allow-methods") == "GET, HEAD, OPTIONS")
        let refused = service.handle(ServiceRequest(method: "OPTIONS", path: "/health", headers: ["Origin": "https://b.example"]))
        #expect(refused.status == 403)
        #expect(try ErrorBody(refused).code == "origin_not_allowed")
        #expect(refused.header("access-control-allow-origin") == nil)
        let other = service.get("/health", headers: ["Origin": "https://b.example"])
        #expect(other.status == 200)
        #expect(other.header("access-control-allow-origin") == nil)
        let plain = service.handle(ServiceRequest(method: "OPTIONS", path: "/predict"))
        #expect(plain.status == 204)
        #expect(plain.header("allow") == "POST, OPTIONS")
        #expect(service.handle(ServiceRequest(method: "OPTIONS", path: "/nope", headers: ["Origin": "https://a.example"])).status == 404)
    }

    @Test func errorsCarryTheCORSHeaderToo() throws {
        let service = try Fixtures.service()
        let response = service.post("/predict", "{", headers: ["Origin": "https://app.example"])
        #expect(response.status == 400)
        #expect(response.header("access-control-allow-origin") == "*")
    }

    // MARK: Metrics

    @Test func metricsCountRequestsByRouteAndStatus() throws {
        let service = try Fixtures.service()
        _ = service.post("/predict", #"{"data": [1, 2]}"#)
        _ = service.post("/predict", #"{"data": [1, 2]}"#)
        _ = service.post("/predict", #"{"data": [1]}"#)
        _ = service.post("/v1/predict", #"{"instances": [[1, 2], [3, 4], [5, 6]]}"#)
        _ = service.get("/health")
        _ = service.get("/nope")
        _ = service.get("/also-nope")
        #expect(service.metrics.requestCount(route: .predict, status: 200) == 2)
        #expect(service.metrics.requestCount(route: .predict, status: 422) == 1)
        let response = service.get("/metrics")
        #expect(response.status == 200)
        #expect(response.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = response.text
        #expect(text.contains(#"exp_http_requests_total{route="/predict",status="200"} 2"#))
        #expect(text.contains(#"exp_http_requests_total{route="/predict",status="422"} 1"#))
        #expect(text.contains(#"exp_http_requests_total{route="/v1/predict",status="200"} 1"#))
        #expect(text.contains(#"exp_http_requests_total{route="/health",status="200"} 1"#))
        #expect(text.contains(#"exp_http_requests_total{route="unmatched",status="404"} 2"#))
        #expect(text.contains(#"exp_http_request_duration_seconds_bucket{route="/predict",le="+Inf"} 3"#))
        #expect(text.contains(#"exp_http_request_duration_seconds_count{route="/predict"} 3"#))
        #expect(text.contains(#"exp_http_request_duration_seconds_sum{route="/predict"} "#))
        #expect(text.contains("exp_predictions_total 5\n"))
        #expect(text.contains(#"exp_model_info{name="toy",version="3",digest="sha256:abc123"} 1"#))
        // Buckets are cumulative and end at the count.
        let buckets = text.split(separator: "\n").filter { $0.hasPrefix(#"exp_http_request_duration_seconds_bucket{route="/predict""#) }
        let counts = buckets.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(counts.count == ServerMetrics.bucketBounds.count + 1)
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(counts.last == 3)
        #expect(service.metricsText().contains("# TYPE exp_http_request_duration_seconds histogram"))
    }

    @Test func concurrentRequestsAreAllCounted() async throws {
        let service = try Fixtures.service()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<50 { _ = service.post("/predict", #"{"data": [10, 3, -7, 6]}"#) }
                }
            }
        }
        #expect(service.metrics.requestCount(route: .predict, status: 200) == 400)
        #expect(service.metricsText().contains("exp_predictions_total 400\n"))
    }
}
