import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// Hostile HTTP clients against a live `exp serve`: a client that trickles its body, a body that
/// never ends, an absurd declared length. The server must answer each with the right 4xx, keep
/// serving everyone else meanwhile, and stop cleanly. (The status codes of every other request
/// error are covered in process by `ExpServerTests`.)
@Suite("Reliability: hostile HTTP clients against exp serve", .serialized)
struct ServeHostileTests {
    /// A running `exp serve` on a free port, with a 64 KiB body limit.
    final class Server {
        let directory: URL
        let process: Child
        let port: UInt16

        init() async throws {
            directory = try TemporaryDirectory.make(prefix: "exp-serve-hostile")
            let bundle = directory.appendingPathComponent("bk.tar.gz")
            try Data(try await HostileFixture.shared().bundle).write(to: bundle)
            process = try ExpBinary.start(["serve", bundle.path, "--port", "0", "--max-body-bytes", "65536"], timeout: .seconds(300))
            let deadline = ContinuousClock.now + .seconds(60)
            var found: UInt16?
            while found == nil {
                try #require(process.isRunning, "exp serve exited: \(process.stderrSoFar)")
                try #require(ContinuousClock.now < deadline, "exp serve did not start: \(process.stderrSoFar)")
                if let range = process.stderrSoFar.range(of: #"http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                    found = UInt16(process.stderrSoFar[range].split(separator: ":").last ?? "")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            port = found ?? 0
        }

        /// SIGTERM: the server must stop by itself, with status 0.
        func stop() async throws -> ExpBinary.Run {
            process.signal(SIGTERM)
            return try await process.finish()
        }

        deinit {
            process.signal(SIGKILL)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// `GET /health` on a fresh connection: the status line, and how long it took.
    static func health(_ port: UInt16) async throws -> (String, Duration) {
        let start = ContinuousClock.now
        let connection = try HTTPTestConnection(port: port)
        try await connection.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try await connection.receive(timeout: .seconds(10))
        return (response.split(separator: "\r\n").first.map(String.init) ?? "", ContinuousClock.now - start)
    }

    /// The server's idle timeout (`ServerConfiguration.idleTimeout`): a connection that sends
    /// nothing for this long is closed.
    static let idleTimeout = Duration.seconds(30)

    @Test("a slow client gets 408, an endless body 413, a huge declared length 413; others are served meanwhile")
    func hostileClients() async throws {
        try await withTaskExecutorPreference(DedicatedExecutor.shared) { try await hostileClientsBody() }
    }

    func hostileClientsBody() async throws {
        let server = try await Server()
        let started = ContinuousClock.now

        // A body that never ends: chunked, 4 KiB chunks as fast as the server takes them.
        let endless = try HTTPTestConnection(port: server.port)
        #expect(try await endless.send("POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"))
        let chunk = Array("1000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 4096) + Array("\r\n".utf8)
        var sent = 0
        var tooLarge = ""
        while tooLarge.isEmpty && ContinuousClock.now - started < .seconds(20) {
            guard try await endless.send(chunk, timeout: .milliseconds(200)) else { break }
            sent += 4096
            tooLarge = try await endless.receive(timeout: .milliseconds(5))
        }
        if tooLarge.isEmpty { tooLarge = try await endless.receive(timeout: .seconds(5)) }
        #expect(tooLarge.hasPrefix("HTTP/1.1 413"), "after \(sent) bytes: \(tooLarge)")
        #expect(tooLarge.contains("\"code\":\"body_too_large\"") && tooLarge.contains("65536"), "\(tooLarge)")
        #expect(sent <= 4 * 65536, "the server read \(sent) bytes of a body limited to 65536")
        #expect(ContinuousClock.now - started < .seconds(10))

        // A declared length of 10 GB: refused before any body byte is read.
        let huge = try HTTPTestConnection(port: server.port)
        try await huge.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{")
        let refused = try await huge.receive(timeout: .seconds(5))
        #expect(refused.hasPrefix("HTTP/1.1 413"), "\(refused)")

        // A slow client: one body byte every 250 ms (its 400 bytes would take 100 s).
        let slow = try HTTPTestConnection(port: server.port)
        #expect(try await slow.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"))
        let slowStarted = ContinuousClock.now
        var timedOut = ""
        var healthChecks: [(String, Duration)] = []
        while timedOut.isEmpty && ContinuousClock.now - slowStarted < .seconds(25) {
            guard try await slow.send(" ") else { break }
            timedOut = try await slow.receive(timeout: .milliseconds(250))
            if healthChecks.count < 3 && ContinuousClock.now - slowStarted > .seconds(2 * (healthChecks.count + 1)) {
                healthChecks.append(try await Self.health(server.port))
            }
        }
        if timedOut.isEmpty { timedOut = try await slow.receive(timeout: .seconds(2)) }
        let slowElapsed = ContinuousClock.now - slowStarted
        #expect(timedOut.hasPrefix("HTTP/1.1 408"), "after \(slowElapsed): \(timedOut)")
        #expect(timedOut.contains("\"code\":\"request_timeout\""), "\(timedOut)")
        #expect(slowElapsed >= .seconds(8) && slowElapsed < .seconds(20), "408 after \(slowElapsed)")
        #expect(healthChecks.count == 3)
        for (status, took) in healthChecks {
            #expect(status == "HTTP/1.1 200 OK" && took < .seconds(3), "health while a client trickled: \(status) in \(took)")
        }

        // Neither connection is held open for ever: each is closed at the latest once it has been
        // idle for the idle timeout.
        #expect(try await endless.waitForClose(timeout: Self.idleTimeout + .seconds(5)), "the endless connection was left open")
        #expect(try await slow.waitForClose(timeout: Self.idleTimeout + .seconds(5)), "the slow connection was left open")

        let (status, took) = try await Self.health(server.port)
        #expect(status == "HTTP/1.1 200 OK" && took < .seconds(3), "health afterwards: \(status) in \(took)")
        let stopped = try await server.stop()
        #expect(stopped.status == 0 && !stopped.signaled, "exp serve: \(stopped.status) \(stopped.stderr)")
    }
}
