import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// End to end: sweep → promote → registry → verify → predict, through the built binary.
@Suite("Promote, registry, verify and predict")
struct PromoteCommandTests {
    /// Two quick trials on 900 built-in rows with a 20 % holdout.
    static let spec = """
        name: promote-e2e
        data:
          path: builtin:bankruptcy?rows=900
          holdout: 0.2
        seed: 5
        cv:
          folds: 3
        search:
          method: grid
          parameters:
            hidden_layers: [[8], [12]]
        model:
          k_best: 20
          max_iter: 15
          resampling: smote
        """

    /// A directory with a finished two-trial sweep (``spec``) in `s.sqlite`, set up with `await`.
    /// The test removes `directory` when it is done.
    struct Workspace {
        let directory: URL
        var store: String { directory.appendingPathComponent("s.sqlite").path }
        var artifacts: String { directory.appendingPathComponent("artifacts").path }

        init() async throws {
            directory = try TemporaryDirectory.make(prefix: "exp-promote")
            do {
                let spec = try SweepFixtures.write(PromoteCommandTests.spec, named: "spec.yaml", in: directory)
                let run = try await ExpBinary.run(["sweep", spec, "--store", store, "--workers", "1"])
                try #require(run.status == 0, "sweep failed: \(run.stderr)")
            } catch {
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
        }

        /// `exp ARGUMENTS --store s.sqlite`, run in the workspace.
        func exp(_ arguments: [String]) async throws -> ExpBinary.Run {
            try await ExpBinary.run(arguments + ["--store", store], in: directory)
        }

        /// `exp promote ARGUMENTS` into `artifacts/`, which must succeed; its JSON report.
        func promote(_ arguments: [String]) async throws -> JSONValue {
            let run = try await exp(["promote"] + arguments + ["--artifacts", artifacts, "--format", "json"])
            try #require(run.status == 0, "promote failed: \(run.stderr)")
            return try JSONValue.parse(run.stdout)
        }

        func write(_ text: String, _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { Array($0) } }
    }

    @Test("promote writes a verified bundle that standard tar reads, and promoting again is byte-identical")
    func promoteTwice() async throws {
        let ws = try await Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let first = try await ws.promote(["--best", "--name", "bk"])
        #expect(first["version"]?.int == 1)
        #expect(first["verified"]?.bool == true)
        #expect(first["holdout_rows"]?.int == 180)
        let path = try #require(first["bundle"]?.string)
        #expect(path.hasSuffix("artifacts/bk-v1.tar.gz"))
        let original = ws.bytes(path)

        let tarPath = try #require(Child.locate("tar", in: ["/usr/bin", "/bin"]), "no tar in /usr/bin or /bin")
        let tar = try await Child(tarPath, ["-tzf", path]).finish()
        #expect(tar.status == 0 && !tar.signaled, "tar -tzf: \(tar.stderr)")
        #expect(tar.stdout.split(separator: "\n").sorted()
            == ["MODEL.md", "features.json", "holdout.csv", "manifest.json", "model.json", "scaler.json"])

        let trial = try #require(first["trial_id"]?.int)
        let again = try await ws.promote([String(trial), "--name", "bk"])
        #expect(again["already_promoted"]?.bool == true)
        #expect(again["version"]?.int == 1)
        #expect(ws.bytes(path) == original)

        // A fresh store and artifacts directory: the same spec, trial and name give the same bytes.
        let other = try await Workspace()
        defer { try? FileManager.default.removeItem(at: other.directory) }
        let copy = try await other.promote([String(trial), "--name", "bk"])
        #expect(other.bytes(try #require(copy["bundle"]?.string)) == original)
        #expect(copy["digest"] == first["digest"])
    }

