import Dispatch

/// A task executor with a thread of its own (one serial Dispatch queue), for tests that measure
/// how a live server behaves over time. `swift test` runs every target in one process, and the
/// synchronous tests of other targets can hold both cooperative threads of a 2-core machine for
/// tens of seconds; a test whose awaits resume that late misreads the server's timeouts. Run its
/// body under `withTaskExecutorPreference(DedicatedExecutor.shared)`: child tasks inherit the
/// preference (SE-0417). (ExpServerTests has the same executor for its in-process servers.)
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the queue is immutable and thread-safe.
    static let shared = DedicatedExecutor()
    private let queue = DispatchQueue(label: "exp.tests.dedicated")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
