import ExpDomain
import ExpCore
import ExpTestSupport
import Foundation
import Testing

/// Crash safety: `exp sweep` and `exp promote` killed with SIGKILL at random moments, then rerun
/// until they finish. Nothing finished may be lost, changed or done twice, the store must stay
/// sound (`PRAGMA integrity_check`), and a promotion leaves either no new version or a complete,
/// verified one.
///
/// `EXP_RELIABILITY_KILLS` sets the number of kills per test (default 20);
/// `reliability/kill_sweep.sh` runs this suite on its own.
@Suite("Reliability: SIGKILL at random moments", .serialized)
struct CrashSafetyTests {
    typealias F = SweepFixtures

    static let kills = max(1, Reliability.environmentInt("EXP_RELIABILITY_KILLS", default: 20))

    /// Sixteen small trials (2 × 2 × 2 × 2), about 0.1–0.4 s each in a debug build.
    static let sixteenTrialSpec = F.gridSpec(
        "kill-sixteen", rows: 1500, seed: 23,
        parameters: ["hidden_layers: [[8], [16]]", "k_best: [20, all]", "resampling: [smote, smote-tomek]",
                     "alpha: [0.001, 0.01]"],
        model: ["max_iter: 30", "batch_size: 200", "early_stopping: true", "n_iter_no_change: 5"])

    /// Fold metrics of the done trials, by trial number: (fold, name, value) rows, values by bit
    /// pattern.
    static func doneFoldMetrics(_ store: String) throws -> [Int: [[Reliability.Cell]]] {
        let rows = try Reliability.query(store, """
            SELECT t.number, m.fold, m.name, m.value FROM fold_metrics m JOIN trials t ON t.id = m.trial_id
            WHERE t.state = 'done' ORDER BY t.number, m.fold, m.name
            """)
        var byTrial: [Int: [[Reliability.Cell]]] = [:]
        for row in rows {
            guard let number = row[0].int else { continue }
            byTrial[number, default: []].append(Array(row.dropFirst()))
        }
        return byTrial
    }

    /// Trial ids recorded as completed more than once (must always be empty).
    static func completedTwice(_ store: String) throws -> [[Reliability.Cell]] {
        try Reliability.query(store, """
            SELECT trial_id, count(*) FROM events WHERE kind = 'completed' GROUP BY trial_id HAVING count(*) > 1
            """)
    }

