import ExpDomain
import CSQLite
import Foundation

extension SQLiteStore {
    // MARK: Materialising

    /// Inserts the sweep's trials; cells already stored (same cell hash) are skipped, so running
    /// the same sweep again inserts nothing. Returns how many trials were new.
    ///
    /// - Throws: ``StoreError/Kind/notFound(_:)`` for an unknown sweep;
    ///   ``StoreError/Kind/invalidArgument(_:)`` when a cell is already stored with another
    ///   number or seed, or a number is already used by another cell (the grid changed although
    ///   the spec hash did not).
    @discardableResult
    public func insertTrials(sweepID: Int64, _ trials: [NewTrial], now: Double = Date().timeIntervalSince1970) throws
        -> Int
    {
        let path = self.path
        for trial in trials {
            guard trial.number >= 0, !trial.cellHash.isEmpty else {
                throw StoreError.invalidArgument(
                    "trial number \(trial.number) with cell hash '\(trial.cellHash)': numbers start at 0 and the "
                        + "cell hash must not be empty", path: path)
            }
        }
        return try write { db in
            try Self.requireSweep(db, id: sweepID, path: path)
            var inserted = 0
            for trial in trials {
                let changes: Int
                do {
                    changes = try db.execute(
                        """
                        INSERT INTO trials (sweep_id, number, cell_hash, params_json, seed)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (sweep_id, cell_hash) DO NOTHING
                        """,
                        [.integer(sweepID), .int(trial.number), .text(trial.cellHash), .text(trial.paramsJSON),
                         .seed(trial.seed)])
                } catch let error as StoreError where error.resultCode == SQLITE_CONSTRAINT {
                    throw StoreError.invalidArgument(
                        "trial number \(trial.number) of sweep \(sweepID) is already used by another cell", path: path)
                }
                if changes > 0 {
                    inserted += 1
                    continue
                }
                let stored = try db.queryOne(
                    "SELECT number, seed FROM trials WHERE sweep_id = ?1 AND cell_hash = ?2",
                    [.integer(sweepID), .text(trial.cellHash)]
                ) { row in (row.int(0), row.seed(1)) }
                if let stored, stored.0 != trial.number || stored.1 != trial.seed {
                    throw StoreError.invalidArgument(
                        "cell \(trial.cellHash) of sweep \(sweepID) is stored as trial \(stored.0) with seed \(stored.1), "
                            + "not trial \(trial.number) with seed \(trial.seed)", path: path)
                }
            }
            if inserted > 0 {
                try Self.logEvent(
                    db, kind: "trials_inserted", sweepID: sweepID, trialID: nil, worker: nil, at: now,
                    detail: "\(inserted) new of \(trials.count)")
            }
            return inserted
        }
    }

    // MARK: Claims and leases

    /// Claims the next trial of the sweep for `worker`: the pending or stale-leased running trial
    /// with the lowest number. Returns `nil` when no trial is claimable (all are done, failed,
    /// or running under a live lease).
    ///
    /// The claim is a single `UPDATE … RETURNING` in a `BEGIN IMMEDIATE` transaction, so two
    /// workers never claim the same attempt. A reclaimed trial keeps its seed and gets
    /// `attempt + 1`.
    ///
    /// - Parameters:
    ///   - lease: seconds the claim lasts; renew it with
    ///     ``renewLease(trialID:worker:attempt:lease:now:)`` before it runs out.
    ///   - now: the current time (Unix seconds).
    public func claimTrial(
        sweepID: Int64, worker: String, lease: Double, now: Double = Date().timeIntervalSince1970
    ) throws -> ClaimedTrial? {
        let path = self.path
        try Self.validate(worker: worker, lease: lease, path: path)
        return try write { db in
            try Self.requireSweep(db, id: sweepID, path: path)
            // The two inner queries are index range scans on trials_by_state (sweep_id, state,
            // number); together they pick the lowest-numbered claimable trial.
            // "all database changes occur during the first invocation of sqlite3_step()" of a
            // statement with RETURNING (https://www.sqlite.org/lang_returning.html): the row is
            // ours once the statement has stepped, and COMMIT makes it visible.
            let claimed = try db.queryOne(
                """
                UPDATE trials
                SET state = 'running', worker = ?1, lease_until = ?2, attempt = attempt + 1, started_at = ?3,
                    finished_at = NULL, duration_seconds = NULL, error = NULL
                WHERE id = (
                    SELECT id FROM (
                        SELECT id, number FROM (
                            SELECT id, number FROM trials
                            WHERE sweep_id = ?4 AND state = 'pending' ORDER BY number LIMIT 1)
                        UNION ALL
                        SELECT id, number FROM (
                            SELECT id, number FROM trials
                            WHERE sweep_id = ?4 AND state = 'running' AND lease_until < ?3 ORDER BY number LIMIT 1)
                    ) ORDER BY number LIMIT 1)
                RETURNING id, number, cell_hash, params_json, seed, attempt
                """,
                [.text(worker), .real(now + lease), .real(now), .integer(sweepID)]
            ) { row in
                ClaimedTrial(
                    id: row.int64(0), sweepID: sweepID, number: row.int(1), cellHash: row.text(2),
                    paramsJSON: row.text(3), seed: row.seed(4), attempt: row.int(5), worker: worker,
                    leaseUntil: now + lease)
            }
            guard let claimed else { return nil }
            try Self.logEvent(
                db, kind: claimed.attempt > 1 ? "reclaimed" : "claimed", sweepID: sweepID, trialID: claimed.id,
                worker: worker, at: now, detail: "attempt \(claimed.attempt)")
            return claimed
        }
    }

