import ExpDomain
import ExpTestSupport
import Foundation
import Testing

@testable import ExpStore

/// Resume and promote never quietly do the wrong thing (issue 17, class 4).
@Suite("Reliability: resume and promote")
struct ResumePromoteTests {
    /// ``PromoteCommandTests/spec`` on a CSV file of this directory, `holdout` given.
    static func spec(holdout: String, data: String = "data.csv") -> String {
        PromoteCommandTests.spec
            .replacingOccurrences(of: "path: builtin:bankruptcy?rows=900", with: "path: \(data)\n  label: Bankrupt?")
            .replacingOccurrences(of: "holdout: 0.2", with: "holdout: \(holdout)")
    }

    private static func synth(_ name: String, seed: Int, in directory: URL) async throws -> String {
        let run = try await ExpBinary.run(["data", "synth", "--out", name, "--rows", "600", "--seed", String(seed)], in: directory)
        try #require(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    private static func hashes(in text: String) -> Set<String> {
        let regex = /[0-9a-f]{64}/
        return Set(text.matches(of: regex).map { String($0.output) })
    }

    @Test("--resume after the data changed names the sweep and both SHA-256 values; a new run says it is a new sweep")
    func resumeAfterDataChanged() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-resume")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await Self.synth("data.csv", seed: 1, in: directory)
        _ = try SweepFixtures.write(Self.spec(holdout: "0.2"), named: "spec.yaml", in: directory)
        let first = try await ExpBinary.run(["sweep", "spec.yaml", "--store", "s.sqlite", "--workers", "1"], in: directory)
        try #require(first.status == 0, "\(first.stderr)")
        let recorded = try SQLiteStore(path: directory.appendingPathComponent("s.sqlite").path, readOnly: true)
            .sweep(id: 1)?.datasetSHA256
        let recordedHash = try #require(recorded)

        _ = try await Self.synth("data.csv", seed: 2, in: directory)
        let storeBefore = try Data(contentsOf: directory.appendingPathComponent("s.sqlite"))
        let resume = try await ExpBinary.run(["sweep", "--resume", "1", "--store", "s.sqlite"], in: directory)
        #expect(resume.status == 1)
        let firstLine = resume.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("error: the data of sweep 1"), "\(resume.stderr)")
        #expect(firstLine.contains("has changed"))
        let named = Self.hashes(in: resume.stderr)
        #expect(named.count == 2 && named.contains(recordedHash), "\(resume.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("s.sqlite")) == storeBefore)

        let again = try await ExpBinary.run(["sweep", "spec.yaml", "--store", "s.sqlite", "--workers", "1"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("note: sweep 1 'promote-e2e' has this spec but other data (SHA-256 \(recordedHash))"),
                "\(again.stderr)")
        #expect(again.stderr.contains("so this is a new sweep 2, not a resume of 1"), "\(again.stderr)")
    }

    @Test("a holdout: 0 sweep promotes without holdout metrics, and leaves no stray file")
    func promoteWithoutHoldout() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-noholdout")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await Self.synth("data.csv", seed: 1, in: directory)
        _ = try SweepFixtures.write(Self.spec(holdout: "0"), named: "spec.yaml", in: directory)
        let sweep = try await ExpBinary.run(["sweep", "spec.yaml", "--store", "s.sqlite", "--workers", "1"], in: directory)
        try #require(sweep.status == 0, "\(sweep.stderr)")
        let promote = try await ExpBinary.run(["promote", "--best", "--name", "bk", "--artifacts", "art", "--store", "s.sqlite"],
                                              in: directory)
        #expect(promote.status == 0, "\(promote.stderr)")
        #expect(promote.stderr.contains("no holdout split (data.holdout: 0)"), "\(promote.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("art").path)) ?? []
        #expect(files == ["bk-v1.tar.gz"], "\(files)")
        let verify = try await ExpBinary.run(["bundle", "verify", "art/bk-v1.tar.gz"], in: directory)
        #expect(verify.status == 0, "\(verify.stderr)\(verify.stdout)")
    }

    @Test("promote --best on an unfinished sweep warns with the counts")
    func promoteUnfinished() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        _ = try SQLiteStore(path: ws.store).write { db in
            try db.execute("UPDATE trials SET state = 'pending', worker = NULL, lease_until = NULL WHERE id = 2")
        }
        let run = try await ws.exp(["promote", "--best", "--name", "bk", "--artifacts", ws.artifacts])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: sweep 1 is not finished: 1 pending and 0 running of 2 trials (1 done, 0 failed)"),
                "\(run.stderr)")
    }

    @Test("two promotions under one name at once: the loser says another promotion won and what to run")
    func concurrentPromotions() async throws {
        let ws = try await PromoteCommandTests.Workspace()
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let trials = try await SweepFixtures.listTrials(store: ws.store).compactMap { $0["id"]?.int }.sorted()
        try #require(trials.count == 2)
        let children = try trials.map { trial in
            try ExpBinary.start(["promote", String(trial), "--name", "bk", "--artifacts", ws.artifacts, "--store", ws.store],
                                in: ws.directory)
        }
        var runs: [ExpBinary.Run] = []
        for child in children { runs.append(try await child.finish()) }
        let versions = try SQLiteStore(path: ws.store, readOnly: true).modelVersions(name: "bk")
        let won = runs.filter { $0.status == 0 }.count
        // Usually one wins and one loses; on a slow machine they may run one after the other (both win).
        #expect(won >= 1)
        #expect(versions.count == won)
        for run in runs where run.status != 0 {
            #expect(run.stderr.contains("another promotion of bk won"), "\(run.stderr)")
            #expect(run.stderr.contains("run the same exp promote again"), "\(run.stderr)")
            #expect(!run.stderr.contains("move that file away"), "\(run.stderr)")
            #expect(!run.stderr.contains("  "), "the message is broken by runs of spaces: \(run.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: ws.artifacts).sorted()
        #expect(files == versions.map { "bk-v\($0.version).tar.gz" }.sorted(), "\(files)")
    }
}
