/// The queue of a sweep's trials: claims that hold for a lease, heartbeats that renew it, and
/// results that count only while the claim holds.
///
/// The backend owns lease time: it stamps claims and renewals with its own clock (SQLite: the
/// clock of the machine that shares the file; PostgreSQL: the server's `now()`), so workers never
/// compare their clocks. A claim is taken exactly once; a claim whose lease ran out can be taken
/// again as a new attempt, and the old attempt's results are then refused with
/// ``StoreError/Kind/leaseLost``.
public protocol TrialQueue: Sendable {
    /// Claims the lowest-numbered pending (or lease-expired) trial of the sweep for `worker`, or
    /// nil when none is left.
    func claim(sweepID: Int64, worker: String, lease: Duration) async throws -> ClaimedTrial?
    /// Extends the claim's lease. False when the claim no longer holds (another worker took the
    /// trial, or it finished or was released): the worker should stop and discard its work.
    func renew(_ claim: ClaimedTrial, lease: Duration) async throws -> Bool
    /// Records the trial's result. Throws ``StoreError/Kind/leaseLost`` when the claim no longer
    /// holds; nothing is written then.
    func complete(_ claim: ClaimedTrial, with result: TrialResult) async throws
    /// Records that the trial's pipeline failed (e.g. training diverged).
    func fail(_ claim: ClaimedTrial, reason: String) async throws
    /// Returns a running trial to pending (a clean shutdown, or a worker known to be dead).
    /// False when that attempt no longer runs.
    func release(trialID: Int64, worker: String, attempt: Int) async throws -> Bool
}

/// A finished trial's result, as a worker reports it (the claim says which trial and attempt).
public struct TrialResult: Sendable, Hashable {
    /// Every fold must report the same metric names.
    public var folds: [FoldOutcome]
    /// Out-of-fold predicted probabilities, in development-row order.
    public var oofPredictions: [Double]
    /// Wall time; informative only.
    public var durationSeconds: Double

    public init(folds: [FoldOutcome], oofPredictions: [Double], durationSeconds: Double) {
        self.folds = folds
        self.oofPredictions = oofPredictions
        self.durationSeconds = durationSeconds
    }
}

extension Duration {
    /// The duration in seconds, as a Double (leases are stored as Unix-second times).
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
