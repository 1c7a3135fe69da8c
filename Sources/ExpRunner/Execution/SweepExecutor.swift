import ExpDomain
import ExpData

/// Runs a sweep's trials with several concurrent workers in this process.
///
/// Each worker loops: claim a trial from the queue, cross-validate it with the shared
/// ``TrialEvaluator`` (whose fold cache every worker shares), record the result. Results depend
/// only on each trial's parameters and seed, never on which worker ran it or when, so 1 or N
/// workers (or processes, or hosts) give bit-identical metrics.
///
/// ## Leases that hold
/// A worker's folds run on a thread of its own (``ComputeThreads``), and the heartbeats that renew
/// the claims' leases every ``heartbeat`` on another, never on Swift's cooperative pool: a renewal
/// runs on time however long a fold takes and whatever else the process's pool is doing. When a renewal finds the claim lost (the lease ran out while the host was
/// cut off, say), the evaluation is cancelled at once (it stops within one epoch) and the worker
/// moves on; its result is never recorded.
public struct SweepExecutor: Sendable {
    /// What happened, for progress display.
    public enum Event: Sendable {
        case started(number: Int, worker: String)
        case finished(number: Int, worker: String, evaluation: TrialEvaluation)
        case failed(number: Int, worker: String, message: String)
        /// The worker lost its claim (its lease expired and another worker took the trial).
        case lost(number: Int, worker: String)
    }

    public let evaluator: TrialEvaluator
    public let queue: any TrialQueue
    public let sweepID: Int64
    public let workers: Int
    public let workerName: String
    public let threshold: Double
    /// How long a claim lasts without a renewal.
    public let lease: Duration
    /// How often a running trial's lease is renewed: a quarter of the lease.
    public var heartbeat: Duration { lease / 4 }

    public init(evaluator: TrialEvaluator, queue: any TrialQueue, sweepID: Int64, workers: Int, workerName: String,
                threshold: Double, lease: Duration = .seconds(60)) {
        self.evaluator = evaluator
        self.queue = queue
        self.sweepID = sweepID
        self.workers = max(1, workers)
        self.workerName = workerName
        self.threshold = threshold
        self.lease = lease
    }

    /// Runs until no trial is left to claim. Returns how many trials this process finished.
    @discardableResult
    public func run(onEvent: @escaping @Sendable (Event) -> Void = { _ in }) async throws -> Int {
        let threads = ComputeThreads(count: workers)
        let leaseKeeper = ComputeThreads(count: 1, label: "exp.lease")[0]
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<workers {
                let worker = "\(workerName)/\(w)"
                let executor = threads[w]
                // The worker's own loop only awaits (claims, results), on the lease keeper: were it
                // on the compute thread, it could not resume to cancel a fold that holds that thread.
                group.addTask(executorPreference: leaseKeeper) {
                    try await work(as: worker, on: executor, leaseKeeper: leaseKeeper, onEvent: onEvent)
                }
            }
            var total = 0
            for try await n in group { total += n }
            return total
        }
    }

    /// One worker's loop; returns how many trials it finished.
    private func work(as worker: String, on executor: ComputeThreads.Executor, leaseKeeper: ComputeThreads.Executor,
                      onEvent: @escaping @Sendable (Event) -> Void) async throws -> Int {
        let featureCount = evaluator.cache.data.dataset.featureCount
        var finished = 0
        while !Task.isCancelled, let claim = try await queue.claim(sweepID: sweepID, worker: worker, lease: lease) {
            onEvent(.started(number: claim.number, worker: worker))
            let parameters: TrialParameters
            do {
                parameters = try claim.parameters()
            } catch {
                try await fail(claim, error.description, onEvent: onEvent)
                continue
            }
            let settings = PipelineSettings(parameters, featureCount: featureCount, threshold: threshold)
            switch try await evaluateHoldingLease(claim, settings: settings, on: executor, leaseKeeper: leaseKeeper) {
            case let .evaluated(evaluation):
                do {
                    try await queue.complete(claim, with: try evaluation.result())
                    finished += 1
                    onEvent(.finished(number: claim.number, worker: worker, evaluation: evaluation))
                } catch let error as StoreError where error.kind == .leaseLost {
                    onEvent(.lost(number: claim.number, worker: worker))
                }
            case let .failed(error):
                try await fail(claim, error.description, onEvent: onEvent)
            case .lost:
                onEvent(.lost(number: claim.number, worker: worker))
            }
        }
        return finished
    }

    private func fail(_ claim: ClaimedTrial, _ message: String, onEvent: @Sendable (Event) -> Void) async throws {
        do {
            try await queue.fail(claim, reason: message)
            onEvent(.failed(number: claim.number, worker: claim.worker, message: message))
        } catch let error as StoreError where error.kind == .leaseLost {
            onEvent(.lost(number: claim.number, worker: claim.worker))
        }
    }

    private enum LeasedOutcome: Sendable {
        case evaluated(TrialEvaluation)
        case failed(RunnerError)
        case lost
    }

    /// Evaluates the trial while a heartbeat renews its lease; whichever ends first decides. The
    /// evaluation runs on the worker's `executor`, the heartbeat on the `leaseKeeper` thread, so
    /// neither waits for the other, nor for the cooperative pool.
    private func evaluateHoldingLease(_ claim: ClaimedTrial, settings: PipelineSettings,
                                      on executor: ComputeThreads.Executor,
                                      leaseKeeper: ComputeThreads.Executor) async throws -> LeasedOutcome {
        let queue = self.queue, lease = self.lease, heartbeat = self.heartbeat, evaluator = self.evaluator
        return try await withThrowingTaskGroup(of: LeasedOutcome.self) { group in
            group.addTask(executorPreference: executor) {
                do {
                    return .evaluated(try await evaluator.evaluate(settings, seed: claim.seed, on: executor))
                } catch let error as RunnerError {
                    return .failed(error)
                }
            }
            group.addTask(executorPreference: leaseKeeper) {
                while true {
                    try await Task.sleep(for: heartbeat)
                    do {
                        if try await !queue.renew(claim, lease: lease) { return .lost }
                    } catch let error as StoreError where error.kind != .leaseLost {
                        // A store that is briefly busy or unreachable: try again at the next beat.
                        // If the lease runs out meanwhile, the next renewal (or the result) says so.
                        continue
                    }
                }
            }
            guard let first = try await group.next() else { return .lost }
            group.cancelAll()
            return first
        }
    }
}
