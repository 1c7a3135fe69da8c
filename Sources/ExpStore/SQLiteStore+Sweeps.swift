import ExpDomain
import Foundation

extension SQLiteStore {
    static let sweepColumns = """
        id, name, spec_hash, spec_json, dataset_sha256, dataset_description, fold_hash, seed, metric, \
        metric_goal, exp_version, environment_json, command, created_at
        """

    static func decodeSweep(_ row: Statement) -> SweepRecord {
        SweepRecord(
            id: row.int64(0), name: row.text(1), specHash: row.text(2), specJSON: row.text(3),
            datasetSHA256: row.text(4), datasetDescription: row.text(5), foldHash: row.text(6), seed: row.seed(7),
            metric: row.text(8), metricGoal: MetricGoal(rawValue: row.text(9)) ?? .max, expVersion: row.text(10),
            environment: EnvironmentFingerprint.decode(json: row.text(11)), command: row.text(12),
            createdAt: row.double(13))
    }

    static func fetchSweep(_ db: Database, id: Int64) throws -> SweepRecord? {
        try db.queryOne("SELECT \(sweepColumns) FROM sweeps WHERE id = ?1", [.integer(id)], decodeSweep)
    }

    /// Creates the sweep, or returns the stored one with the same name, spec hash and dataset
    /// hash (`resumed` is then `true`).
    ///
    /// - Throws: ``StoreError/Kind/invalidArgument(_:)`` for an empty name, metric or hash, or
    ///   when the stored sweep has a different fold hash (the fold assignment is not
    ///   reproducible, so resuming would mix incomparable trials).
    public func createOrResumeSweep(
        _ sweep: NewSweep, now: Double = Date().timeIntervalSince1970
    ) throws -> (sweep: SweepRecord, resumed: Bool) {
        for (field, value) in [
            ("name", sweep.name), ("metric", sweep.metric), ("spec hash", sweep.specHash),
            ("dataset SHA-256", sweep.datasetSHA256), ("fold hash", sweep.foldHash),
        ] where value.isEmpty {
            throw StoreError.invalidArgument("the sweep's \(field) is empty", path: path)
        }
        let path = self.path
        return try write { db in
            let existing = try db.queryOne(
                "SELECT \(Self.sweepColumns) FROM sweeps WHERE name = ?1 AND spec_hash = ?2 AND dataset_sha256 = ?3",
                [.text(sweep.name), .text(sweep.specHash), .text(sweep.datasetSHA256)], Self.decodeSweep)
            if let existing {
                guard existing.foldHash == sweep.foldHash else {
                    throw StoreError.invalidArgument(
                        "sweep \(existing.id) ('\(existing.name)') has the same spec and data but fold hash "
                            + "\(existing.foldHash), not \(sweep.foldHash): the fold assignment changed",
                        path: path)
                }
                try Self.logEvent(
                    db, kind: "sweep_resumed", sweepID: existing.id, trialID: nil, worker: nil, at: now,
                    detail: sweep.command)
                return (existing, true)
            }
            try db.execute(
                """
                INSERT INTO sweeps (name, spec_hash, spec_json, dataset_sha256, dataset_description, fold_hash,
                    seed, metric, metric_goal, exp_version, environment_json, command, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """,
                [
                    .text(sweep.name), .text(sweep.specHash), .text(sweep.specJSON), .text(sweep.datasetSHA256),
                    .text(sweep.datasetDescription), .text(sweep.foldHash), .seed(sweep.seed), .text(sweep.metric),
                    .text(sweep.metricGoal.rawValue), .text(sweep.expVersion), .text(sweep.environment.json()),
                    .text(sweep.command), .real(now),
                ])
            let id = db.lastInsertedRowID
            try Self.logEvent(db, kind: "sweep_created", sweepID: id, trialID: nil, worker: nil, at: now, detail: sweep.command)
            guard let record = try Self.fetchSweep(db, id: id) else {
                throw StoreError.notFound("sweep \(id)", path: path)
            }
            return (record, false)
        }
    }

    /// The sweep with this id, or `nil`.
    public func sweep(id: Int64) throws -> SweepRecord? {
        try read { db in try Self.fetchSweep(db, id: id) }
    }

    /// The most recent sweep named `name` (the highest id), or `nil`.
    public func latestSweep(named name: String) throws -> SweepRecord? {
        try read { db in
            try db.queryOne("SELECT \(Self.sweepColumns) FROM sweeps WHERE name = ?1 ORDER BY id DESC LIMIT 1",
                            [.text(name)], Self.decodeSweep)
        }
    }

    /// Every sweep, oldest first, with trial counts and the best value of its metric.
    public func sweeps() throws -> [SweepSummary] {
        try read { db in
            var summaries: [SweepSummary] = []
            try db.query("SELECT id, name, metric, metric_goal, created_at FROM sweeps ORDER BY id") { row in
                summaries.append(
                    SweepSummary(
                        id: row.int64(0), name: row.text(1), metric: row.text(2),
                        metricGoal: MetricGoal(rawValue: row.text(3)) ?? .max, createdAt: row.double(4),
                        counts: TrialCounts(), bestValue: nil, bestTrialID: nil))
            }
            for index in summaries.indices {
                let sweep = summaries[index]
                summaries[index].counts = try Self.counts(db, sweepID: sweep.id)
                let order = sweep.metricGoal == .max ? "DESC" : "ASC"
                let best = try db.queryOne(
                    """
                    SELECT trial_id, mean FROM trial_metrics
                    WHERE sweep_id = ?1 AND name = ?2 AND mean IS NOT NULL
                    ORDER BY mean \(order), trial_id LIMIT 1
                    """,
                    [.integer(sweep.id), .text(sweep.metric)]
                ) { row in (row.int64(0), row.double(1)) }
                summaries[index].bestTrialID = best?.0
                summaries[index].bestValue = best?.1
            }
            return summaries
        }
    }

    /// How many trials of the sweep are in each state.
    public func counts(sweepID: Int64) throws -> TrialCounts {
        try read { db in try Self.counts(db, sweepID: sweepID) }
    }

    static func counts(_ db: Database, sweepID: Int64) throws -> TrialCounts {
        var counts = TrialCounts()
        try db.query("SELECT state, count(*) FROM trials WHERE sweep_id = ?1 GROUP BY state", [.integer(sweepID)]) { row in
            let n = row.int(1)
            switch TrialState(rawValue: row.text(0)) {
            case .pending: counts.pending = n
            case .running: counts.running = n
            case .done: counts.done = n
            case .failed: counts.failed = n
            case nil: break
            }
        }
        return counts
    }
}
