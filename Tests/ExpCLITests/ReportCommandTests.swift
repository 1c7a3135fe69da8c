import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// End-to-end tests of `exp report data` and `exp report sweep`: they run the built `exp` binary
/// on a real store and check the files and their determinism (same input, same bytes).
@Suite("exp report (end to end)", .serialized)
struct ReportCommandTests {
    /// Every file of `directory` by name, with its bytes.
    static func contents(of directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    /// The chart files a Markdown report links.
    static func linkedCharts(_ markdown: String) -> [String] {
        markdown.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("!["), let open = line.lastIndex(of: "("), line.hasSuffix(".svg)") else { return nil }
            return String(line[line.index(after: open)..<line.index(before: line.endIndex)])
        }
    }

    @Test("report sweep: the quickstart sweep's report is complete and byte-identical when run twice")
    func sweepReport() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-report-sweep")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("exp.sqlite").path
        let spec = PackagePaths.root.appendingPathComponent("experiments/quickstart.yaml").path
        let sweep = try await ExpBinary.run(["sweep", spec, "--store", store])
        try #require(sweep.status == 0, "sweep failed: \(sweep.stderr)")

        let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
        // The second names the sweep by its name, which must pick the same sweep.
        for (out, reference) in [(first, "1"), (second, "quickstart")] {
            let run = try await ExpBinary.run(["report", "sweep", reference, "--store", store, "--out", out.path])
            try #require(run.status == 0, "report failed: \(run.stderr)")
            #expect(run.stdout == out.path + "/model_experiments.md\n")
        }
        let files = try Self.contents(of: first)
        let markdown = String(decoding: try #require(files["model_experiments.md"]), as: UTF8.self)
        let charts = Self.linkedCharts(markdown)
        #expect(Set(files.keys) == Set(charts + ["model_experiments.md"]))
        #expect(charts.contains("model_experiments-oof-curves.svg"))
        #expect(charts.contains("model_experiments-marginal-effects.svg"))
        for heading in ["## Leaderboard", "## Marginal effect", "## Per-fold spread", "## Learning curves",
                        "### Confusion matrix at threshold 0.5", "### Threshold trade-off", "## Time spent",
                        "## Reproducibility",
                        "SelectKBest (F-test, k = 20 or 50), SMOTE-Tomek (k_neighbors = 5), standardisation and the MLP"] {
            #expect(markdown.contains(heading), "missing: \(heading)")
        }
        #expect(!markdown.contains("reference project") && !markdown.contains("## Leakage check"))
        #expect(try Self.contents(of: second) == files, "a second report of the same store must be byte-identical")
    }

    /// A one-trial sweep on 800 built-in rows with the given resampler.
    static func smallSweep(_ name: String, resampling: String) -> String {
        """
        name: \(name)
        data:
          path: builtin:bankruptcy?rows=800
        seed: 5
        cv:
          folds: 3
        search:
          parameters:
            k_best: [12]
        model:
          hidden_layers: [8]
          max_iter: 20
          resampling: \(resampling)

        """
    }

