import ExpDomain
import ExpData

/// Runs a sweep's trials with several concurrent workers in this process.
///
/// Each worker loops: claim a trial from the queue, cross-validate it with the shared
/// ``TrialEvaluator`` (whose fold cache every worker shares), record the result. While a trial
/// runs, its lease is renewed every `heartbeat`. Results depend only on each trial's parameters
/// and seed, never on which worker ran it or when, so 1 or N workers (or processes) give
/// bit-identical metrics.
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
    public let workers: Int
    public let workerName: String
    public let threshold: Double
    public let heartbeat: Duration

    public init(evaluator: TrialEvaluator, queue: any TrialQueue, workers: Int, workerName: String,
                threshold: Double, heartbeat: Duration = .seconds(5)) {
        self.evaluator = evaluator
        self.queue = queue
        self.workers = max(1, workers)
        self.workerName = workerName
        self.threshold = threshold
        self.heartbeat = heartbeat
    }

    /// Runs until no trial is left to claim. Returns how many trials this process finished.
    @discardableResult
    public func run(onEvent: @escaping @Sendable (Event) -> Void = { _ in }) async throws -> Int {
        let featureCount = evaluator.cache.data.dataset.featureCount
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<workers {
                let worker = "\(workerName)/\(w)"
                group.addTask {
                    var finished = 0
                    while !Task.isCancelled, let trial = try await queue.claim(worker: worker) {
                        onEvent(.started(number: trial.number, worker: worker))
                        let settings = PipelineSettings(trial.parameters, featureCount: featureCount, threshold: threshold)
                        let renewal = Task {
                            while !Task.isCancelled {
                                try await Task.sleep(for: heartbeat)
                                if try await !queue.renew(trial, worker: worker) { return }
                            }
                        }
                        defer { renewal.cancel() }
                        let evaluation: TrialEvaluation
                        do {
                            evaluation = try await evaluator.evaluate(settings, seed: trial.seed)
                        } catch let error as RunnerError {
                            try await queue.fail(trial, worker: worker, message: error.description)
                            onEvent(.failed(number: trial.number, worker: worker, message: error.description))
                            continue
                        }
                        do {
                            try await queue.complete(trial, worker: worker, evaluation: evaluation)
                            finished += 1
                            onEvent(.finished(number: trial.number, worker: worker, evaluation: evaluation))
                        } catch let error as any LeaseLostError {
                            _ = error
                            onEvent(.lost(number: trial.number, worker: worker))
                        }
                    }
                    return finished
                }
            }
            var total = 0
            for try await n in group { total += n }
            return total
        }
    }
}

/// Conformed to by the queue's error for a claim that was lost, so the executor can tell it
/// from a real failure and carry on.
public protocol LeaseLostError: Error {}
