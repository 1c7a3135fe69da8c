import ExpDomain
import ExpTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `exp serve` as a user runs it: a real process on a loopback port, answering real HTTP.
@Suite("exp serve, live")
struct ServeCommandTests {
    /// Starts `exp serve MODEL --port 0` in the workspace and waits (with `await`) for it to
    /// print its address; returns the process and its base URL. The server is killed after
    /// 300 s, or as soon as the returned ``Child`` is released.
    static func serve(_ ws: PromoteCommandTests.Workspace, _ model: String, environment: [String: String] = [:])
        async throws -> (Child, URL)
    {
        let server = try ExpBinary.start(["serve", model, "--port", "0", "--store", ws.store], in: ws.directory,
                                         environment: environment, timeout: .seconds(300))
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = server.stderrSoFar
            if let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression),
               let url = URL(string: String(text[range])) {
                return (server, url)
            }
            if !server.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("exp serve did not start: \(server.stderrSoFar)")
        throw CancellationError()
    }

    static func request(_ url: URL, method: String = "GET", body: Data? = nil, token: String? = nil,
                        contentType: String? = "application/json") async throws -> (Int, JSONValue?) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try? JSONValue.parse(String(decoding: data, as: UTF8.self)))
    }

    @Test("/predict and /v1/predict answer exactly what exp predict prints for the same rows")
    func matchesPredict() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        _ = try await ws.promote(["--best", "--name", "bk", "--alias", "production"])
        let csv = ws.directory.appendingPathComponent("rows.csv").path
        #expect(try await ExpBinary.run(["data", "synth", "--out", csv, "--rows", "30"]).status == 0)
        let predicted = try await ws.exp(["predict", "bk@production", "--input", csv, "--format", "json"])
        try #require(predicted.status == 0, "\(predicted.stderr)")
        let expected = try JSONValue.parse(predicted.stdout)["predictions"]?.array ?? []
        try #require(expected.count == 30)

        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0) ?? .nan } }

        let (server, base) = try await Self.serve(ws, "bk@production")
        defer { server.signal(SIGKILL) }

        let (healthStatus, health) = try await Self.request(base.appendingPathComponent("health"))
        #expect(healthStatus == 200)
        #expect(health?["model"]?["version"]?.int == 1)

        // Single rows: the raw row in training column order (the label column dropped).
        for (i, row) in rows.enumerated().prefix(10) {
            let body = try JSONSerialization.data(withJSONObject: ["data": Array(row.dropFirst())])
            let (status, answer) = try await Self.request(base.appendingPathComponent("predict"), method: "POST", body: body)
            #expect(status == 200)
            #expect(answer?["probability"]?["1"]?.double != nil)
            #expect(answer?["probability"]?["1"] == expected[i]["probabilities"]?["1"], "row \(i + 1)")
            #expect(answer?["risk_level"] == expected[i]["risk_level"])
            #expect(answer?["prediction"]?.int == Int(expected[i]["prediction"]?.string ?? ""))
        }

        // The batch, with the label as an extra column: same probabilities in input order.
        let split = try JSONSerialization.data(withJSONObject: ["columns": header, "data": rows])
        let (batchStatus, batch) = try await Self.request(base.appendingPathComponent("v1/predict"), method: "POST",
                                                          body: split)
        #expect(batchStatus == 200)
        let probabilities = batch?["probabilities"]?.array ?? []
        #expect(probabilities.count == 30)
        for i in 0..<min(30, probabilities.count) {
            let p1 = probabilities[i]["1"] ?? probabilities[i].array?.last
            #expect(p1?.double != nil)
            #expect(p1 == expected[i]["probabilities"]?["1"], "batch row \(i + 1)")
        }

        // A bad request gets a JSON 4xx, and the server keeps serving.
        let (badStatus, bad) = try await Self.request(base.appendingPathComponent("predict"), method: "POST",
                                                      body: Data("{\"data\": [1, 2".utf8))
        #expect(badStatus == 400)
        #expect(bad?["error"]?["code"] != nil)
        #expect(try await Self.request(base.appendingPathComponent("health")).0 == 200)
    }

    @Test("with EXP_SERVE_TOKEN set, predictions need the bearer token; SIGTERM stops the server cleanly")
    func tokenAndShutdown() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let promoted = try await ws.promote(["--best", "--name", "bk"])
        let bundle = try #require(promoted["bundle"]?.string)
        let (server, base) = try await Self.serve(ws, bundle, environment: ["EXP_SERVE_TOKEN": "s3cret"])
        defer { if server.isRunning { server.signal(SIGKILL) } }
        let body = Data(#"{"instances": [[1, 2, 3]]}"#.utf8)
        #expect(try await Self.request(base.appendingPathComponent("v1/predict"), method: "POST", body: body).0 == 401)
        #expect(try await Self.request(base.appendingPathComponent("v1/predict"), method: "POST", body: body,
                                       token: "wrong").0 == 401)
        // With the token, the request reaches validation (3 values, not 95): 422.
        #expect(try await Self.request(base.appendingPathComponent("v1/predict"), method: "POST", body: body,
                                       token: "s3cret").0 == 422)
        server.signal(SIGTERM)
        let run = try await server.finish(timeout: .seconds(30))
        #expect(run.status == 0)
        #expect(run.stderr.contains("server stopped"))
    }

    @Test("serving a model that does not exist fails with a clear error")
    func unknownModel() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let run = try await ws.exp(["serve", "nope@production", "--port", "0"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no model nope@production"))
    }
}
