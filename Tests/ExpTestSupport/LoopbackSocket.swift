#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection to a port on 127.0.0.1 over a raw POSIX socket, closed when the value is
/// released: the transport under ``HTTPTestClient`` and ``HTTPTestConnection``, which speak
/// HTTP/1.1 to live servers byte by byte (no HTTP library between the test and the server).
public final class LoopbackSocket: @unchecked Sendable {
    // @unchecked Sendable: the descriptor is immutable; one test drives one socket at a time.

    /// Why a socket call failed, with `errno`.
    public struct SocketError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The socket's file descriptor.
    public let descriptor: Int32

    /// Connects to 127.0.0.1:`port`. With `receiveTimeout` (seconds), a blocking read gives up
    /// after that long (`SO_RCVTIMEO`).
    /// - Throws: ``SocketError`` when the socket cannot be made or the connection is refused.
    public init(port: Int, receiveTimeout: Int? = nil) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw SocketError(description: "socket() failed: errno \(errno)") }
        if let receiveTimeout {
            var tv = timeval(tv_sec: receiveTimeout, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let descriptor = descriptor
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw SocketError(description: "cannot connect to port \(port): errno \(code)")
        }
    }

    deinit { close(descriptor) }

    /// One `send(2)` of `bytes` (on Linux never raising `SIGPIPE`); `nonBlocking` adds `MSG_DONTWAIT`.
    /// Returns the number of bytes sent, or -1 with `errno` set.
    public func send(_ bytes: ArraySlice<UInt8>, nonBlocking: Bool = false) -> Int {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL) | (nonBlocking ? Int32(MSG_DONTWAIT) : 0)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, flags) }
        #else
        let flags = nonBlocking ? Int32(MSG_DONTWAIT) : 0
        return bytes.withUnsafeBytes { Darwin.send(descriptor, $0.baseAddress, $0.count, flags) }
        #endif
    }

    /// One `recv(2)` into `buffer`; `nonBlocking` adds `MSG_DONTWAIT`. Returns the number of
    /// bytes read (0 once the peer has closed its side), or -1 with `errno` set.
    public func receive(into buffer: inout [UInt8], nonBlocking: Bool = false) -> Int {
        let flags = nonBlocking ? Int32(MSG_DONTWAIT) : 0
        return buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, flags) }
    }
}