    /// Extends the lease of a running trial (the worker's heartbeat). Returns `false` when the
    /// worker no longer owns this attempt (the trial was reclaimed, released or finished); the
    /// worker should then stop and discard its work.
    public func renewLease(
        trialID: Int64, worker: String, attempt: Int, lease: Double, now: Double = Date().timeIntervalSince1970
    ) throws -> Bool {
        try Self.validate(worker: worker, lease: lease, path: path)
        return try write { db in
            let changes = try db.execute(
                """
                UPDATE trials SET lease_until = ?1
                WHERE id = ?2 AND state = 'running' AND worker = ?3 AND attempt = ?4
                """,
                [.real(now + lease), .integer(trialID), .text(worker), .int(attempt)])
            return changes == 1
        }
    }

    // MARK: Results

    /// Records a finished trial, in one transaction: folds, per-fold metrics, the summary of each
    /// metric (``TrialOutcome/summarize(_:)``: mean and population std over the folds in fold
    /// order), the extra metrics, the out-of-fold predictions and the `done` state.
    ///
    /// - Throws: ``StoreError/Kind/leaseLost`` when `outcome.worker` no longer owns
    ///   `outcome.attempt` of the trial (nothing is written, and the owner's result stands);
    ///   ``StoreError/Kind/notFound(_:)``; ``StoreError/Kind/invalidArgument(_:)`` for duplicate
    ///   fold numbers, folds with different metric names, or an extra metric that repeats a fold
    ///   metric.
    public func completeTrial(_ outcome: TrialOutcome, now: Double = Date().timeIntervalSince1970) throws {
        let path = self.path
        let folds = outcome.folds.sorted { $0.fold < $1.fold }
        let metricNames = try Self.validate(outcome, sortedFolds: folds, path: path)
        var summary = TrialOutcome.summarize(folds)
        summary.merge(outcome.extraMetrics) { fold, _ in fold }
        let blob = Self.encodePredictions(outcome.oofPredictions)

        try write { db in
            let sweepID = try Self.requireOwnership(
                db, trialID: outcome.trialID, worker: outcome.worker, attempt: outcome.attempt, path: path)
            let trial: SQLValue = .integer(outcome.trialID)
            // Rows of an earlier attempt cannot exist (only a running trial is completed, and
            // only once), but clearing them keeps this idempotent by construction.
            try db.execute("DELETE FROM fold_metrics WHERE trial_id = ?1", [trial])
            try db.execute("DELETE FROM folds WHERE trial_id = ?1", [trial])
            try db.execute("DELETE FROM trial_metrics WHERE trial_id = ?1", [trial])
            try db.execute("DELETE FROM predictions WHERE trial_id = ?1", [trial])

            for fold in folds {
                try db.execute(
                    """
                    INSERT INTO folds (trial_id, fold, train_rows, test_rows, epochs, best_epoch, curves_json)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    """,
                    [trial, .int(fold.fold), .int(fold.trainRows), .int(fold.testRows), .int(fold.epochs),
                     fold.bestEpoch.map(SQLValue.int) ?? .null, .text(fold.curvesJSON)])
                for name in metricNames {
                    try db.execute(
                        "INSERT INTO fold_metrics (trial_id, fold, name, value) VALUES (?1, ?2, ?3, ?4)",
                        [trial, .int(fold.fold), .text(name), .metric(fold.metrics[name] ?? .nan)])
                }
            }
            for name in summary.keys.sorted() {
                guard let value = summary[name] else { continue }
                try db.execute(
                    "INSERT INTO trial_metrics (trial_id, sweep_id, name, mean, std) VALUES (?1, ?2, ?3, ?4, ?5)",
                    [trial, .integer(sweepID), .text(name), .metric(value.mean), .metric(value.std)])
            }
            try db.execute("INSERT INTO predictions (trial_id, oof) VALUES (?1, ?2)", [trial, .blob(blob)])
            try db.execute(
                """
                UPDATE trials SET state = 'done', finished_at = ?1, duration_seconds = ?2, lease_until = NULL,
                    error = NULL
                WHERE id = ?3 AND state = 'running' AND worker = ?4 AND attempt = ?5
                """,
                [.real(now), .metric(outcome.durationSeconds), trial, .text(outcome.worker), .int(outcome.attempt)])
            try Self.logEvent(
                db, kind: "completed", sweepID: sweepID, trialID: outcome.trialID, worker: outcome.worker, at: now,
                detail: "attempt \(outcome.attempt)")
        }
    }