    /// The cells of the Markdown table row that starts with `first`.
    static func row(_ first: String, in markdown: String) -> [String] {
        guard let line = markdown.split(separator: "\n").first(where: { $0.hasPrefix("| \(first) |") }) else { return [] }
        return line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("report sweep --leakage: the leak measured on the sweep's own data, reproducing the stored trial bit for bit")
    func sweepReportWithLeakage() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-report-leakage")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("exp.sqlite").path
        for (name, resampling) in [("plain", "none"), ("resampled", "smote-tomek")] {
            let spec = try SweepFixtures.write(Self.smallSweep(name, resampling: resampling), named: "\(name).yaml", in: directory)
            let sweep = try await ExpBinary.run(["sweep", spec, "--store", store])
            try #require(sweep.status == 0, "sweep failed: \(sweep.stderr)")
        }
        func report(_ arguments: [String], into out: URL) async throws -> String {
            let run = try await ExpBinary.run(["report", "sweep"] + arguments + ["--store", store, "--out", out.path])
            try #require(run.status == 0, "report failed: \(run.stderr)")
            #expect(run.stdout == out.path + "/model_experiments.md\n")
            return String(decoding: try Data(contentsOf: out.appendingPathComponent("model_experiments.md")), as: UTF8.self)
        }

        // Without resampling and without --leakage: no resampler and no figure from elsewhere.
        let plain = try await report(["plain"], into: directory.appendingPathComponent("plain"))
        for phrase in ["SMOTE", "Tomek", "reference project", "0.98", "## Leakage check"] {
            #expect(!plain.contains(phrase), "\(phrase)")
        }
        #expect(plain.contains("No trial resamples (`resampling: none`)"))
        #expect(plain.contains("is measured by `exp report sweep 1 --leakage`."))

        // With --leakage: SMOTE-Tomek measured instead, the configuration's own run for reference.
        let plainLeak = try await report(["plain", "--leakage"], into: directory.appendingPathComponent("plain-leak"))
        #expect(plainLeak.contains("## Leakage check on this sweep's data"))
        #expect(plainLeak.contains("which resamples nothing, so moving its resampler before the split would change nothing"))
        #expect(plainLeak.contains("**As run**, for reference: the configuration without resampling, exactly as in the sweep. "
            + "This run reproduces the stored results of trial 1 (#0) bit for bit."))
        #expect(plainLeak.contains("(`exp report sweep 1 --leakage`)"))

        // A resampling sweep, twice: the leak-free run is the stored trial, the leaky one scores higher.
        let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
        let markdown = try await report(["resampled", "--leakage"], into: first)
        #expect(markdown.contains("- **Leak-free**, as the sweep does it: SelectKBest (F-test, k = 12), SMOTE-Tomek "
            + "(k_neighbors = 5), standardisation and the MLP are fitted on each training fold only; the test folds hold "
            + "original rows only. This run reproduces the stored results of trial 2 (#0) bit for bit."))
        #expect(markdown.contains("- **Leaky**, the common mistake: SelectKBest (F-test, k = 12) and SMOTE-Tomek fitted on all"))
        let f1 = Self.row("f1", in: markdown)
        try #require(f1.count == 4, "\(f1)")
        #expect(f1[3].hasPrefix("+"), "the leak raises F1: \(f1)")
        _ = try await report(["2", "--leakage"], into: second)
        #expect(try Self.contents(of: second) == Self.contents(of: first), "--leakage must give the same bytes twice")
    }

    @Test("report model: the model card of a promoted version is complete and byte-identical when run twice")
    func modelReport() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        _ = try await ws.promote(["--best", "--name", "bk", "--alias", "production"])
        let first = ws.directory.appendingPathComponent("first"), second = ws.directory.appendingPathComponent("second")
        for out in [first, second] {
            let run = try await ws.exp(["report", "model", "bk@production", "--out", out.path])
            try #require(run.status == 0, "report failed: \(run.stderr)")
            #expect(run.stdout == out.path + "/model_bk_v1.md\n")
        }
        let files = try Self.contents(of: first)
        let markdown = String(decoding: try #require(files["model_bk_v1.md"]), as: UTF8.self)
        #expect(Set(files.keys) == Set(Self.linkedCharts(markdown) + ["model_bk_v1.md"]))
        for heading in ["# Model card: bk v1", "`production`", "## Performance", "### Holdout curves",
                        "### Confusion matrix", "## Selected features", "## Data schema", "## Lineage"] {
            #expect(markdown.contains(heading), "missing: \(heading)")
        }
        #expect(try Self.contents(of: second) == files)
        let missing = try await ws.exp(["report", "model", "bk@staging", "--out", first.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no model bk@staging"))
    }

    @Test("report data: builtin:bankruptcy gives the same bytes twice, and --name renames the files")
    func dataReport() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-report-data")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
        for out in [first, second] {
            let run = try await ExpBinary.run(["report", "data", "builtin:bankruptcy", "--out", out.path])
            try #require(run.status == 0, "report failed: \(run.stderr)")
        }
        let files = try Self.contents(of: first)
        let markdown = String(decoding: try #require(files["exploratory_analysis.md"]), as: UTF8.self)
        #expect(Set(files.keys) == Set(Self.linkedCharts(markdown) + ["exploratory_analysis.md"]))
        #expect(markdown.contains("6,819 rows × 95 features"))
        #expect(try Self.contents(of: second) == files)

        let renamed = try await ExpBinary.run(["report", "data", "builtin:bankruptcy?rows=500", "--out", first.path, "--name", "small"])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent("small.md").path))
        #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent("small-class-balance.svg").path))
    }

    @Test("report sweep: unknown sweep, missing store and changed data are clear errors")
    func sweepErrors() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-report-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("exp.sqlite").path

        let missing = try await ExpBinary.run(["report", "sweep", "1", "--store", store, "--out", directory.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no store at"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "asking for a report must not create a store")

        // A sweep on a CSV file, which then changes under it.
        let data = directory.appendingPathComponent("data.csv").path
        #expect(try await ExpBinary.run(["data", "synth", "--out", data, "--rows", "400", "--seed", "3"]).status == 0)
        let spec = try SweepFixtures.write("""
            name: tiny
            data:
              path: data.csv
              label: "Bankrupt?"
            cv:
              folds: 3
            search:
              parameters:
                k_best: [10]
            model:
              hidden_layers: [4]
              max_iter: 3

            """, named: "tiny.yaml", in: directory)
        let sweep = try await ExpBinary.run(["sweep", spec, "--store", store])
        try #require(sweep.status == 0, "sweep failed: \(sweep.stderr)")

        let unknown = try await ExpBinary.run(["report", "sweep", "9", "--store", store, "--out", directory.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no sweep 9"), "\(unknown.stderr)")
        let unknownName = try await ExpBinary.run(["report", "sweep", "small", "--store", store, "--out", directory.path])
        #expect(unknownName.status == 1)
        #expect(unknownName.stderr.contains("no sweep named 'small' in \(store) (sweeps: 'tiny')"), "\(unknownName.stderr)")

        #expect(try await ExpBinary.run(["data", "synth", "--out", data, "--rows", "400", "--seed", "4"]).status == 0)
        let changed = try await ExpBinary.run(["report", "sweep", "1", "--store", store, "--out", directory.path])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("has changed") && changed.stderr.contains("SHA-256"), "\(changed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("model_experiments.md").path))
    }

    @Test("report data: --name with a path is a usage error")
    func badName() async throws {
        let run = try await ExpBinary.run(["report", "data", "builtin:bankruptcy", "--name", "../x.md"])
        #expect(run.status == 64)
    }
}
