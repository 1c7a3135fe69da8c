import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// End-to-end tests of `exp sweep`, `exp sweeps list` and `exp runs list|show|compare`: they run
/// the built `exp` binary on real SQLite stores in temporary directories.
///
/// Serialized: each test runs sweeps that use the CPU, and timing-based tests (kill, interrupt)
/// are steadier without other sweeps competing for the two cores.
@Suite("exp sweep and exp runs (end to end)", .serialized)
struct SweepCommandTests {
    typealias F = SweepFixtures

    /// The eight-trial sweep run once, uninterrupted, with one worker into a fresh store: what
    /// every other way of running it must reproduce. Started by the first test that asks for it.
    static let reference = Task<[Int: JSONValue], any Error> {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-reference")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await F.referenceResults(F.eightTrialSpec, in: directory)
    }

    // MARK: 1. Determinism

    @Test("1 or 2 workers, and separate fresh stores, give bit-identical trials")
    func determinismAcrossWorkerCounts() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-determinism")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try F.write(F.eightTrialSpec, named: "eight.yaml", in: directory)
        let storeA = directory.appendingPathComponent("a.sqlite").path
        let storeB = directory.appendingPathComponent("b.sqlite").path

        let runA = try await ExpBinary.run(["sweep", spec, "--workers", "1", "--store", storeA])
        #expect(runA.status == 0, "stderr: \(runA.stderr)")
        #expect(runA.stdout.contains("8 of 8 trials done"), "stdout: \(runA.stdout)")
        let runB = try await ExpBinary.run(["sweep", spec, "--workers", "2", "--store", storeB])
        #expect(runB.status == 0, "stderr: \(runB.stderr)")
        #expect(runB.stderr.contains("2 workers"), "stderr: \(runB.stderr)")