    static func hasTable(_ store: String, _ table: String) throws -> Bool {
        try !Reliability.query(store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '\(table)'").isEmpty
    }

    // MARK: Sweep

    @Test("exp sweep killed with SIGKILL at random moments: the reruns finish it with every trial identical to an uninterrupted run")
    func sweepSurvivesKills() async throws {
        try await Reliability.holding(Reliability.heavy) { try await sweepSurvivesKillsBody() }
    }

    func sweepSurvivesKillsBody() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-kill-sweep")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try F.write(Self.sixteenTrialSpec, named: "sixteen.yaml", in: directory)
        let trialCount = 16

        // The uninterrupted run: the results to reproduce, and how long a run takes here.
        let referenceStore = directory.appendingPathComponent("reference.sqlite").path
        let started = ContinuousClock.now
        let uninterrupted = try await ExpBinary.run(["sweep", spec, "--workers", "2", "--store", referenceStore])
        let referenceSeconds = (ContinuousClock.now - started) / .seconds(1)
        try #require(uninterrupted.status == 0, "reference sweep: \(uninterrupted.stderr)")
        let reference = try await F.results(store: referenceStore, folds: 3)
        try #require(reference.count == trialCount)
        // Start-up alone (data, store, nothing left to run): the same command again.
        let idleStart = ContinuousClock.now
        let idle = try await ExpBinary.run(["sweep", spec, "--workers", "2", "--store", referenceStore])
        let startupSeconds = (ContinuousClock.now - idleStart) / .seconds(1)
        try #require(idle.status == 0 && F.reportedDone(idle.stderr).isEmpty, "\(idle.stderr)")
        let secondsPerTrial = max(0.01, referenceSeconds - startupSeconds) / Double(trialCount)

        // Each kill waits for the run to report `wait` more finished trials (0 or 1, random), then
        // a random fraction of a trial's time, and sends SIGKILL: kills land in start-up (creating
        // the store, inserting the sweep, releasing the dead run's trials), inside a trial, and
        // just after a result was committed. Waiting on the run's progress instead of the clock
        // spreads the kills over the sweep however loaded the machine is. Should a run still
        // finish the sweep before every kill has landed, the remaining kills go to a fresh store
        // of the same sweep (checked the same way).
        var stores: [String] = []
        var landed = 0, attempts = 0
        var phases: [String: Int] = [:]
        var firstSeen: [String: [Int: [[Reliability.Cell]]]] = [:]
        var done = 0
        var doneAtKill: [Int] = []
        func newStore() {
            stores.append(directory.appendingPathComponent("killed-\(stores.count + 1).sqlite").path)
            done = 0
        }
        func command(_ store: String) -> [String] {
            // A long lease: the reruns finish only because they release the dead processes' trials.
            ["sweep", spec, "--workers", "2", "--lease", "600", "--store", store]
        }
        newStore()

        while landed < Self.kills {
            attempts += 1
            try #require(attempts <= Self.kills * 4, "only \(landed) of \(Self.kills) kills landed in \(attempts - 1) runs")
            let store = stores[stores.count - 1]
            let remaining = trialCount - done, killsLeft = Self.kills - landed
            // Keep about one trial per kill in hand, so that the sweep outlasts the kills.
            let wait = remaining > killsLeft + 1 ? Int.random(in: 0...1) : 0
            let fraction = remaining > 2 ? Double.random(in: 0...1) : Double.random(in: 0...0.3)
            let process = try ExpBinary.start(command(store))
            let deadline = ContinuousClock.now + .seconds(120)
            while process.isRunning && F.reportedDone(process.stderrSoFar).count < wait && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            // Then the random extra time, cut short by the next reported trial: a kill never lets a
            // run get more than one trial further than planned, however the timings drift.
            let extra = fraction * (wait == 0 ? min(startupSeconds, 2) + secondsPerTrial : secondsPerTrial)
            let killAt = ContinuousClock.now + .nanoseconds(Int64(extra * 1e9))
            while process.isRunning && ContinuousClock.now < killAt && F.reportedDone(process.stderrSoFar).count <= wait {
                try await Task.sleep(for: .milliseconds(2))
            }
            var killed: ExpBinary.Run?
            if process.isRunning {
                process.signal(SIGKILL)
                killed = try await process.finish()
            }
            guard let killed, killed.signaled else {
                // The run ended by itself before the signal.
                let run: ExpBinary.Run
                if let killed { run = killed } else { run = try await process.finish() }
                try #require(run.status == 0, "an unkilled rerun failed: \(run.stderr)")
                done = try Reliability.query(store, "SELECT count(*) FROM trials WHERE state = 'done'").first?.first?.int ?? 0
                if done == trialCount {
                    // This store's sweep is complete: check it, and go on with a fresh one.
                    F.expectSameResults(try await F.results(store: store, folds: 3), reference, "store \(stores.count) after \(landed) kills")
                    newStore()
                }
                continue
            }
            try #require(killed.status == SIGKILL, "status \(killed.status): \(killed.stderr)")
            landed += 1

            // Where the kill landed, and what the store looks like now.
            guard FileManager.default.fileExists(atPath: store),
                  (try FileManager.default.attributesOfItem(atPath: store)[.size] as? Int ?? 0) > 0 else {
                phases["before the store had any content", default: 0] += 1
                continue
            }
            // Switching a new store to WAL writes its first page under a rollback journal: a kill
            // at that moment leaves a hot journal, which a read-only connection cannot roll back
            // (SQLITE_READONLY_ROLLBACK, "attempt to write a readonly database"). The tables come
            // later, in WAL mode, so nothing is in the store yet; the next run rolls the journal
            // back, and the checks after the next kill see the result.
            if FileManager.default.fileExists(atPath: store + "-journal") {
                phases["while the new store was switched to WAL", default: 0] += 1
                continue
            }
            let problems = try Reliability.integrityProblems(store)
            #expect(problems.isEmpty, "integrity after kill \(landed): \(problems)")
            guard try Self.hasTable(store, "trials") else {
                phases["while the store was being created", default: 0] += 1
                continue
            }
            let trials = try Reliability.query(store, "SELECT count(*) FROM trials").first?.first?.int ?? -1
            #expect(trials == 0 || trials == trialCount, "after kill \(landed) the store holds \(trials) trials")
            #expect(try Self.completedTwice(store).isEmpty, "a trial was completed twice after kill \(landed)")
            let doneTrials = try Self.doneFoldMetrics(store)
            for (number, rows) in doneTrials {
                #expect(rows.count == 3 * 8, "trial #\(number) has \(rows.count) fold metrics after kill \(landed)")
                if let first = firstSeen[store]?[number] {
                    #expect(first == rows, "trial #\(number)'s fold metrics changed after kill \(landed)")
                } else {
                    firstSeen[store, default: [:]][number] = rows
                }
            }
            done = doneTrials.count
            doneAtKill.append(done)
            let phase = trials == 0 ? "before the trials were stored"
                : wait == 0 && F.reportedDone(killed.stderr).isEmpty ? "in start-up or the first trials"
                : "after \(wait == 0 ? "a random time" : "a reported trial")"
            phases[phase, default: 0] += 1
        }

        // Rerun until the sweep completes (one uninterrupted run is enough).
        let store = stores[stores.count - 1]
        var final = try await ExpBinary.run(command(store))
        var reruns = 1
        while final.status == 0 && !final.stdout.contains("\(trialCount) of \(trialCount) trials done") && reruns < 3 {
            final = try await ExpBinary.run(command(store))
            reruns += 1
        }
        #expect(final.status == 0, "final rerun: \(final.stderr)")
        #expect(final.stdout.contains("\(trialCount) of \(trialCount) trials done"), "stdout: \(final.stdout)")

        for store in stores {
            #expect(try Reliability.integrityProblems(store).isEmpty)
            // Every trial completed exactly once, none lost or duplicated, each one identical to the
            // uninterrupted run (params, seed, per-fold metrics, curves, selected features).
            let completed = try Reliability.query(store, "SELECT trial_id FROM events WHERE kind = 'completed'")
            #expect(completed.count == trialCount && Set(completed).count == trialCount, "completed events: \(completed)")
            F.expectSameResults(try await F.results(store: store, folds: 3), reference, "killed vs uninterrupted")
            let finalMetrics = try Self.doneFoldMetrics(store)
            for (number, rows) in firstSeen[store] ?? [:] {
                #expect(finalMetrics[number] == rows, "trial #\(number) changed after it was first seen done")
            }
        }
        print("""
            kill test: \(landed) SIGKILLs survived (\(attempts) runs on \(stores.count) store\(stores.count == 1 ? "" : "s"); start-up \
            \(String(format: "%.2f", startupSeconds)) s, \(String(format: "%.2f", secondsPerTrial)) s a trial; done when killed: \
            \(doneAtKill.map(String.init).joined(separator: " "))): \
            \(phases.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; "))
            """)
    }

