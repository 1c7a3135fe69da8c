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
                        "## Reproducibility", "inflates accuracy to about 0.98"] {
            #expect(markdown.contains(heading), "missing: \(heading)")
        }
        #expect(try Self.contents(of: second) == files, "a second report of the same store must be byte-identical")
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