        let a = try await F.results(store: storeA, folds: 3)
        let b = try await F.results(store: storeB, folds: 3)
        #expect(a.count == 8)
        // The comparison can see a difference: the eight trials' results are all distinct.
        #expect(Set(a.values.compactMap { $0["metrics"]?["roc_auc"]?["mean"]?.double }).count == 8)
        F.expectSameResults(a, b, "--workers 1 vs --workers 2")
        // Another run into another fresh store (the shared reference, also --workers 1).
        F.expectSameResults(a, try await Self.reference.value, "two fresh stores")
    }

    // MARK: 2. Kill and resume

    @Test("kill -9 mid-sweep, then the same command finishes it: each trial done once, same results")
    func killAndResume() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try F.write(F.eightTrialSpec, named: "eight.yaml", in: directory)
        let store = directory.appendingPathComponent("killed.sqlite").path
        // A long lease: the rerun finishes only if it releases the dead process's trial itself.
        let command = ["sweep", spec, "--workers", "1", "--lease", "600", "--store", store]

        let first = try ExpBinary.start(command)
        try await F.waitForFirstTrial(first)
        try #require(first.isRunning, "the sweep finished before it could be killed")
        first.signal(SIGKILL)
        let killed = try await first.finish()
        #expect(killed.signaled && killed.status == SIGKILL, "status \(killed.status), stderr: \(killed.stderr)")

        let afterKill = try await F.listTrials(store: store)
        #expect(afterKill.count == 8)
        let states = afterKill.map { $0["state"]?.string ?? "?" }
        let done = states.filter { $0 == "done" }.count, running = states.filter { $0 == "running" }.count
        #expect(done >= 1 && done < 8, "states after kill: \(states)")
        #expect(running <= 1, "states after kill: \(states)")

        let rerun = try await ExpBinary.run(command)
        #expect(rerun.status == 0, "stderr: \(rerun.stderr)")
        #expect(rerun.stderr.contains("'e2e-eight' (resumed): 8 trials, \(done) done"), "stderr: \(rerun.stderr)")
        if running == 1 {
            // Killed while a trial was claimed (practically always): the rerun frees it at once.
            #expect(rerun.stderr.contains("1 interrupted trial released"), "stderr: \(rerun.stderr)")
        }
        // The rerun runs exactly the trials the killed process had not finished.
        #expect(F.reportedDone(rerun.stderr).count == 8 - done, "stderr: \(rerun.stderr)")

        let results = try await F.results(store: store, folds: 3)  // every trial done, numbers 0..<8 once each
        F.expectSameResults(results, try await Self.reference.value, "killed and resumed vs uninterrupted")
    }

    // MARK: 3. Two processes, one store

    @Test("two exp sweep processes on one new store share the trials without locking errors")
    func twoConcurrentProcesses() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-concurrent")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try F.write(F.eightTrialSpec, named: "eight.yaml", in: directory)
        // The store does not exist yet: both processes race to create and migrate it.
        let store = directory.appendingPathComponent("shared.sqlite").path
        let command = ["sweep", spec, "--workers", "1", "--store", store]

        let p1 = try ExpBinary.start(command)
        let p2 = try ExpBinary.start(command)
        let r1 = try await p1.finish(), r2 = try await p2.finish()
        for (name, run) in [("first", r1), ("second", r2)] {
            #expect(run.status == 0, "\(name) process: status \(run.status), stderr: \(run.stderr)")
            for bad in ["database is locked", "locked", "busy", "error", "lost its claim", "failed"] {
                #expect(!run.stderr.contains(bad), "\(name) process stderr has '\(bad)': \(run.stderr)")
            }
        }
        // Each trial was finished by exactly one of the processes.
        let done1 = F.reportedDone(r1.stderr), done2 = F.reportedDone(r2.stderr)
        #expect((done1 + done2).sorted() == Array(0..<8), "first: \(done1), second: \(done2)")
        #expect(Set(done1).isDisjoint(with: done2))
        // Both started together on eight trials of ≥ 0.1 s: each did some of the work (neither
        // sat blocked on the other's lock until the end).
        #expect(!done1.isEmpty && !done2.isEmpty, "first: \(done1), second: \(done2)")

        let results = try await F.results(store: store, folds: 3)  // one sweep, every trial done once
        F.expectSameResults(results, try await Self.reference.value, "two processes vs one")
    }

    // MARK: 4. Listings, show, compare

    @Test("runs list (table, json, csv, limit, sort), runs show, runs compare and sweeps list")
    func listingsShowCompare() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-listings")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        // Sweep 1: four trials on 1500 rows, ranked by roc_auc (higher is better).
        let grid = try F.write(F.gridSpec(
            "e2e-grid", rows: 1500, seed: 7, parameters: ["hidden_layers: [[8], [16]]", "alpha: [0.0001, 0.01]"],
            model: ["max_iter: 30", "early_stopping: true", "n_iter_no_change: 5", "resampling: smote"]),
            named: "grid.yaml", in: directory)
        // Sweep 2: other data (1200 rows), ranked by log_loss (lower is better).
        let other = try F.write(F.gridSpec(
            "e2e-other", rows: 1200, seed: 7, metric: "log_loss", parameters: ["hidden_layers: [[8], [16]]"],
            model: ["max_iter: 30", "resampling: smote"]),
            named: "other.yaml", in: directory)
        for spec in [grid, other] {
            let run = try await ExpBinary.run(["sweep", spec, "--workers", "2", "--store", store])
            try #require(run.status == 0, "stderr: \(run.stderr)")
        }

        // --format json: sorted by the sweep's metric, best (highest roc_auc) first.
        let listed = try await F.listTrials(store: store, extra: ["--sweep", "1"])
        #expect(listed.count == 4)
        #expect(Set(listed.compactMap { $0["number"]?.int }) == [0, 1, 2, 3])
        #expect(listed.allSatisfy { $0["state"]?.string == "done" && $0["sweep"]?.int == 1 })
        let auc = listed.map { Self.mean($0, "roc_auc") }
        #expect(auc.allSatisfy { $0 > 0.5 && $0 <= 1 }, "roc_auc \(auc)")
        #expect(auc == auc.sorted(by: >), "roc_auc not descending: \(auc)")
        let ids = listed.compactMap { $0["id"]?.int }
        try #require(ids.count == 4)

        // exp sweep --format json on a finished sweep: provenance, counts and the best trials,
        // the same best-first order as `runs list`.
        let report = try await ExpBinary.run(["sweep", grid, "--format", "json", "--store", store])
        try #require(report.status == 0, "stderr: \(report.stderr)")
        let reportJSON = try JSONValue.parse(report.stdout)
        #expect(reportJSON["counts"]?["done"]?.int == 4 && reportJSON["counts"]?["pending"]?.int == 0)
        #expect(reportJSON["sweep"]?["id"]?.int == 1 && reportJSON["sweep"]?["metric"]?.string == "roc_auc")
        #expect(reportJSON["sweep"]?["dataset_sha256"]?.string?.count == 64)
        #expect(reportJSON["sweep"]?["fold_hash"]?.string?.count == 64)
        #expect(reportJSON["best"]?.array?.compactMap { $0["id"]?.int } == ids)

        // Table: a header, a rule, one row per trial in the same order, metric values to 4 places.
        let table = try await ExpBinary.run(["runs", "list", "--sweep", "1", "--store", store])
        #expect(table.status == 0, "stderr: \(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2 + 4, "table:\n\(table.stdout)")
        #expect(lines[0].hasPrefix("id  #  state  roc_auc (±std)"), "header: \(lines[0])")
        #expect(lines[0].contains("hidden_layers") && lines[0].contains("alpha"))
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        for (line, (id, value)) in zip(lines.dropFirst(2), zip(ids, auc)) {
            let cells = line.split(separator: " ").map(String.init)
            #expect(cells.first == String(id) && cells.contains("done"), "row: \(line)")
            #expect(line.contains(String(format: "%.4f", value)), "row \(line) lacks roc_auc \(value)")
        }

        // CSV: header + 4 rows, 3 + 8 metrics × (mean, std) + 2 differing parameters = 21 fields,
        // with the exact values of the JSON listing.
        let csvRun = try await ExpBinary.run(["runs", "list", "--sweep", "1", "--format", "csv", "--store", store])
        #expect(csvRun.status == 0, "stderr: \(csvRun.stderr)")
        let csv = F.parseCSV(csvRun.stdout)
        try #require(csv.count == 5, "csv:\n\(csvRun.stdout)")
        #expect(csv.allSatisfy { $0.count == 21 }, "field counts \(csv.map(\.count))")
        #expect(Array(csv[0].prefix(5)) == ["id", "number", "state", "roc_auc", "roc_auc_std"])
        #expect(Array(csv[0].suffix(2)) == ["alpha", "hidden_layers"])
        #expect(csv.dropFirst().map { $0[0] } == ids.map(String.init))
        #expect(csv.dropFirst().map { Double($0[3]) } == auc, "csv roc_auc column vs json")
        #expect(csv.dropFirst().map { Double($0[4]) } == listed.map { Self.std($0, "roc_auc") })

        // --limit 1: just the best trial, in every format.
        let best = try await F.listTrials(store: store, extra: ["--sweep", "1", "--limit", "1"])
        #expect(best.count == 1 && best.first?["id"]?.int == ids[0])
        let bestTable = try await ExpBinary.run(["runs", "list", "--sweep", "1", "--limit", "1", "--store", store])
        #expect(bestTable.stdout.split(separator: "\n").count == 3, "table:\n\(bestTable.stdout)")
        // The table shows four metrics by default; --metrics picks them (JSON and CSV carry all).
        #expect(!lines[0].contains("brier") && !lines[0].contains("recall"), "header: \(lines[0])")
        let picked = try await ExpBinary.run(["runs", "list", "--sweep", "1", "--metrics", "recall,brier", "--store", store])
        let pickedHeader = picked.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let pickedColumns = pickedHeader.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        #expect(Array(pickedColumns.prefix(5)) == ["id", "#", "state", "brier (±std)", "recall (±std)"], "header: \(pickedHeader)")
        #expect(!pickedHeader.contains("roc_auc"))
        let bestCSV = try await ExpBinary.run(["runs", "list", "--sweep", "1", "--limit", "1", "--format", "csv", "--store", store])
        #expect(F.parseCSV(bestCSV.stdout).count == 2)

        // A sweep named by its name: the most recent sweep of that name.
        let byName = try await F.listTrials(store: store, extra: ["--sweep", "e2e-other"])
        let byID = try await F.listTrials(store: store, extra: ["--sweep", "2"])
        #expect(byName.count == 2 && byName.map { $0["id"]?.int } == byID.map { $0["id"]?.int })
        let unknown = try await ExpBinary.run(["runs", "list", "--sweep", "nope", "--store", store])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no sweep named 'nope' in \(store) (sweeps: 'e2e-grid', 'e2e-other')"), "\(unknown.stderr)")
        let missingID = try await ExpBinary.run(["runs", "list", "--sweep", "9", "--store", store])
        #expect(missingID.status != 0 && missingID.stderr.contains("no sweep 9 in \(store)"), "\(missingID.stderr)")

        // Other filters.
        #expect(try await F.listTrials(store: store, extra: ["--state", "failed"]).isEmpty)
        #expect(try await F.listTrials(store: store, extra: ["--state", "done"]).count == 6)

        // Sorting by log_loss. Sweep 2's metric is log_loss, goal min: ascending.
        let sweep2 = try await F.listTrials(store: store, extra: ["--sweep", "2"])
        let loss2 = sweep2.map { Self.mean($0, "log_loss") }
        #expect(loss2.count == 2 && loss2 == loss2.sorted(), "sweep 2 by log_loss: \(loss2)")
        // Without --sweep, the direction is the goal of the latest sweep ranked by that metric
        // (sweep 2: min), so all six trials ascend.
        let allByLoss = try await F.listTrials(store: store, extra: ["--sort", "log_loss"])
        let allLoss = allByLoss.map { Self.mean($0, "log_loss") }
        #expect(allLoss.count == 6 && allLoss == allLoss.sorted(), "all by log_loss: \(allLoss)")
        // Without --sweep or --sort, every trial is ranked by the latest sweep's metric (sweep 2:
        // log_loss, ascending).
        let everything = try await F.listTrials(store: store)
        #expect(everything.compactMap { $0["id"]?.int } == allByLoss.compactMap { $0["id"]?.int })
        #expect(Set(everything.compactMap { $0["id"]?.int }) == Set(1...6))
        let everythingTable = try await ExpBinary.run(["runs", "list", "--store", store])
        #expect(everythingTable.stdout.hasPrefix("id  #  state  log_loss (±std)"), "table:\n\(everythingTable.stdout)")
        #expect(everythingTable.stdout.split(separator: "\n").count == 2 + 6)
        // --ascending forces the direction.
        let ascending = try await F.listTrials(store: store, extra: ["--sweep", "1", "--sort", "log_loss", "--ascending"])
            .map { Self.mean($0, "log_loss") }
        #expect(ascending.count == 4 && ascending == ascending.sorted(), "--ascending: \(ascending)")
        // Sweep 1 is ranked by roc_auc; sorting it by log_loss still puts the lowest loss first
        // (the CLI passes each known metric's own direction).
        let sweep1ByLoss = try await F.listTrials(store: store, extra: ["--sweep", "1", "--sort", "log_loss"])
            .map { Self.mean($0, "log_loss") }
        #expect(sweep1ByLoss.count == 4)
        #expect(sweep1ByLoss == sweep1ByLoss.sorted(), "sweep 1 by log_loss: \(sweep1ByLoss)")

        // runs show --format json: parameters, per-fold metrics consistent with the summary, curves.
        let shown = try await F.showTrial(ids[0], store: store)
        #expect(shown["id"]?.int == ids[0])
        #expect(shown["state"]?.string == "done")
        #expect(shown["sweep"]?["name"]?.string == "e2e-grid")
        let params = try #require(shown["params"]?.object)
        #expect(params["max_iter"]?.int == 30 && params["resampling"]?.string == "smote")
        #expect(params["hidden_layers"] == [8] || params["hidden_layers"] == [16])
        let folds = try #require(shown["folds"]?.array)
        #expect(folds.compactMap { $0["fold"]?.int } == [0, 1, 2])
        #expect(folds.compactMap { $0["test_rows"]?.int }.reduce(0, +) == 1200, "3 folds cover the 1200 development rows")
        for fold in folds {
            let metrics = try #require(fold["metrics"]?.object)
            #expect(Set(metrics.keys) == ["roc_auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1"])
            let curves = try #require(fold["curves"])
            let loss = try #require(curves["loss"]?.array)
            let epochs = try #require(fold["epochs"]?.int)
            #expect(epochs >= 1 && epochs <= 30 && loss.count == epochs, "epochs \(epochs), loss curve \(loss.count)")
            #expect(curves["validation_score"]?.array?.count == epochs)
            #expect(curves["selected_features"]?.array?.count == 95)
        }
        let foldAUC = folds.compactMap { $0["metrics"]?["roc_auc"]?.double }
        #expect(abs(foldAUC.reduce(0, +) / 3 - auc[0]) < 1e-12, "mean of folds \(foldAUC) vs \(auc[0])")
        let shownText = try await ExpBinary.run(["runs", "show", String(ids[0]), "--store", store])
        #expect(shownText.status == 0)
        #expect(shownText.stdout.contains("metrics per fold:") && shownText.stdout.contains("fold 2"))
        #expect(shownText.stdout.contains("builtin:bankruptcy?rows=1500"))

        // runs compare: trials 1 and 2 (#0, #1 of sweep 1) differ only in alpha.
        let compare = try await ExpBinary.run(["runs", "compare", "1", "2", "--store", store])
        #expect(compare.status == 0, "stderr: \(compare.stderr)")
        let differing = Self.parameterRows(compare.stdout)
        #expect(differing.map(\.first) == ["alpha"], "compare:\n\(compare.stdout)")
        #expect(differing.first == ["alpha", "0.0001", "0.01"])
        #expect(!compare.stdout.contains("warning"))
        #expect(compare.stdout.contains("roc_auc"))
        let compareAll = try await ExpBinary.run(["runs", "compare", "1", "2", "--all", "--store", store])
        let all = Self.parameterRows(compareAll.stdout).compactMap(\.first)
        #expect(all.count == 21 && all.contains("activation") && all.contains("hidden_layers") && all.contains("alpha"),
                "compare --all:\n\(compareAll.stdout)")
        let compareJSON = try await ExpBinary.run(["runs", "compare", "1", "4", "--format", "json", "--store", store])
        let comparison = try JSONValue.parse(compareJSON.stdout)
        #expect(comparison["parameters"]?.object.map { Set($0.keys) } == ["alpha", "hidden_layers"])
        let aucRows = try #require(comparison["metrics"]?["roc_auc"]?.array)
        #expect(aucRows.last?["paired_fold_deltas"]?.array?.count == 3, "same data and folds: paired")
        // A trial of sweep 2 used other data: a warning, and the folds are not paired.
        let crossData = try await ExpBinary.run(["runs", "compare", "1", "5", "--store", store])
        #expect(crossData.status == 0)
        #expect(crossData.stdout.contains("warning: trials 1 and 5 used different data"), "compare:\n\(crossData.stdout)")
        #expect(crossData.stdout.contains("not paired"))

        // sweeps list --format json: both sweeps with their goals, counts and best trials.
        let sweeps = try await F.listSweeps(store: store)
        try #require(sweeps.count == 2)
        #expect(sweeps.map { $0["name"]?.string } == ["e2e-grid", "e2e-other"])
        #expect(sweeps.map { $0["metric"]?.string } == ["roc_auc", "log_loss"])
        #expect(sweeps.map { $0["goal"]?.string } == ["max", "min"])
        #expect(sweeps.map { $0["done"]?.int } == [4, 2])
        #expect(sweeps.allSatisfy { $0["failed"]?.int == 0 && $0["pending"]?.int == 0 && $0["running"]?.int == 0 })
        #expect(sweeps[0]["best_trial"]?.int == ids[0] && sweeps[0]["best"]?.double == auc[0])
        #expect(sweeps[1]["best_trial"]?.int == sweep2.first?["id"]?.int)
        #expect(sweeps[1]["best"]?.double == loss2.first)
        let sweepsTable = try await ExpBinary.run(["sweeps", "list", "--store", store])
        #expect(sweepsTable.stdout.split(separator: "\n").count == 4, "sweeps list:\n\(sweepsTable.stdout)")
    }

    static func mean(_ trial: JSONValue, _ metric: String) -> Double {
        trial["metrics"]?[metric]?["mean"]?.double ?? .nan
    }

    static func std(_ trial: JSONValue, _ metric: String) -> Double {
        trial["metrics"]?[metric]?["std"]?.double ?? .nan
    }

    /// The rows of the parameter table of `exp runs compare`, split into cells.
    static func parameterRows(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("parameters") }) else { return [] }
        // "parameters…:", then the header and rule, then rows up to the blank line.
        return lines[(start + 3)...].prefix { !$0.isEmpty }.map { $0.split(separator: " ").map(String.init) }
    }

    // MARK: 5. Errors and --resume

    @Test("an unknown spec key, and a missing spec file, exit 1 with the file, line and key")
    func specErrors() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-spec-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        let spec = try F.write("""
            name: bad
            data:
              path: builtin:bankruptcy?rows=300
            model:
              max_iter: 5
              alpah: 0.1

            """, named: "bad.yaml", in: directory)
        let unknown = try await ExpBinary.run(["sweep", spec, "--store", store])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("\(spec):6:3: model.alpah: unknown key 'alpah'; did you mean 'alpha'?"),
                "stderr: \(unknown.stderr)")
        #expect(unknown.stdout.isEmpty)

        let missingPath = directory.appendingPathComponent("nope.yaml").path
        let missing = try await ExpBinary.run(["sweep", missingPath, "--store", store])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(missingPath): cannot read the spec file"), "stderr: \(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "a spec error leaves no store behind")

        let noSweep = try await ExpBinary.run(["sweep", "--resume", "7", "--store", store])
        #expect(noSweep.status == 1)
        #expect(noSweep.stderr.contains("no sweep 7: there is no store at \(store)"), "stderr: \(noSweep.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "--resume of a missing store leaves no store behind")
    }

    @Test("a text file given as --store is refused and left byte for byte unchanged")
    func textFileStore() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-text-store")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try F.write(F.eightTrialSpec, named: "eight.yaml", in: directory)
        let notes = directory.appendingPathComponent("notes.txt")
        let bytes = Data("my notes: not a database\n".utf8)
        try bytes.write(to: notes)

        for arguments in [["sweep", spec, "--workers", "1"], ["runs", "list"], ["sweeps", "list"], ["runs", "show", "1"]] {
            let run = try await ExpBinary.run(arguments + ["--store", notes.path])
            #expect(run.status == 1, "\(arguments): status \(run.status)")
            #expect(run.stderr.contains("\(notes.path) is not an exp store"), "\(arguments): \(run.stderr)")
        }
        #expect(try Data(contentsOf: notes) == bytes)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["eight.yaml", "notes.txt"], "no -wal/-shm/-journal files beside it")
    }

    @Test("usage errors exit 64")
    func usageErrors() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-usage")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.sqlite").path
        let spec = try F.write(F.eightTrialSpec, named: "eight.yaml", in: directory)
        let neither = try await ExpBinary.run(["sweep", "--store", store])
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("give either a spec file or --resume ID"), "stderr: \(neither.stderr)")
        #expect(try await ExpBinary.run(["sweep", spec, "--resume", "1", "--store", store]).status == 64)
        #expect(try await ExpBinary.run(["sweep", spec, "--workers", "0", "--store", store]).status == 64)
        #expect(try await ExpBinary.run(["runs", "list", "--limit", "0", "--store", store]).status == 64)
        #expect(try await ExpBinary.run(["runs", "compare", "1", "--store", store]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: store), "a usage error creates no store")
    }

    @Test("Ctrl-C saves finished trials; --resume ID finishes the sweep from another directory")
    func interruptAndResumeElsewhere() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-sweep-resume")
        defer { try? FileManager.default.removeItem(at: directory) }
        let project = directory.appendingPathComponent("project"), elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let store = directory.appendingPathComponent("store.sqlite").path

        // A CSV next to the spec, named relative to it: --resume must find it from anywhere.
        let synth = try await ExpBinary.run(["data", "synth", "--out", "data/train.csv", "--rows", "1500", "--seed", "5"], in: project)
        try #require(synth.status == 0, "stderr: \(synth.stderr)")
        try F.write("""
            name: e2e-resume
            data:
              path: data/train.csv
              label: "Bankrupt?"
            seed: 3
            cv:
              folds: 3
            search:
              method: grid
              parameters:
                alpha: [0.0001, 0.001, 0.01, 0.1, 0.3, 1.0]
            model:
              hidden_layers: [16]
              max_iter: 30
              resampling: smote

            """, named: "resume.yaml", in: project)

        let first = try ExpBinary.start(["sweep", "resume.yaml", "--workers", "1", "--store", store], in: project)
        try await F.waitForFirstTrial(first)
        try #require(first.isRunning, "the sweep finished before it could be interrupted")
        first.signal(SIGINT)
        let interrupted = try await first.finish()
        #expect(!interrupted.signaled && interrupted.status == 130, "status \(interrupted.status): \(interrupted.stderr)")
        #expect(interrupted.stderr.contains("interrupted: finished trials are saved"), "stderr: \(interrupted.stderr)")
        #expect(interrupted.stderr.contains("Resume with: exp sweep --resume 1"), "stderr: \(interrupted.stderr)")
        #expect(interrupted.stderr.contains("--resume 1 --store"), "stderr: \(interrupted.stderr)")
        let states = try await F.listTrials(store: store).map { $0["state"]?.string ?? "?" }
        let done = states.filter { $0 == "done" }.count
        #expect(done >= 1 && done < 6, "states: \(states)")
        #expect(!states.contains("running"), "Ctrl-C released the claimed trial: \(states)")

        let resumed = try await ExpBinary.run(["sweep", "--resume", "1", "--workers", "1", "--store", store], in: elsewhere)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stderr.contains("sweep 1 'e2e-resume' (resumed): 6 trials, \(done) done"), "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("6 of 6 trials done"), "stdout: \(resumed.stdout)")
        #expect(F.reportedDone(resumed.stderr).count == 6 - done)
        let results = try await F.results(store: store, folds: 3)  // one sweep, six trials, each done once
        #expect(results.count == 6)

        // Unknown ids.
        let noTrial = try await ExpBinary.run(["runs", "show", "999", "--store", store])
        #expect(noTrial.status == 1)
        #expect(noTrial.stderr.contains("no trial 999"), "stderr: \(noTrial.stderr)")
        let noSweep = try await ExpBinary.run(["sweep", "--resume", "7", "--store", store], in: elsewhere)
        #expect(noSweep.status == 1)
        #expect(noSweep.stderr.contains("no sweep 7"), "stderr: \(noSweep.stderr)")
    }

    @Test("a sweep in which every trial fails exits 1 and names the column too large to standardize")
    func everyTrialFails() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-all-failed")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Column 'huge' is finite (the data check accepts it), but its mean overflows float64.
        var csv = "ratio,huge,y\n"
        for i in 0..<300 { csv += "\(Double(i % 7) / 7),\(i % 2 == 0 ? "1.5e308" : "1.7e308"),\(i % 5 == 0 ? 1 : 0)\n" }
        try csv.write(to: directory.appendingPathComponent("huge.csv"), atomically: true, encoding: .utf8)
        let spec = try SweepFixtures.write("""
            name: overflow
            data:
              path: huge.csv
              label: y
              holdout: 0
            cv:
              folds: 3
            search:
              parameters:
                alpha: [0.001, 0.01]
            model:
              hidden_layers: [4]
              max_iter: 3

            """, named: "overflow.yaml", in: directory)
        let store = directory.appendingPathComponent("exp.sqlite").path
        let run = try await ExpBinary.run(["sweep", spec, "--workers", "1", "--store", store])
        #expect(run.status == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(
            "error: every trial of sweep 1 failed; trial #0: fold 0, scale: the mean of feature 'huge' overflows float64"),
            "stderr: \(run.stderr)")
        // The failures are stored, with their reason.
        let failed = try await SweepFixtures.listTrials(store: store, extra: ["--state", "failed"])
        #expect(failed.count == 2)
    }
}
