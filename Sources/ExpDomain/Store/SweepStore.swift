/// Sweeps and their trials as a backend stores them: create or resume a sweep, add its trials,
/// list and read them back.
///
/// Every method may throw ``StoreError``; a record whose stored JSON is damaged is returned as it
/// is, and its typed accessors (``TrialSummary/parameters()``, …) name the damage when read.
public protocol SweepStore: Sendable {
    /// Where the store is, for messages: a path, or a URL without its password.
    var location: String { get }

    /// Creates the sweep, or finds it again when a sweep with the same name, spec hash and
    /// dataset hash exists (then `resumed` is true).
    func createOrResumeSweep(_ sweep: NewSweep) async throws -> (sweep: SweepRecord, resumed: Bool)
    /// Adds the sweep's trials; cells already stored are kept (idempotent).
    func insertTrials(sweepID: Int64, _ trials: [NewTrial]) async throws
    func sweep(id: Int64) async throws -> SweepRecord?
    /// The most recent sweep of that name.
    func latestSweep(named name: String) async throws -> SweepRecord?
    /// Every sweep with its trial counts and best trial, newest first.
    func sweeps() async throws -> [SweepSummary]
    func counts(sweepID: Int64) async throws -> TrialCounts
    /// Lists trials: of one sweep or all, sorted by a metric's mean (best first by the sweep's
    /// goal, unless `descending` says otherwise), limited, in some states.
    func trials(sweepID: Int64?, sortBy metric: String?, descending: Bool?, limit: Int?, states: Set<TrialState>?)
        async throws -> [TrialSummary]
    /// One trial with its folds, sweep and audit log.
    func trial(id: Int64) async throws -> TrialDetail?
    /// Returns the sweep's failed trials to pending; returns how many.
    func resetFailedTrials(sweepID: Int64) async throws -> Int
}

extension SweepStore {
    public func trials(sweepID: Int64? = nil, sortBy metric: String? = nil, limit: Int? = nil,
                       states: Set<TrialState>? = nil) async throws -> [TrialSummary] {
        try await trials(sweepID: sweepID, sortBy: metric, descending: nil, limit: limit, states: states)
    }
}
