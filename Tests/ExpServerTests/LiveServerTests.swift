import Dispatch
import ExpTestSupport
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import ExpServer

/// The real Hummingbird server on 127.0.0.1, port 0, driven over TCP by ``HTTPTestClient``.
@Suite(.serialized) struct LiveServerTests {
    /// A running server and the task running it.
    struct Running {
        let server: PredictionServer
        let task: Task<Void, any Error>
        let port: Int

        func client(timeout: Int = 60) async throws -> HTTPTestClient {
            let port = port
            return try await blocking { try HTTPTestClient(port: port, timeout: timeout) }
        }

        /// Graceful shutdown; returns once `run` has returned.
        func stop() async throws {
            await server.shutdown()
            try await task.value
        }
    }

    static func start(_ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> Running {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let server = try PredictionServer(model: Fixtures.model(), configuration: configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task(executorPreference: DedicatedExecutor.liveServers) {
            defer { continuation.finish() }
            try await server.run(handlingSignals: false) { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw HTTPTestClient.ClientError(description: "the server stopped before listening")
        }
        #expect(port > 0 && server.port == port)
        return Running(server: server, task: task, port: port)
    }

    // Each test runs on the servers' executor: its sleeps and awaits between the steps of a
    // request cannot be stretched past the server's timeouts by a starved cooperative pool.
    @Test func endpointsAndErrorsOverTCP() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor.liveServers) { try await endpointsAndErrorsOverTCPBody() }
    }

    @Test func tokenAndGracefulShutdownFinishesInFlightRequests() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor.liveServers) { try await tokenAndGracefulShutdownFinishesInFlightRequestsBody() }
    }

    @Test func slowClientsAreCutOff() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor.liveServers) { try await slowClientsAreCutOffBody() }
    }

    func endpointsAndErrorsOverTCPBody() async throws {
        let running = try await Self.start { $0.maxBodyBytes = 64 * 1024 }
        let client = try await running.client()
        let responses = try await blocking { () -> [HTTPTestClient.Response] in
            [
                try client.request("GET", "/health"),
                try client.request("POST", "/predict", body: #"{"data": [10, 3, -7, 6]}"#),
                try client.request("POST", "/predict", body: #"{"data": [10, 3,"#),
                try client.request("POST", "/predict", body: #"{"data": [10, 3, -7, 6]}"#),
                try client.request("GET", "/nope"),
                try client.request("GET", "/predict"),
                try client.request("POST", "/v1/predict", body: #"{"instances": [[10, 3, -7, 6], [0, 1, 0, 2]]}"#),
                try client.request("OPTIONS", "/predict", headers: ["Origin": "https://x.example"]),
                try client.request("HEAD", "/health"),
                try client.request("GET", "/health"),
            ]
        }
        let health = responses[0]
        #expect(health.status == 200)
        #expect(health.headers["content-type"] == "application/json")
        #expect(health.headers["content-length"] == "\(health.body.count)")
        #expect(health.headers["date"] != nil)
        #expect(health.text.contains(#""status":"ok""#))
        #expect(responses[1].status == 200)
        #expect(try JSONBody(bytes: responses[1].body)["probability"]?["bankrupt"]?.double == Fixtures.pA)
        #expect(responses[2].status == 400)
        #expect(try JSONBody(bytes: responses[2].body)["error"]?["code"]?.string == "malformed_json")
        #expect(responses[3].status == 200, "a bad request on a keep-alive connection does not break the next one")
        #expect(responses[4].status == 404)
        #expect(try JSONBody(bytes: responses[4].body)["error"]?["code"]?.string == "not_found")
        #expect(responses[5].status == 405)
        #expect(responses[5].headers["allow"] == "POST, OPTIONS")
        #expect(responses[6].status == 200)
        #expect(isClose(try JSONBody(bytes: responses[6].body)["probabilities"]?[1]?[1]?.double, Fixtures.pB, relative: 0, absolute: 1e-12))
        #expect(responses[7].status == 204)
        #expect(responses[7].headers["access-control-allow-origin"] == "*")
        // HEAD: GET's status and Content-Length, no body; the connection stays usable, so no
        // stray body bytes were sent (the GET after it parses).
        #expect(responses[8].status == 200 && responses[8].body.isEmpty)
        #expect(responses[8].headers["content-length"] == "\(health.body.count)")
        #expect(responses[9].status == 200 && responses[9].body == health.body)

        // Declared too large: 413 before the body is read.
        let declared = try await running.client()
        let tooLarge = try await blocking { () -> HTTPTestClient.Response in
            let body = #"{"data": [1, 2], "pad": ""# + String(repeating: "x", count: 200_000) + "\"}"
            return try declared.request("POST", "/predict", body: body)
        }
        #expect(tooLarge.status == 413)
        #expect(try JSONBody(bytes: tooLarge.body)["error"]?["code"]?.string == "body_too_large")

        // Chunked, no length: the cap applies while the body is collected.
        let chunked = try await running.client()
        let chunkedResponse = try await blocking { () -> HTTPTestClient.Response in
            try chunked.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "1", count: 10_000)
            for _ in 0..<10 { try chunked.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
            try chunked.send("0\r\n\r\n")
            return try chunked.readResponse()
        }
        #expect(chunkedResponse.status == 413)

        // Expect: 100-continue gets an interim 100 before the body is sent.
        let expecting = try await running.client()
        let (interim, final) = try await blocking { () -> (HTTPTestClient.Response, HTTPTestClient.Response) in
            let body = #"{"data": [3, 6]}"#
            try expecting.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            let interim = try expecting.readResponse()
            try expecting.send(body)
            return (interim, try expecting.readResponse())
        }
        #expect(interim.status == 100)
        #expect(final.status == 200)

        // Refused on its head: the final status at once, no 100, and the connection is closed
        // (the body the client held back is never read).
        let refusedExpect = try await running.client()
        let (refusal, refusalClosed) = try await blocking { () -> (HTTPTestClient.Response, Bool) in
            try refusedExpect.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            return (try refusedExpect.readResponse(), refusedExpect.waitForClose())
        }
        #expect(refusal.status == 415)
        #expect(refusal.headers["connection"] == "close")
        #expect(refusalClosed)

        let metrics = try await blocking { try client.request("GET", "/metrics") }
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"exp_http_requests_total{route="/predict",status="200"} 3"#))
        #expect(metrics.text.contains(#"exp_http_requests_total{route="/predict",status="413"} 2"#))
        #expect(metrics.text.contains(#"exp_http_requests_total{route="/predict",status="400"} 1"#))
        #expect(metrics.text.contains(#"exp_http_requests_total{route="/predict",status="415"} 1"#))
        try await running.stop()
    }

    func tokenAndGracefulShutdownFinishesInFlightRequestsBody() async throws {
        let running = try await Self.start {
            $0.token = "live-token"
            $0.eventLoopThreads = 1  // its own event-loop group, shut down with the server
        }
        let client = try await running.client()
        let (unauthorized, authorized, health) = try await blocking {
            (try client.request("POST", "/predict", body: #"{"data": [3, 6]}"#),
             try client.request("POST", "/predict", body: #"{"data": [3, 6]}"#, headers: ["Authorization": "Bearer live-token"]),
             try client.request("GET", "/health"))
        }
        #expect(unauthorized.status == 401)
        #expect(unauthorized.headers["www-authenticate"] != nil)
        #expect(authorized.status == 200)
        #expect(health.status == 200)

        // A request in flight when the shutdown starts is still answered.
        let inFlight = try await running.client()
        let body = #"{"data": [10, 3, -7, 6]}"#
        try await blocking {
            try inFlight.send("POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer live-token\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body.prefix(10))
        }
        try await Task.sleep(for: .milliseconds(200))
        await running.server.shutdown()
        try await Task.sleep(for: .milliseconds(200))
        let (answer, closed) = try await blocking { () -> (HTTPTestClient.Response, Bool) in
            try inFlight.send(String(body.dropFirst(10)))
            return (try inFlight.readResponse(), inFlight.waitForClose())
        }
        #expect(answer.status == 200)
        #expect(try JSONBody(bytes: answer.body)["probability"]?["bankrupt"]?.double == Fixtures.pA)
        #expect(closed)
        try await running.task.value
        let port = running.port
        let refused = await (try? blocking { try HTTPTestClient(port: port, timeout: 2) }) == nil
        #expect(refused, "the listener is closed after shutdown")
    }

    func slowClientsAreCutOffBody() async throws {
        let running = try await Self.start {
            $0.requestTimeout = .seconds(1)
            $0.idleTimeout = .seconds(1)
        }
        // A body trickling in, one byte every 300 ms: 408 once the request timeout has passed.
        let trickle = try await running.client()
        let timedOut = try await blocking { () -> HTTPTestClient.Response in
            try trickle.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            for _ in 0..<6 {
                usleep(300_000)
                try trickle.send(" ")
            }
            return try trickle.readResponse()
        }
        #expect(timedOut.status == 408)
        #expect(try JSONBody(bytes: timedOut.body)["error"]?["code"]?.string == "request_timeout")

        // A body that stalls: the connection is closed after the idle timeout.
        let stall = try await running.client()
        let started = ContinuousClock.now
        let closed = try await blocking { () -> Bool in
            try stall.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\"")
            return stall.waitForClose()
        }
        #expect(closed)
        #expect(ContinuousClock.now - started < .seconds(5))

        // Headers that never finish: closed too.
        let slowHead = try await running.client()
        let headClosed = try await blocking { () -> Bool in
            try slowHead.send("POST /predict HTTP/1.1\r\nHost: x\r\n")
            return slowHead.waitForClose()
        }
        #expect(headClosed)

        // The server still serves.
        let fresh = try await running.client()
        #expect(try await blocking { try fresh.request("GET", "/health").status } == 200)
        try await running.stop()
    }
}
