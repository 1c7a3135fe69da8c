#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal blocking HTTP/1.1 client over a ``LoopbackSocket``, for tests of live servers (no
/// dependencies). Every call blocks its thread: run it inside ``blocking(_:)``, off Swift's
/// cooperative pool.
///
/// ```swift
/// let client = try await blocking { try HTTPTestClient(port: port) }
/// let health = try await blocking { try client.request("GET", "/health") }
/// #expect(health.status == 200)
/// ```
///
/// For a client that waits with `await` and never blocks (a trickling or endless body), see
/// ``HTTPTestConnection``.
public final class HTTPTestClient: @unchecked Sendable {
    // @unchecked Sendable: one test drives one client sequentially; the buffer is never shared.

    /// One response: the status, the headers by lower-cased name, and the body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }

        public init(status: Int, headers: [String: String], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// Why a call failed.
    public struct ClientError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    private let socket: LoopbackSocket
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    /// - Throws: ``LoopbackSocket/SocketError`` when the connection is refused.
    public init(port: Int, timeout: Int = 60) throws {
        socket = try LoopbackSocket(port: port, receiveTimeout: timeout)
    }

    /// Sends raw bytes, all of them.
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = socket.send(bytes[sent...])
            guard n > 0 else { throw ClientError(description: "send() failed: \(errno)") }
            sent += n
        }
    }

    /// Sends `text` as UTF-8, all of it.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// A request with `Content-Length` (and `Content-Type: application/json` unless `headers`
    /// name another) when there is a body; returns the response.
    public func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) throws
        -> Response
    {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        var all = headers
        if let body {
            if all["Content-Type"] == nil { all["Content-Type"] = "application/json" }
            all["Content-Length"] = "\(body.utf8.count)"
        }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        try send(head + "\r\n" + (body ?? ""))
        return try readResponse(bodyless: method == "HEAD")
    }

    /// Reads one response (`Content-Length` framing, as the server always sends). The answer to
    /// a HEAD request (`bodyless`) has a `Content-Length` but no body.
    public func readResponse(bodyless: Bool = false) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = firstRange(of: separator) { headEnd = range } else { try fill() }
        }
        let end = headEnd ?? 0
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ClientError(description: "bad status line \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = Self.trimmingSpaces(line[line.index(after: colon)...])
        }
        let length = bodyless ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length { try fill() }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection (recv returns 0, or the connection was reset)
    /// within the read timeout.
    public func waitForClose() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = socket.receive(into: &scratch)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func fill() throws {
        var scratch = [UInt8](repeating: 0, count: 65_536)
        let n = socket.receive(into: &scratch)
        guard n > 0 else { throw ClientError(description: n == 0 ? "connection closed" : "recv() failed: \(errno)") }
        buffer.append(contentsOf: scratch[..<n])
    }

    private func firstRange(of pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count)
        where buffer[i] == pattern[0] && Array(buffer[i..<(i + pattern.count)]) == pattern {
            return i
        }
        return nil
    }

    private static func trimmingSpaces(_ text: Substring) -> String {
        var s = text
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