    @Test("aliases move between versions, and models list/show report them")
    func aliases() async throws {
        let ws = try await Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let trials = try await SweepFixtures.listTrials(store: ws.store).compactMap { $0["id"]?.int }.sorted()
        try #require(trials.count == 2)
        _ = try await ws.promote([String(trials[0]), "--name", "bk", "--alias", "production"])
        let v2 = try await ws.promote([String(trials[1]), "--name", "bk", "--alias", "staging"])
        #expect(v2["version"]?.int == 2)

        func show(_ reference: String) async throws -> JSONValue {
            let run = try await ws.exp(["models", "show", reference, "--format", "json"])
            try #require(run.status == 0, "models show failed: \(run.stderr)")
            return try JSONValue.parse(run.stdout)
        }
        #expect(try await show("bk@production")["version"]?.int == 1)
        #expect(try await show("bk@staging")["version"]?.int == 2)
        #expect(try await show("bk")["version"]?.int == 2)
        #expect(try await show("bk:1")["trial_id"]?.int == trials[0])

        let move = try await ws.exp(["models", "alias", "bk@production", "2"])
        #expect(move.status == 0)
        #expect(move.stdout.contains("bk@production → 2 (was 1)"))
        #expect(try await show("bk@production")["version"]?.int == 2)
        #expect(try await show("bk:2")["aliases"]?.array?.compactMap(\.string) == ["production", "staging"])

        let missing = try await ws.exp(["models", "alias", "bk@production", "7"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no version 7 of model 'bk'; versions: 1, 2"))
        let list = try await ws.exp(["models", "list", "--format", "json"])
        let models = try JSONValue.parse(list.stdout).array ?? []
        #expect(models.count == 1)
        #expect(models.first?["aliases"]?["production"]?.int == 2)
        #expect(try await ws.exp(["models", "show", "nope"]).stderr.contains("no model nope"))
    }

    @Test("a model promoted with a relative --artifacts resolves from any working directory")
    func resolvesFromAnotherDirectory() async throws {
        let ws = try await Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        // Relative to the workspace, as in the README's main command (`artifacts/`).
        let run = try await ws.exp(["promote", "--best", "--name", "bk", "--alias", "production", "--artifacts", "rel-artifacts"])
        try #require(run.status == 0, "promote failed: \(run.stderr)")
        #expect(run.stdout.contains("  bundle   rel-artifacts/bk-v1.tar.gz ("), "shown relative to the working directory: \(run.stdout)")
        let recorded = try Reliability.query(ws.store, "SELECT bundle_path FROM model_versions").first?.first?.string
        #expect(recorded == ws.directory.standardizedFileURL.path + "/rel-artifacts/bk-v1.tar.gz", "recorded: \(recorded ?? "nil")")

        // From another directory, with the store named absolutely: the alias still finds the file.
        let elsewhere = try TemporaryDirectory.make(prefix: "exp-elsewhere")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let csv = elsewhere.appendingPathComponent("rows.csv").path
        #expect(try await ExpBinary.run(["data", "synth", "--out", csv, "--rows", "30"]).status == 0)
        let predicted = try await ExpBinary.run(["predict", "bk@production", "--input", csv, "--store", ws.store], in: elsewhere)
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(predicted.stdout.split(separator: "\n").count == 31)
        let verified = try await ExpBinary.run(["bundle", "verify", "bk@production", "--store", ws.store], in: elsewhere)
        #expect(verified.status == 0, "\(verified.stderr)")
        let shown = try await ExpBinary.run(["models", "show", "bk", "--store", ws.store], in: elsewhere)
        #expect(shown.stdout.contains("  bundle    " + ws.directory.standardizedFileURL.path + "/rel-artifacts/bk-v1.tar.gz ("),
                "outside the working directory the path is shown whole: \(shown.stdout)")
    }

    @Test("predict matches columns by name: reordered and extra columns work, missing ones are named")
    func predictColumns() async throws {
        let ws = try await Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        _ = try await ws.promote(["--best", "--name", "bk", "--alias", "production"])
        let csv = ws.directory.appendingPathComponent("data.csv").path
        let synth = try await ExpBinary.run(["data", "synth", "--out", csv, "--rows", "40"])
        try #require(synth.status == 0)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)

        let straight = try await ws.exp(["predict", "bk@production", "--input", csv])
        try #require(straight.status == 0, "\(straight.stderr)")
        let rows = straight.stdout.split(separator: "\n")
        #expect(rows.first == "row,probability_0,probability_1,prediction,risk_level")
        #expect(rows.count == 41)
        #expect(straight.stderr.contains("ignoring 1 column the model does not use: 'Bankrupt?'"))

        // Reversed column order plus an extra column: the same predictions.
        let reversed = lines.map { line -> String in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return ([lines.first == line ? "note" : "x"] + fields.reversed()).joined(separator: ",")
        }
        let shuffledPath = try ws.write(reversed.joined(separator: "\n") + "\n", "reversed.csv")
        let shuffled = try await ws.exp(["predict", "bk@production", "--input", shuffledPath])
        #expect(shuffled.status == 0)
        #expect(shuffled.stdout == straight.stdout)
        #expect(shuffled.stderr.contains("'note'"))

        // --id-column carries a column through as each row's id, and is not reported as ignored.
        let withID = try await ws.exp(["predict", "bk@production", "--input", shuffledPath, "--id-column", "note"])
        #expect(withID.status == 0)
        let idRows = withID.stdout.split(separator: "\n")
        #expect(idRows.first == "note,probability_0,probability_1,prediction,risk_level")
        #expect(idRows.dropFirst().allSatisfy { $0.hasPrefix("x,") })
        #expect(idRows.dropFirst().map { $0.dropFirst(2) } == rows.dropFirst().map { $0.drop { $0 != "," }.dropFirst() })
        #expect(!withID.stderr.contains("'note'"))
        let noID = try await ws.exp(["predict", "bk@production", "--input", shuffledPath, "--id-column", "ticker"])
        #expect(noID.status == 1)
        #expect(noID.stderr.contains("no id column 'ticker'"))

        // JSON records with a missing feature: the error names it.
        let dropped = header[5]
        let records = try (1...3).map { i -> [String: Any] in
            let fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var record: [String: Any] = [:]
            for (name, value) in zip(header, fields) where name != dropped && name != "Bankrupt?" {
                record[name] = try #require(Double(value))
            }
            return record
        }
        let jsonPath = ws.directory.appendingPathComponent("records.json")
        try JSONSerialization.data(withJSONObject: records).write(to: jsonPath)
        let missing = try await ws.exp(["predict", "bk@production", "--input", jsonPath.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing column: '\(dropped)'"))
        #expect(missing.stdout.isEmpty)

        // JSON dataframe_split in, JSON file out.
        let split: [String: Any] = [
            "columns": Array(header.dropFirst()),
            "data": try (1...2).map { i in
                try lines[i].split(separator: ",").dropFirst().map { try #require(Double($0)) }
            },
        ]
        let splitPath = ws.directory.appendingPathComponent("split.json")
        try JSONSerialization.data(withJSONObject: split).write(to: splitPath)
        let outPath = ws.directory.appendingPathComponent("out.json").path
        let json = try await ws.exp(["predict", "bk@production", "--input", splitPath.path, "--output", outPath])
        #expect(json.status == 0)
        let out = try JSONValue.parse(String(contentsOfFile: outPath, encoding: .utf8))
        let predictions = out["predictions"]?.array ?? []
        #expect(predictions.count == 2)
        let firstCSV = rows[1].split(separator: ",")
        #expect(predictions.first?["probabilities"]?["1"]?.double == Double(firstCSV[2]))
        #expect(["low", "medium", "high"].contains(predictions.first?["risk_level"]?.string ?? ""))
    }

    @Test("bundle verify passes on a promoted bundle and fails on a tampered one; the registry notices a swapped file")
    func verify() async throws {
        let ws = try await Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let promoted = try await ws.promote(["--best", "--name", "bk"])
        let path = try #require(promoted["bundle"]?.string)
        let ok = try await ws.exp(["bundle", "verify", path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("holdout re-score: 180 probabilities reproduced bit for bit"))
        #expect(try await ws.exp(["bundle", "verify", "bk"]).status == 0)

        var bytes = try #require(ws.bytes(path))
        bytes[bytes.count / 2] ^= 0x40
        let tampered = ws.directory.appendingPathComponent("tampered.tar.gz").path
        try Data(bytes).write(to: URL(fileURLWithPath: tampered))
        let bad = try await ws.exp(["bundle", "verify", tampered])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("tampered.tar.gz"))

        // Replace the registered file: resolving the model by name refuses it.
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let swapped = try await ws.exp(["predict", "bk", "--input", tampered])
        #expect(swapped.status == 1)
        #expect(swapped.stderr.contains("bk-v1.tar.gz"))
    }

    @Test("promote refuses what it cannot do, and writes nothing")
    func refusals() async throws {
        let ws = try await Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let unknown = try await ws.exp(["promote", "99", "--name", "bk", "--artifacts", ws.artifacts])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no trial 99"))
        let badName = try await ws.exp(["promote", "1", "--name", "../evil", "--artifacts", ws.artifacts])
        #expect(badName.status == 64)
        #expect(badName.stderr.contains("invalid model name '../evil'"))
        let both = try await ws.exp(["promote", "1", "--best", "--name", "bk"])
        #expect(both.status == 64)
        #expect(!FileManager.default.fileExists(atPath: ws.artifacts))
        let noStore = try await ExpBinary.run(["promote", "--best", "--name", "bk", "--store", ws.directory.appendingPathComponent("none.sqlite").path])
        #expect(noStore.status == 1)
        #expect(noStore.stderr.contains("there is no store"))
    }
}