    // MARK: Promote

    @Test("exp promote killed with SIGKILL at random moments leaves no new version or a complete, verified one")
    func promoteSurvivesKills() async throws {
        try await Reliability.holding(Reliability.heavy) { try await promoteSurvivesKillsBody() }
    }

    func promoteSurvivesKillsBody() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let trials = try await F.listTrials(store: ws.store).compactMap { $0["id"]?.int }.sorted()
        try #require(trials.count == 2)
        let trial = String(trials[1])
        let artifacts = URL(fileURLWithPath: ws.artifacts)

        // How long an uninterrupted promotion takes here (into another directory and name).
        let started = ContinuousClock.now
        let timing = try await ws.exp(["promote", trial, "--name", "timing", "--artifacts", ws.directory.appendingPathComponent("timing").path])
        let promoteSeconds = (ContinuousClock.now - started) / .seconds(1)
        try #require(timing.status == 0, "\(timing.stderr)")

        // Every attempt promotes under a new name (m1, m2, …), so that each kill lands somewhere in
        // a first promotion: re-fit, bundle written (temporary file, fsync, link), verified,
        // registered, alias moved.
        func command(_ name: String) -> [String] {
            ["promote", trial, "--name", name, "--artifacts", ws.artifacts, "--alias", "production"]
        }
        var names: [String] = []
        var landed = 0, finishedFirst = 0
        var verified: [String: Data] = [:]
        while landed < Self.kills {
            try #require(names.count < Self.kills * 4, "only \(landed) of \(Self.kills) kills landed")
            let name = "m\(names.count + 1)"
            names.append(name)
            let process = try ExpBinary.start(command(name) + ["--store", ws.store], in: ws.directory)
            try await Reliability.sleep(Double.random(in: 0...(promoteSeconds * 1.2)))
            guard process.isRunning else {
                let run = try await process.finish()
                #expect(run.status == 0, "an unkilled promotion failed: \(run.stderr)")
                finishedFirst += 1
                continue
            }
            process.signal(SIGKILL)
            let killed = try await process.finish()
            if !killed.signaled {
                // It exited by itself just before the signal: a promotion that finished.
                #expect(killed.status == 0, "an unkilled promotion failed: \(killed.stderr)")
                finishedFirst += 1
                continue
            }
            landed += 1
            try await Self.checkPromotionState(ws, artifacts: artifacts, names: names, verified: &verified, after: "kill \(landed)")
        }
        let registeredBeforeRerun = try Reliability.query(ws.store, "SELECT count(*) FROM model_versions WHERE name LIKE 'm%'")
            .first?.first?.int ?? 0

