import Dispatch

/// A task executor with a thread of its own (one serial Dispatch queue), for tests that measure
/// how a live server behaves over time.
///
/// `swift test` runs every target in one process, and the synchronous tests of other targets
/// (CSV parsing, 100,000-trial listings, rsvg) can hold both cooperative threads of a 2-core
/// machine for tens of seconds; a test whose awaits resume that late misreads the server's
/// timeouts, and a server starved that long turns its own request timeout into a 408 the test
/// never caused. Run such a test's body, or the server's task, with this executor as its
/// preference: child tasks inherit the preference (SE-0417), which is also how Hummingbird runs
/// each connection.
///
/// ```swift
/// try await withTaskExecutorPreference(DedicatedExecutor.shared) { try await body() }
/// ```
///
/// Suites that must not share a thread with others make an executor of their own with
/// ``init(label:)``.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: the queue is immutable and thread-safe.

    /// The executor that suites without one of their own share.
    public static let shared = DedicatedExecutor(label: "exp.tests.dedicated")

    private let queue: DispatchQueue

    /// An executor on a new serial queue named `label`.
    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
