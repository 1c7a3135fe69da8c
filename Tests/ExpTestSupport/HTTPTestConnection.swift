import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw HTTP/1.1 connection over a ``LoopbackSocket`` that never blocks: every wait is an
/// `await` (a poll every few milliseconds), so it holds no thread while a live server takes its
/// time. For hostile clients: a body that trickles in, never ends, or lies about its length.
///
/// ```swift
/// let connection = try HTTPTestConnection(port: port)
/// try await connection.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
/// let response = try await connection.receive(timeout: .seconds(10))
/// ```
///
/// For plain request-and-response exchanges, ``HTTPTestClient`` is simpler.
public final class HTTPTestConnection {
    private let socket: LoopbackSocket

    /// Connects to 127.0.0.1:`port`.
    /// - Throws: ``LoopbackSocket/SocketError`` when the connection is refused.
    public init(port: UInt16) throws {
        socket = try LoopbackSocket(port: Int(port))
    }

    /// Sends all of `bytes` within `timeout`; false when the server has closed the connection
    /// or stopped reading.
    @discardableResult
    public func send(_ bytes: [UInt8], timeout: Duration = .seconds(5)) async throws -> Bool {
        var sent = 0
        let deadline = ContinuousClock.now + timeout
        while sent < bytes.count {
            let n = socket.send(bytes[sent...], nonBlocking: true)
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            } else {
                return false
            }
        }
        return true
    }

    /// Sends `text` as UTF-8, all of it within `timeout`; false as for the bytes.
    @discardableResult
    public func send(_ text: String, timeout: Duration = .seconds(5)) async throws -> Bool {
        try await send(Array(text.utf8), timeout: timeout)
    }

    /// Whatever arrives within `timeout`, until the connection closes or a complete response
    /// (head and declared body) has arrived.
    public func receive(timeout: Duration) async throws -> String {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            let n = socket.receive(into: &buffer, nonBlocking: true)
            if n > 0 {
                received += buffer[0..<n]
                if Self.isComplete(received) { break }
            } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                break
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the server closes its side (a read returns end of file, or fails) within
    /// `timeout`.
    public func waitForClose(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            let n = socket.receive(into: &buffer, nonBlocking: true)
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return true }
            if n < 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        return false
    }

    /// Whether `bytes` hold a head and a body of the declared `Content-Length` (a head without
    /// one is complete).
    public static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<headEnd.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return true }
        return text[headEnd.upperBound...].utf8.count >= length
    }
}
