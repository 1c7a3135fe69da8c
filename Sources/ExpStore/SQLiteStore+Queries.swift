import ExpDomain

extension SQLiteStore {
    static let trialColumns = """
        id, sweep_id, number, state, params_json, seed, attempt, worker, lease_until, started_at, finished_at, \
        duration_seconds, error, cell_hash
        """

    static func decodeTrial(_ row: Statement) -> TrialSummary {
        TrialSummary(
            id: row.int64(0), sweepID: row.int64(1), number: row.int(2),
            state: TrialState(rawValue: row.text(3)) ?? .failed, paramsJSON: row.text(4), seed: row.seed(5),
            attempt: row.int(6), worker: row.optionalText(7), leaseUntil: row.optionalDouble(8),
            startedAt: row.optionalDouble(9), finishedAt: row.optionalDouble(10),
            durationSeconds: row.optionalDouble(11), error: row.optionalText(12), metrics: [:])
    }

    /// Above this many rows, a listing reads trials and metrics in one pass each instead of one
    /// lookup per trial.
    static let bulkListingThreshold = 2_000

    /// Lists trials (`exp runs list`).
    ///
    /// - Parameters:
    ///   - sweepID: only this sweep's trials (default: every sweep).
    ///   - metric: sort by the mean of this metric, best first. Trials without a value for it
    ///     (unfinished, or NaN) follow, in sweep and trial-number order. Without a metric, the
    ///     order is sweep, then trial number.
    ///   - descending: the sort direction; by default the goal of the sweep whose metric this is
    ///     (the given sweep, else the latest such sweep), else descending.
    ///   - limit: at most this many trials.
    ///   - states: only trials in these states (default: all).
    ///
    /// The sorted listing with a limit reads the `(sweep_id, name, mean)` or `(name, mean)`
    /// index in order, so its cost does not grow with the number of trials.
    public func trials(
        sweepID: Int64? = nil, sortBy metric: String? = nil, descending: Bool? = nil, limit: Int? = nil,
        states: Set<TrialState>? = nil
    ) throws -> [TrialSummary] {
        let path = self.path
        if let limit, limit < 0 {
            throw StoreError.invalidArgument("the limit must not be negative, not \(limit)", path: path)
        }
        if limit == 0 || states?.isEmpty == true { return [] }
        // The state names come from the enum, never from the caller's text.
        let stateList = states.map { set in
            TrialState.allCases.filter(set.contains).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        }
        return try read { db in
            if let sweepID { try Self.requireSweep(db, id: sweepID, path: path) }
            var ids: [Int64] = []
            let sqlLimit = Int64(limit ?? -1)

            if let metric {
                let isDescending = try descending ?? Self.defaultDescending(db, metric: metric, sweepID: sweepID)
                var conditions = ["m.name = ?", "m.mean IS NOT NULL"]
                var arguments: [SQLValue] = [.text(metric)]
                if let sweepID {
                    conditions.append("m.sweep_id = ?")
                    arguments.append(.integer(sweepID))
                }
                var from = "trial_metrics m"
                if let stateList {
                    from += " JOIN trials t ON t.id = m.trial_id"
                    conditions.append("t.state IN (\(stateList))")
                }
                arguments.append(.integer(sqlLimit))
                try db.query(
                    """
                    SELECT m.trial_id FROM \(from) WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY m.mean \(isDescending ? "DESC" : "ASC"), m.trial_id LIMIT ?
                    """, arguments
                ) { row in ids.append(row.int64(0)) }
            }

            if limit.map({ ids.count < $0 }) ?? true {
                var conditions: [String] = []
                var arguments: [SQLValue] = []
                if let sweepID {
                    conditions.append("t.sweep_id = ?")
                    arguments.append(.integer(sweepID))
                }
                if let stateList { conditions.append("t.state IN (\(stateList))") }
                if let metric {
                    conditions.append(
                        """
                        NOT EXISTS (SELECT 1 FROM trial_metrics m
                                    WHERE m.trial_id = t.id AND m.name = ? AND m.mean IS NOT NULL)
                        """)
                    arguments.append(.text(metric))
                }
                arguments.append(.integer(limit.map { Int64($0 - ids.count) } ?? -1))
                let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
                try db.query(
                    "SELECT t.id FROM trials t \(whereClause) ORDER BY t.sweep_id, t.number LIMIT ?", arguments
                ) { row in ids.append(row.int64(0)) }
            }
            return try Self.loadSummaries(db, ids: ids, sweepID: sweepID)
        }
    }

