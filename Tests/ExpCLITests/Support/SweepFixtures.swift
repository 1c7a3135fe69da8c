import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// Spec fixtures and store readers for the end-to-end sweep tests.
enum SweepFixtures {
    /// A grid-search spec over `rows` rows of the built-in data with 3-fold cross-validation
    /// (seeded with `seed`, ranked by `metric` when given): `parameters` are the lines under
    /// `search.parameters` and `model` the lines under `model`, each `key: value`.
    static func gridSpec(_ name: String, rows: Int, seed: Int, metric: String? = nil, parameters: [String],
                         model: [String]) -> String {
        var lines = ["name: \(name)", "data:", "  path: builtin:bankruptcy?rows=\(rows)", "seed: \(seed)", "cv:", "  folds: 3"]
        if let metric { lines.append("metric: \(metric)") }
        lines += ["search:", "  method: grid", "  parameters:"] + parameters.map { "    " + $0 }
        lines += ["model:"] + model.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Eight small trials (2 × 2 × 2 grid) that exercise SelectKBest, SMOTE, SMOTE-Tomek and
    /// early stopping; about 0.1–0.4 s each in a debug build.
    static let eightTrialSpec = gridSpec(
        "e2e-eight", rows: 1500, seed: 11,
        parameters: ["hidden_layers: [[8], [16]]", "k_best: [20, all]", "resampling: [smote, smote-tomek]"],
        model: ["alpha: 0.001", "max_iter: 30", "batch_size: 200", "early_stopping: true", "n_iter_no_change: 5"])

    /// Writes `yaml` to `name` in `directory` and returns its path.
    @discardableResult
    static func write(_ yaml: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(yaml.utf8).write(to: url)
        return url.path
    }

    /// A fixture step that failed, with what `exp` printed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `yaml` once, uninterrupted, with one worker into a fresh store in `directory`
    /// (`reference.yaml`, `reference.sqlite`) and returns its ``results(store:folds:)``: what
    /// every other way of running the sweep must reproduce.
    static func referenceResults(_ yaml: String, in directory: URL, folds: Int = 3) async throws -> [Int: JSONValue] {
        let spec = try write(yaml, named: "reference.yaml", in: directory)
        let store = directory.appendingPathComponent("reference.sqlite").path
        let run = try await ExpBinary.run(["sweep", spec, "--workers", "1", "--store", store])
        guard run.status == 0 else {
            throw Failure(description: "reference sweep exited \(run.status): \(run.stderr)")
        }
        return try await results(store: store, folds: folds)
    }

    // MARK: Reading a store through the CLI

    /// `exp runs list --format json` (all sweeps unless `extra` says otherwise), parsed.
    static func listTrials(store: String, extra: [String] = []) async throws -> [JSONValue] {
        try await jsonArray(["runs", "list", "--format", "json", "--store", store] + extra)
    }

    /// `exp sweeps list --format json`, parsed.
    static func listSweeps(store: String) async throws -> [JSONValue] {
        try await jsonArray(["sweeps", "list", "--format", "json", "--store", store])
    }

    /// `exp runs show ID --format json`, parsed.
    static func showTrial(_ id: Int, store: String) async throws -> JSONValue {
        let run = try await ExpBinary.run(["runs", "show", String(id), "--format", "json", "--store", store])
        try #require(run.status == 0, "exp runs show \(id) failed: \(run.stderr)")
        let value = try JSONValue.parse(run.stdout)
        try #require(value.object != nil, "runs show --format json is not an object: \(run.stdout)")
        return value
    }

    /// `exp ARGUMENTS`, which must succeed and print a JSON array, parsed.
    static func jsonArray(_ arguments: [String]) async throws -> [JSONValue] {
        let run = try await ExpBinary.run(arguments)
        try #require(run.status == 0, "exp \(arguments.joined(separator: " ")) failed: \(run.stderr)")
        return try #require(try JSONValue.parse(run.stdout).array, "not a JSON array: \(run.stdout)")
    }

    /// Everything a store holds about each trial of its only sweep that must not depend on how
    /// the sweep was run, by trial number: `exp runs show --format json` without the trial and
    /// sweep ids, the duration, the sweep's creation time and command line. Parameters, seed,
    /// metric means and stds, per-fold metrics, epochs, curves and selected features stay;
    /// numbers compare by bit pattern.
    ///
    /// Requires one sweep, every trial done, the trial numbers 0..<n each once, and every trial
    /// to have `folds` folds with eight metrics.
    static func results(store: String, folds: Int) async throws -> [Int: JSONValue] {
        let sweeps = try await listSweeps(store: store)
        try #require(sweeps.count == 1, "expected one sweep in \(store), got \(sweeps.count)")
        let trials = try await listTrials(store: store)
        let numbers = trials.compactMap { $0["number"]?.int }
        try #require(numbers.count == trials.count)
        try #require(numbers.sorted() == Array(0..<trials.count), "trial numbers \(numbers.sorted()) in \(store)")
        let states = trials.map { $0["state"]?.string ?? "?" }
        try #require(states.allSatisfy { $0 == "done" }, "trial states \(states) in \(store)")

        var results: [Int: JSONValue] = [:]
        for trial in trials {
            let id = try #require(trial["id"]?.int)
            let detail = try await showTrial(id, store: store)
            let foldList = try #require(detail["folds"]?.array)
            try #require(foldList.count == folds, "trial \(id) has \(foldList.count) folds")
            for fold in foldList {
                let metrics = try #require(fold["metrics"]?.object)
                try #require(metrics.count == 8, "fold metrics of trial \(id): \(metrics.keys.sorted())")
                try #require(metrics.values.allSatisfy { $0.double != nil }, "fold metrics of trial \(id): \(metrics)")
            }
            let number = try #require(detail["number"]?.int)
            results[number] = detail.removing("id").removing("duration_seconds").updating("sweep") {
                $0.removing("id").removing("command").removing("created_at")
            }
        }
        return results
    }

    /// Records an issue for every trial whose results differ, naming the first differing field.
    static func expectSameResults(
        _ a: [Int: JSONValue], _ b: [Int: JSONValue], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.keys.sorted() == b.keys.sorted(), "\(what): trial numbers differ", sourceLocation: sourceLocation)
        for number in a.keys.sorted() {
            guard let left = a[number], let right = b[number], let difference = left.firstDifference(from: right)
            else { continue }
            Issue.record("\(what): trial #\(number) differs at \(difference)", sourceLocation: sourceLocation)
        }
    }

    /// The trial numbers a sweep process reported as done on stderr ("trial #3 done (…").
    static func reportedDone(_ stderr: String) -> [Int] {
        stderr.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("trial #"), line.contains(" done (") else { return nil }
            return Int(line.dropFirst("trial #".count).prefix { $0.isNumber })
        }
    }

    /// Waits with `await` until a running sweep has reported at least one finished trial on
    /// stderr; fails the test if the sweep ends first, or after `timeout`.
    static func waitForFirstTrial(_ process: Child, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while reportedDone(process.stderrSoFar).isEmpty {
            try #require(process.isRunning, "the sweep ended before a trial was reported done: \(process.stderrSoFar)")
            try #require(ContinuousClock.now < deadline, "no trial done within \(timeout): \(process.stderrSoFar)")
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Minimal RFC 4180 reader: rows of fields, quotes honoured.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, iterator = Array(text).makeIterator(), pending: Character?
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