    /// Marks a running trial as failed with `error`. A failed trial is not claimed again until
    /// ``resetFailedTrials(sweepID:now:)``.
    ///
    /// - Throws: ``StoreError/Kind/leaseLost`` when the worker no longer owns this attempt.
    public func failTrial(
        trialID: Int64, worker: String, attempt: Int, error: String, now: Double = Date().timeIntervalSince1970
    ) throws {
        let path = self.path
        try write { db in
            let sweepID = try Self.requireOwnership(db, trialID: trialID, worker: worker, attempt: attempt, path: path)
            try db.execute(
                """
                UPDATE trials SET state = 'failed', error = ?1, finished_at = ?2, lease_until = NULL,
                    duration_seconds = ?2 - started_at
                WHERE id = ?3
                """,
                [.text(error), .real(now), .integer(trialID)])
            try Self.logEvent(
                db, kind: "failed", sweepID: sweepID, trialID: trialID, worker: worker, at: now, detail: error)
        }
    }

    /// Returns a running trial to pending so that any worker can claim it at once: on a clean
    /// shutdown, or for a worker known to be dead (pass the `worker` and `attempt` shown by
    /// ``trials(sweepID:sortBy:descending:limit:states:)``). Returns `false` when that attempt
    /// is no longer running (someone else finished, failed, released or reclaimed it).
    @discardableResult
    public func releaseTrial(
        trialID: Int64, worker: String, attempt: Int, now: Double = Date().timeIntervalSince1970
    ) throws -> Bool {
        try write { db in
            let changes = try db.execute(
                """
                UPDATE trials SET state = 'pending', lease_until = NULL, started_at = NULL
                WHERE id = ?1 AND state = 'running' AND worker = ?2 AND attempt = ?3
                """,
                [.integer(trialID), .text(worker), .int(attempt)])
            guard changes == 1 else { return false }
            let sweepID = try db.queryOne("SELECT sweep_id FROM trials WHERE id = ?1", [.integer(trialID)]) {
                $0.int64(0)
            }
            try Self.logEvent(
                db, kind: "released", sweepID: sweepID, trialID: trialID, worker: worker, at: now,
                detail: "attempt \(attempt)")
            return true
        }
    }

