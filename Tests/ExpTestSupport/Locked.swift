import Foundation

/// A value shared by threads, behind a lock.
///
/// ```swift
/// let seen = Locked<[Int]>([])
/// runOnThreads(4) { index in seen.withValue { $0.append(index) } }
/// #expect(seen.value.sorted() == [0, 1, 2, 3])
/// ```
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only reached inside `lock`.
    private let lock = NSLock()
    private var protected: Value

    public init(_ value: Value) { protected = value }

    /// Runs `body` on the value with the lock held and returns what it returns.
    public func withValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&protected)
    }

    /// A copy of the value, read with the lock held.
    public var value: Value { withValue { $0 } }
}