    /// The default direction for sorting by `metric`.
    static func defaultDescending(_ db: Database, metric: String, sweepID: Int64?) throws -> Bool {
        var arguments: [SQLValue] = [.text(metric)]
        var sql = "SELECT metric_goal FROM sweeps WHERE metric = ?"
        if let sweepID {
            sql += " AND id = ?"
            arguments.append(.integer(sweepID))
        }
        let goal = try db.queryOne(sql + " ORDER BY id DESC LIMIT 1", arguments) { MetricGoal(rawValue: $0.text(0)) }
        return (goal ?? nil) != .min
    }

    /// The summaries of `ids`, in that order.
    static func loadSummaries(_ db: Database, ids: [Int64], sweepID: Int64?) throws -> [TrialSummary] {
        if ids.count <= bulkListingThreshold {
            return try ids.compactMap { id in
                guard var summary = try db.queryOne(
                    "SELECT \(trialColumns) FROM trials WHERE id = ?1", [.integer(id)], decodeTrial)
                else { return nil }
                summary.metrics = try metrics(db, trialID: id)
                return summary
            }
        }
        // Many rows: one pass over the trials and one over the metrics.
        let scope = sweepID == nil ? "" : " WHERE sweep_id = ?1"
        let arguments = sweepID.map { [SQLValue.integer($0)] } ?? []
        var byID: [Int64: TrialSummary] = [:]
        byID.reserveCapacity(ids.count)
        try db.query("SELECT \(trialColumns) FROM trials\(scope)", arguments) { row in
            let summary = decodeTrial(row)
            byID[summary.id] = summary
        }
        try db.query("SELECT trial_id, name, mean, std FROM trial_metrics\(scope)", arguments) { row in
            let id = row.int64(0)
            if byID[id] != nil {
                byID[id]?.metrics[row.text(1)] = MetricSummary(mean: row.metric(2), std: row.metric(3))
            }
        }
        return ids.compactMap { byID[$0] }
    }

    static func metrics(_ db: Database, trialID: Int64) throws -> [String: MetricSummary] {
        var metrics: [String: MetricSummary] = [:]
        try db.query("SELECT name, mean, std FROM trial_metrics WHERE trial_id = ?1", [.integer(trialID)]) { row in
            metrics[row.text(0)] = MetricSummary(mean: row.metric(1), std: row.metric(2))
        }
        return metrics
    }

    /// Everything about one trial (`exp runs show`), or `nil` if there is no such trial.
    public func trial(id: Int64) throws -> TrialDetail? {
        let path = self.path
        return try read { db in
            guard let (summary, cellHash) = try db.queryOne(
                "SELECT \(Self.trialColumns) FROM trials WHERE id = ?1", [.integer(id)],
                { row in (Self.decodeTrial(row), row.text(13)) })
            else { return nil }
            var trial = summary
            trial.metrics = try Self.metrics(db, trialID: id)

            var folds: [FoldOutcome] = []
            try db.query(
                """
                SELECT fold, train_rows, test_rows, epochs, best_epoch, curves_json FROM folds
                WHERE trial_id = ?1 ORDER BY fold
                """, [.integer(id)]
            ) { row in
                folds.append(
                    FoldOutcome(
                        fold: row.int(0), trainRows: row.int(1), testRows: row.int(2), epochs: row.int(3),
                        bestEpoch: row.optionalInt(4), metrics: [:], curvesJSON: row.text(5)))
            }
            let position = Dictionary(uniqueKeysWithValues: folds.enumerated().map { ($1.fold, $0) })
            try db.query("SELECT fold, name, value FROM fold_metrics WHERE trial_id = ?1", [.integer(id)]) { row in
                if let index = position[row.int(0)] {
                    folds[index].metrics[row.text(1)] = row.metric(2)
                }
            }

            guard let sweep = try Self.fetchSweep(db, id: trial.sweepID) else {
                throw StoreError.notFound("sweep \(trial.sweepID) of trial \(id)", path: path)
            }
            let predictions = try db.queryOne("SELECT oof FROM predictions WHERE trial_id = ?1", [.integer(id)]) {
                Self.decodePredictions($0.blob(0))
            }
            var events: [StoreEvent] = []
            try db.query(
                "SELECT id, sweep_id, trial_id, kind, worker, at, detail FROM events WHERE trial_id = ?1 ORDER BY id",
                [.integer(id)]
            ) { row in
                events.append(
                    StoreEvent(
                        id: row.int64(0), sweepID: row.optionalInt64(1), trialID: row.optionalInt64(2), kind: row.text(3),
                        worker: row.optionalText(4), at: row.double(5), detail: row.optionalText(6)))
            }
            return TrialDetail(
                summary: trial, cellHash: cellHash, folds: folds, sweep: sweep, oofPredictions: predictions,
                events: events)
        }
    }
}
