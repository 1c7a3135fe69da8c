import Dispatch

/// Runs blocking work on a thread of its own and waits for it with `await`.
///
/// The work holds neither a thread of the cooperative pool nor one of `DispatchQueue.global()`,
/// whose width on Linux is the core count as well: a serial queue of its own is served by an
/// overcommitting thread. Use it for calls that block (a socket read with a timeout, a lock
/// wait) from async tests.
///
/// ```swift
/// let response = try await blocking { try client.request("GET", "/health") }
/// ```
public func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue(label: "exp.tests.blocking").async { continuation.resume(with: Result { try work() }) }
    }
}