    /// Returns the sweep's failed trials to pending (they keep their seeds); returns how many.
    @discardableResult
    public func resetFailedTrials(sweepID: Int64, now: Double = Date().timeIntervalSince1970) throws -> Int {
        let path = self.path
        return try write { db in
            try Self.requireSweep(db, id: sweepID, path: path)
            let changes = try db.execute(
                """
                UPDATE trials SET state = 'pending', worker = NULL, lease_until = NULL, started_at = NULL,
                    finished_at = NULL, duration_seconds = NULL, error = NULL
                WHERE sweep_id = ?1 AND state = 'failed'
                """,
                [.integer(sweepID)])
            if changes > 0 {
                try Self.logEvent(
                    db, kind: "reset", sweepID: sweepID, trialID: nil, worker: nil, at: now,
                    detail: "\(changes) failed trials back to pending")
            }
            return changes
        }
    }

    // MARK: Helpers

    static func requireSweep(_ db: Database, id: Int64, path: String) throws {
        let exists = try db.queryOne("SELECT 1 FROM sweeps WHERE id = ?1", [.integer(id)]) { _ in true } ?? false
        if !exists { throw StoreError.notFound("sweep \(id)", path: path) }
    }

    /// Checks that `worker` still runs `attempt` of the trial; returns the trial's sweep.
    static func requireOwnership(_ db: Database, trialID: Int64, worker: String, attempt: Int, path: String) throws
        -> Int64
    {
        let row = try db.queryOne(
            "SELECT sweep_id, state, worker, attempt FROM trials WHERE id = ?1", [.integer(trialID)]
        ) { row in (row.int64(0), row.text(1), row.optionalText(2), row.int(3)) }
        guard let (sweepID, state, owner, currentAttempt) = row else {
            throw StoreError.notFound("trial \(trialID)", path: path)
        }
        guard state == TrialState.running.rawValue, owner == worker, currentAttempt == attempt else {
            let current =
                state == TrialState.running.rawValue
                ? "the trial is running attempt \(currentAttempt) for worker '\(owner ?? "?")'"
                : "the trial is \(state) (attempt \(currentAttempt))"
            throw StoreError.leaseLost(trialID: trialID, worker: worker, attempt: attempt, current: current, path: path)
        }
        return sweepID
    }

    static func validate(worker: String, lease: Double, path: String) throws {
        guard !worker.isEmpty else { throw StoreError.invalidArgument("the worker name is empty", path: path) }
        guard lease.isFinite, lease > 0 else {
            throw StoreError.invalidArgument("the lease must be a positive number of seconds, not \(lease)", path: path)
        }
    }

    /// Validates an outcome; returns the fold metric names, sorted.
    static func validate(_ outcome: TrialOutcome, sortedFolds folds: [FoldOutcome], path: String) throws -> [String] {
        for (previous, next) in zip(folds, folds.dropFirst()) where previous.fold == next.fold {
            throw StoreError.invalidArgument("trial \(outcome.trialID) reports fold \(next.fold) twice", path: path)
        }
        if let negative = folds.first(where: { $0.fold < 0 }) {
            throw StoreError.invalidArgument("fold numbers start at 0, not \(negative.fold)", path: path)
        }
        let names = Set(folds.first.map { Array($0.metrics.keys) } ?? [])
        for fold in folds where Set(fold.metrics.keys) != names {
            throw StoreError.invalidArgument(
                "fold \(fold.fold) of trial \(outcome.trialID) reports metrics \(fold.metrics.keys.sorted()), "
                    + "fold \(folds[0].fold) reports \(names.sorted())", path: path)
        }
        if names.contains("") || outcome.extraMetrics.keys.contains("") {
            throw StoreError.invalidArgument("a metric name is empty", path: path)
        }
        let repeated = names.intersection(outcome.extraMetrics.keys)
        if !repeated.isEmpty {
            throw StoreError.invalidArgument(
                "extra metrics \(repeated.sorted()) repeat fold metrics of trial \(outcome.trialID)", path: path)
        }
        return names.sorted()
    }

    /// Little-endian IEEE 754 binary64, in order.
    static func encodePredictions(_ values: [Double]) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
        }
        return bytes
    }

    static func decodePredictions(_ bytes: [UInt8]) -> [Double] {
        var values = [Double]()
        values.reserveCapacity(bytes.count / 8)
        var index = 0
        while index + 8 <= bytes.count {
            var bits: UInt64 = 0
            for offset in 0..<8 {
                bits |= UInt64(bytes[index + offset]) << UInt64(8 * offset)
            }
            values.append(Double(bitPattern: bits))
            index += 8
        }
        return values
    }
}
