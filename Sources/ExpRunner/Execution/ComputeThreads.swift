import Dispatch

/// Threads of a sweep's own for CPU-bound work, one serial task executor per worker (SE-0417).
///
/// A trial's folds train for seconds to minutes without a suspension point. On Swift's
/// cooperative pool (one thread per core) a sweep with one worker per core would hold every pool
/// thread, and the tasks that renew the workers' leases could not run until a fold ended, so a
/// live trial could lose its claim to another worker. Each worker's task runs with one of these
/// executors as its preference instead, so the pool stays free for heartbeats and store calls.
///
/// Each executor is a serial Dispatch queue, which Dispatch backs with a thread of its own.
public final class ComputeThreads: Sendable {
    /// One executor per worker.
    public let executors: [Executor]

    public init(count: Int, label: String = "exp.compute") {
        executors = (0..<max(1, count)).map { Executor(label: "\(label).\($0)") }
    }

    /// The executor of worker `index` (wrapping around).
    public subscript(index: Int) -> Executor { executors[index % executors.count] }

    /// A task executor that runs its jobs, one at a time, on a thread of its own.
    public final class Executor: TaskExecutor, @unchecked Sendable {
        // @unchecked Sendable: the only state is an immutable, thread-safe Dispatch queue.
        private let queue: DispatchQueue

        init(label: String) {
            queue = DispatchQueue(label: label)
        }

        public func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedTaskExecutor()
            queue.async { job.runSynchronously(on: executor) }
        }
    }
}
