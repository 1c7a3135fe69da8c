import ExpDomain
import Foundation

/// An ``ExperimentStore`` in memory, for tests that drive workflows (a sweep session, a
/// promotion) in process without a database, and a second implementation the store contract
/// suite checks (``StoreContract``), so the contract is known to describe behaviour, not SQLite.
///
/// Leases are timed with `clock` (Unix seconds), the wall clock by default.
public actor InMemoryStore: ExperimentStore {
    public nonisolated let location: String
    private let clock: @Sendable () -> Double

    private struct Trial {
        var summary: TrialSummary
        var cellHash: String
        var folds: [FoldOutcome] = []
        var oof: [Double]?
        var events: [StoreEvent] = []
    }

    private var sweepRecords: [SweepRecord] = []
    private var trialsByID: [Int64: Trial] = [:]
    private var versions: [ModelVersionRecord] = []
    private var aliases: [String: [String: Int]] = [:]
    private var nextTrialID: Int64 = 1
    private var nextEventID: Int64 = 1
    /// How many claims, renewals and completions were made, for tests that count them.
    public private(set) var renewals = 0

    public init(location: String = "memory:", clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.location = location
        self.clock = clock
    }

    // MARK: SweepStore

    public func createOrResumeSweep(_ sweep: NewSweep) throws -> (sweep: SweepRecord, resumed: Bool) {
        for (field, value) in [("name", sweep.name), ("metric", sweep.metric), ("spec hash", sweep.specHash),
                               ("dataset SHA-256", sweep.datasetSHA256), ("fold hash", sweep.foldHash)] where value.isEmpty {
            throw StoreError.invalidArgument("the sweep's \(field) is empty", store: location)
        }
        if let existing = sweepRecords.first(where: {
            $0.name == sweep.name && $0.specHash == sweep.specHash && $0.datasetSHA256 == sweep.datasetSHA256
        }) {
            guard existing.foldHash == sweep.foldHash else {
                throw StoreError.invalidArgument("sweep \(existing.id) has the same spec and data but another fold hash",
                                                 store: location)
            }
            return (existing, true)
        }
        let record = SweepRecord(
            id: Int64(sweepRecords.count + 1), name: sweep.name, specHash: sweep.specHash, specJSON: sweep.specJSON,
            datasetSHA256: sweep.datasetSHA256, datasetDescription: sweep.datasetDescription, foldHash: sweep.foldHash,
            seed: sweep.seed, metric: sweep.metric, metricGoal: sweep.metricGoal, expVersion: sweep.expVersion,
            environment: sweep.environment, command: sweep.command, createdAt: clock())
        sweepRecords.append(record)
        return (record, false)
    }

    public func insertTrials(sweepID: Int64, _ trials: [NewTrial]) throws {
        guard sweepRecords.contains(where: { $0.id == sweepID }) else { throw StoreError.notFound("sweep \(sweepID)", store: location) }
        for trial in trials {
            let existing = trialsByID.values.first { $0.summary.sweepID == sweepID && $0.cellHash == trial.cellHash }
            if let existing {
                guard existing.summary.number == trial.number, existing.summary.seed == trial.seed else {
                    throw StoreError.invalidArgument("cell \(trial.cellHash) is stored with another number or seed", store: location)
                }
                continue
            }
            let id = nextTrialID
            nextTrialID += 1
            trialsByID[id] = Trial(
                summary: TrialSummary(id: id, sweepID: sweepID, number: trial.number, state: .pending,
                                      paramsJSON: trial.paramsJSON, seed: trial.seed, attempt: 0, metrics: [:]),
                cellHash: trial.cellHash)
        }
    }

    public func sweep(id: Int64) -> SweepRecord? { sweepRecords.first { $0.id == id } }

    public func latestSweep(named name: String) -> SweepRecord? {
        sweepRecords.filter { $0.name == name }.max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func sweeps() -> [SweepSummary] {
        sweepRecords.reversed().map { sweep in
            let best = trials(sweepID: sweep.id, sortBy: sweep.metric, descending: nil, limit: 1, states: [.done]).first
            return SweepSummary(id: sweep.id, name: sweep.name, metric: sweep.metric, metricGoal: sweep.metricGoal,
                                createdAt: sweep.createdAt, counts: counts(sweepID: sweep.id),
                                bestValue: best?.metrics[sweep.metric]?.mean, bestTrialID: best?.id)
        }
    }

    public func counts(sweepID: Int64) -> TrialCounts {
        var counts = TrialCounts()
        for trial in trialsByID.values where trial.summary.sweepID == sweepID {
            switch trial.summary.state {
            case .pending: counts.pending += 1
            case .running: counts.running += 1
            case .done: counts.done += 1
            case .failed: counts.failed += 1
            }
        }
        return counts
    }

    public func trials(sweepID: Int64?, sortBy metric: String?, descending: Bool?, limit: Int?,
                       states: Set<TrialState>?) -> [TrialSummary] {
        var rows = trialsByID.values.map(\.summary).filter { trial in
            (sweepID.map { trial.sweepID == $0 } ?? true) && (states.map { $0.contains(trial.state) } ?? true)
        }
        rows.sort { ($0.sweepID, $0.number) < ($1.sweepID, $1.number) }
        if let metric {
            let goal = (sweepID.flatMap { id in sweepRecords.first { $0.id == id } }
                ?? sweepRecords.last { $0.metric == metric })?.metricGoal
            let higherFirst = descending ?? (goal != .min)
            let valued = rows.filter { $0.metrics[metric].map { !$0.mean.isNaN } ?? false }
            let others = rows.filter { !($0.metrics[metric].map { !$0.mean.isNaN } ?? false) }
            let sorted = valued.enumerated().sorted { a, b in
                let x = a.element.metrics[metric]?.mean ?? .nan, y = b.element.metrics[metric]?.mean ?? .nan
                if x != y { return higherFirst ? x > y : x < y }
                return a.offset < b.offset
            }.map(\.element)
            rows = sorted + others
        }
        if let limit { rows = Array(rows.prefix(limit)) }
        return rows
    }

    public func trial(id: Int64) -> TrialDetail? {
        guard let trial = trialsByID[id], let sweep = sweep(id: trial.summary.sweepID) else { return nil }
        return TrialDetail(summary: trial.summary, cellHash: trial.cellHash, folds: trial.folds, sweep: sweep,
                           oofPredictions: trial.oof, events: trial.events)
    }

    public func resetFailedTrials(sweepID: Int64) -> Int {
        var changed = 0
        for (id, trial) in trialsByID where trial.summary.sweepID == sweepID && trial.summary.state == .failed {
            trialsByID[id]?.summary.state = .pending
            trialsByID[id]?.summary.error = nil
            trialsByID[id]?.summary.worker = nil
            changed += 1
        }
        return changed
    }

    // MARK: TrialQueue

    public func claim(sweepID: Int64, worker: String, lease: Duration) throws -> ClaimedTrial? {
        guard !worker.isEmpty, lease > .zero else {
            throw StoreError.invalidArgument("a claim needs a worker name and a positive lease", store: location)
        }
        guard sweepRecords.contains(where: { $0.id == sweepID }) else { throw StoreError.notFound("sweep \(sweepID)", store: location) }
        let now = clock()
        func claimable(_ trial: TrialSummary) -> Bool {
            guard trial.sweepID == sweepID else { return false }
            if trial.state == .pending { return true }
            let expiry: Double = trial.leaseUntil ?? 0
            return trial.state == .running && expiry < now
        }
        let candidate: TrialSummary? = trialsByID.values.map(\.summary).filter(claimable).min { $0.number < $1.number }
        guard let candidate, var trial = trialsByID[candidate.id] else { return nil }
        trial.summary.state = .running
        trial.summary.worker = worker
        trial.summary.attempt += 1
        trial.summary.leaseUntil = now + lease.seconds
        trial.summary.startedAt = now
        trial.events.append(event(trial.summary, trial.summary.attempt > 1 ? "reclaimed" : "claimed", worker))
        trialsByID[candidate.id] = trial
        return ClaimedTrial(id: trial.summary.id, sweepID: sweepID, number: trial.summary.number, cellHash: trial.cellHash,
                            paramsJSON: trial.summary.paramsJSON, seed: trial.summary.seed,
                            attempt: trial.summary.attempt, worker: worker, leaseUntil: now + lease.seconds)
    }

    public func renew(_ claim: ClaimedTrial, lease: Duration) -> Bool {
        renewals += 1
        guard holds(claim) else { return false }
        trialsByID[claim.id]?.summary.leaseUntil = clock() + lease.seconds
        return true
    }

    public func complete(_ claim: ClaimedTrial, with result: TrialResult) throws {
        try requireHeld(claim)
        var trial = trialsByID[claim.id]
        let folds = result.folds.sorted { $0.fold < $1.fold }
        trial?.folds = folds
        trial?.oof = result.oofPredictions
        trial?.summary.metrics = TrialOutcome.summarize(folds)
        trial?.summary.state = .done
        trial?.summary.leaseUntil = nil
        trial?.summary.finishedAt = clock()
        trial?.summary.durationSeconds = result.durationSeconds
        if let summary = trial?.summary { trial?.events.append(event(summary, "completed", claim.worker)) }
        trialsByID[claim.id] = trial
    }

    public func fail(_ claim: ClaimedTrial, reason: String) throws {
        try requireHeld(claim)
        trialsByID[claim.id]?.summary.state = .failed
        trialsByID[claim.id]?.summary.error = reason
        trialsByID[claim.id]?.summary.leaseUntil = nil
    }

    public func release(trialID: Int64, worker: String, attempt: Int) -> Bool {
        guard let trial = trialsByID[trialID], trial.summary.state == .running, trial.summary.worker == worker,
              trial.summary.attempt == attempt else { return false }
        trialsByID[trialID]?.summary.state = .pending
        trialsByID[trialID]?.summary.leaseUntil = nil
        return true
    }

    private func holds(_ claim: ClaimedTrial) -> Bool {
        guard let trial = trialsByID[claim.id] else { return false }
        return trial.summary.state == .running && trial.summary.worker == claim.worker && trial.summary.attempt == claim.attempt
    }

    private func requireHeld(_ claim: ClaimedTrial) throws {
        guard trialsByID[claim.id] != nil else { throw StoreError.notFound("trial \(claim.id)", store: location) }
        guard holds(claim) else {
            throw StoreError.leaseLost(trialID: claim.id, worker: claim.worker, attempt: claim.attempt,
                                       current: "the trial was taken over", store: location)
        }
    }

    private func event(_ trial: TrialSummary, _ kind: String, _ worker: String?) -> StoreEvent {
        defer { nextEventID += 1 }
        return StoreEvent(id: nextEventID, sweepID: trial.sweepID, trialID: trial.id, kind: kind, worker: worker,
                          at: clock(), detail: "attempt \(trial.attempt)")
    }

    // MARK: ModelRegistry

    public func nextModelVersion(name: String) -> Int {
        (versions.filter { $0.name == name }.map(\.version).max() ?? 0) + 1
    }

    public func registerModelVersion(_ model: NewModelVersion, version: Int) throws -> ModelVersionRecord {
        try ResourceName.validate(model.name, as: .model)
        if let trialID = model.trialID, trialsByID[trialID] == nil {
            throw StoreError.notFound("trial \(trialID)", store: location)
        }
        if let sweepID = model.sweepID, sweep(id: sweepID) == nil {
            throw StoreError.notFound("sweep \(sweepID)", store: location)
        }
        guard version == nextModelVersion(name: model.name) else {
            throw StoreError.invalidArgument("model '\(model.name)' version \(version) is already registered", store: location)
        }
        let record = ModelVersionRecord(
            id: Int64(versions.count + 1), name: model.name, version: version, sweepID: model.sweepID,
            trialID: model.trialID, artifact: model.artifact, digest: model.digest, sizeBytes: model.sizeBytes,
            paramsJSON: model.paramsJSON, cvMetricsJSON: model.cvMetricsJSON,
            holdoutMetricsJSON: model.holdoutMetricsJSON, promotedBy: model.promotedBy, promotedAt: clock(),
            command: model.command, aliases: [])
        versions.append(record)
        return record
    }

    public func setAlias(name: String, alias: String, version: Int, by who: String) throws -> Int? {
        try ResourceName.validate(alias, as: .alias)
        guard versions.contains(where: { $0.name == name && $0.version == version }) else {
            throw StoreError.notFound("model \(name):\(version)", store: location)
        }
        let previous = aliases[name]?[alias]
        aliases[name, default: [:]][alias] = version
        return previous
    }

    public func modelVersion(_ reference: ModelReference) -> ModelVersionRecord? {
        let found: ModelVersionRecord?
        switch reference {
        case let .latest(name): found = versions.filter { $0.name == name }.max { $0.version < $1.version }
        case let .version(name, version): found = versions.first { $0.name == name && $0.version == version }
        case let .alias(name, alias):
            found = aliases[name]?[alias].flatMap { v in versions.first { $0.name == name && $0.version == v } }
        }
        return found.map(withAliases)
    }

    public func modelVersions(name: String) -> [ModelVersionRecord] {
        versions.filter { $0.name == name }.sorted { $0.version > $1.version }.map(withAliases)
    }

    public func modelVersions(trialID: Int64) -> [ModelVersionRecord] {
        versions.filter { $0.trialID == trialID }.sorted { ($0.name, $0.version) < ($1.name, $1.version) }.map(withAliases)
    }

    public func models() -> [ModelSummary] {
        Set(versions.map(\.name)).sorted().compactMap { name in
            let all = versions.filter { $0.name == name }
            guard let latest = all.max(by: { $0.version < $1.version }) else { return nil }
            return ModelSummary(name: name, versionCount: all.count, latestVersion: latest.version,
                                latestPromotedAt: latest.promotedAt,
                                aliases: (aliases[name] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    private func withAliases(_ record: ModelVersionRecord) -> ModelVersionRecord {
        var record = record
        record.aliases = (aliases[record.name] ?? [:]).filter { $0.value == record.version }.keys.sorted()
        return record
    }

    // MARK: Test hooks

    /// Overwrites a trial's stored parameter JSON, as damage on disk would.
    public func damageParameters(trialID: Int64, with json: String) {
        trialsByID[trialID]?.summary.paramsJSON = json
    }
}
