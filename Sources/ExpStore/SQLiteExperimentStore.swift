import Dispatch
import ExpDomain

/// The SQLite backend of the ``ExperimentStore`` protocols: an ``SQLiteStore`` whose blocking
/// calls run on a thread of their own, so that an `await` on the store never holds one of Swift's
/// cooperative threads while SQLite waits for another process's lock.
///
/// ```swift
/// let store: any ExperimentStore = try await SQLiteExperimentStore.open(path: "experiments/exp.sqlite")
/// let claim = try await store.claim(sweepID: 1, worker: "host:42/0", lease: .seconds(60))
/// ```
///
/// Leases are timed with this machine's clock (``SQLiteStore`` stamps `now`): every process that
/// shares an SQLite file shares that clock.
public final class SQLiteExperimentStore: ExperimentStore {
    /// The blocking store underneath (for tests and for callers already on a thread of their own).
    public let store: SQLiteStore
    // Serial: SQLiteStore serialises its calls anyway (one connection behind a lock).
    private let queue: DispatchQueue

    public init(_ store: SQLiteStore) {
        self.store = store
        self.queue = DispatchQueue(label: "exp.store.sqlite")
    }

    /// Opens (creating and migrating when allowed) the store at `path` off the cooperative pool.
    public static func open(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(10)) async throws
        -> SQLiteExperimentStore
    {
        let store = try await offPool { try SQLiteStore(path: path, readOnly: readOnly, busyTimeout: busyTimeout) }
        return SQLiteExperimentStore(store)
    }

    public var location: String { store.path }

    /// Runs `body` on a new Dispatch work item, off Swift's cooperative pool.
    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteStore) throws -> T) async throws -> T {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(store) }) }
        }
    }

    // MARK: SweepStore

    public func createOrResumeSweep(_ sweep: NewSweep) async throws -> (sweep: SweepRecord, resumed: Bool) {
        let result = try await run { try $0.createOrResumeSweep(sweep) }
        return (result.sweep, result.resumed)
    }

    public func insertTrials(sweepID: Int64, _ trials: [NewTrial]) async throws {
        try await run { try $0.insertTrials(sweepID: sweepID, trials) }
    }

    public func sweep(id: Int64) async throws -> SweepRecord? {
        try await run { try $0.sweep(id: id) }
    }

    public func latestSweep(named name: String) async throws -> SweepRecord? {
        try await run { try $0.latestSweep(named: name) }
    }

    public func sweeps() async throws -> [SweepSummary] {
        try await run { try $0.sweeps() }
    }

    public func counts(sweepID: Int64) async throws -> TrialCounts {
        try await run { try $0.counts(sweepID: sweepID) }
    }

    public func trials(sweepID: Int64?, sortBy metric: String?, descending: Bool?, limit: Int?,
                       states: Set<TrialState>?) async throws -> [TrialSummary] {
        try await run { try $0.trials(sweepID: sweepID, sortBy: metric, descending: descending, limit: limit, states: states) }
    }

    public func trial(id: Int64) async throws -> TrialDetail? {
        try await run { try $0.trial(id: id) }
    }

    public func resetFailedTrials(sweepID: Int64) async throws -> Int {
        try await run { try $0.resetFailedTrials(sweepID: sweepID) }
    }

    // MARK: TrialQueue

    public func claim(sweepID: Int64, worker: String, lease: Duration) async throws -> ClaimedTrial? {
        try await run { try $0.claimTrial(sweepID: sweepID, worker: worker, lease: lease.seconds) }
    }

    public func renew(_ claim: ClaimedTrial, lease: Duration) async throws -> Bool {
        try await run {
            try $0.renewLease(trialID: claim.id, worker: claim.worker, attempt: claim.attempt, lease: lease.seconds)
        }
    }

    public func complete(_ claim: ClaimedTrial, with result: TrialResult) async throws {
        try await run {
            try $0.completeTrial(TrialOutcome(
                trialID: claim.id, worker: claim.worker, attempt: claim.attempt, folds: result.folds,
                oofPredictions: result.oofPredictions, durationSeconds: result.durationSeconds))
        }
    }

    public func fail(_ claim: ClaimedTrial, reason: String) async throws {
        try await run { try $0.failTrial(trialID: claim.id, worker: claim.worker, attempt: claim.attempt, error: reason) }
    }

    public func release(trialID: Int64, worker: String, attempt: Int) async throws -> Bool {
        try await run { try $0.releaseTrial(trialID: trialID, worker: worker, attempt: attempt) }
    }

    // MARK: ModelRegistry

    public func nextModelVersion(name: String) async throws -> Int {
        try await run { try $0.nextModelVersion(name: name) }
    }

    public func registerModelVersion(_ model: NewModelVersion, version: Int) async throws -> ModelVersionRecord {
        try await run { try $0.registerModelVersion(model, version: version) }
    }

    public func setAlias(name: String, alias: String, version: Int, by who: String) async throws -> Int? {
        try await run { try $0.setAlias(name: name, alias: alias, version: version, by: who) }
    }

    public func modelVersion(_ reference: ModelReference) async throws -> ModelVersionRecord? {
        try await run { try $0.modelVersion(reference) }
    }

    public func modelVersions(name: String) async throws -> [ModelVersionRecord] {
        try await run { try $0.modelVersions(name: name) }
    }

    public func modelVersions(trialID: Int64) async throws -> [ModelVersionRecord] {
        try await run { try $0.modelVersions(trialID: trialID) }
    }

    public func models() async throws -> [ModelSummary] {
        try await run { try $0.models() }
    }
}
