import Foundation

/// A value shared between threads, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only reached inside `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