        // Rerunning each promotion completes it (or finds it complete and byte-identical).
        for name in names {
            let final = try await ws.exp(command(name))
            #expect(final.status == 0, "rerun of \(name): \(final.stderr)")
        }
        try await Self.checkPromotionState(ws, artifacts: artifacts, names: names, verified: &verified, after: "the reruns")
        for name in names {
            let versions = try Reliability.query(ws.store, "SELECT version, trial_id FROM model_versions WHERE name = '\(name)'")
            #expect(versions == [[.integer(1), .integer(Int64(trial) ?? 0)]], "\(name) versions: \(versions)")
            let aliases = try Reliability.query(ws.store, "SELECT alias, version FROM model_aliases WHERE name = '\(name)'")
            #expect(aliases == [[.text("production"), .integer(1)]], "\(name) aliases: \(aliases)")
        }
        // A bundle is the one an uninterrupted promotion writes: promoting again rebuilds it and
        // compares the bytes.
        let again = try await ws.exp(["promote", trial, "--name", "m1", "--artifacts", ws.artifacts])
        #expect(again.status == 0 && again.stderr.contains("the rebuilt bundle is byte-identical"), "\(again.stderr)")
        // Killed promotions leave no temporary files behind once promotions have run to the end.
        let files = try FileManager.default.contentsOfDirectory(atPath: ws.artifacts).sorted()
        #expect(files == names.map { "\($0)-v1.tar.gz" }.sorted(), "files in artifacts/: \(files)")
        print("promote kill test: \(landed) SIGKILLs survived (\(names.count) promotions, \(finishedFirst) finished before "
              + "their kill; \(registeredBeforeRerun) of the killed ones had registered their version)")
    }

    /// After a kill: every file under a final bundle name verifies, every registered version's
    /// bundle exists with its recorded digest, no name is promoted twice, and the store is sound.
    static func checkPromotionState(_ ws: PromoteCommandTests.Workspace, artifacts: URL, names: [String],
                                    verified: inout [String: Data], after: String) async throws {
        #expect(try Reliability.integrityProblems(ws.store).isEmpty, "integrity after \(after)")
        let finalNames = Set(names.map { "\($0)-v1.tar.gz" })
        for file in (try? FileManager.default.contentsOfDirectory(atPath: artifacts.path)) ?? [] where !file.hasPrefix(".") {
            #expect(finalNames.contains(file), "unexpected file \(file) in artifacts/ after \(after)")
            let path = artifacts.appendingPathComponent(file).path
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            if verified[file] == bytes { continue }
            let verify = try await ExpBinary.run(["bundle", "verify", path])
            #expect(verify.status == 0, "\(file) under its final name does not verify after \(after): \(verify.stderr)")
            verified[file] = bytes
        }
        for row in try Reliability.query(ws.store, "SELECT name, bundle_path, digest FROM model_versions WHERE name LIKE 'm%'") {
            guard let bundle = row[1].string, let digest = row[2].string else {
                Issue.record("bad registry row \(row)")
                continue
            }
            let path = bundle.hasPrefix("/") ? bundle : ws.directory.appendingPathComponent(bundle).path
            let bytes = try #require(FileManager.default.contents(atPath: path), "registered \(bundle) is missing after \(after)")
            #expect(SHA256.hex([UInt8](bytes)) == digest, "registered \(bundle) has another digest after \(after)")
        }
        let twice = try Reliability.query(ws.store, """
            SELECT substr(detail, 1, instr(detail, ':') - 1) AS model, count(*) FROM events
            WHERE kind = 'model_promoted' GROUP BY model HAVING count(*) > 1
            """)
        #expect(twice.isEmpty, "promoted twice after \(after): \(twice)")
    }
}
