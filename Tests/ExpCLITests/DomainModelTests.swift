import ExpDomain
import ExpTestSupport
import Foundation
import Testing

@testable import ExpStore

/// Issue 16 end to end: leases that hold while folds outlast them, and damaged records that are
/// errors naming the record and the field instead of empty values.
@Suite("One domain model: leases and damaged records, end to end", .serialized)
struct DomainModelTests {
    typealias F = SweepFixtures

    /// The issue's reproduction: two large networks, two workers, a lease shorter than a fold.
    /// Before, the heartbeat could not run while both cooperative threads fitted, and the run
    /// printed "trial #1: … lost its claim; another worker re-ran it".
    @Test("exp sweep --workers 2 --lease shorter than a fold loses no claim")
    func leaseShorterThanAFold() async throws {
        let directory = try TemporaryDirectory()
        let yaml = F.gridSpec(
            "long-folds", rows: 2500, seed: 3,
            parameters: ["hidden_layers: [[384, 192], [384, 192, 96]]"],
            model: ["max_iter: 8", "resampling: none", "k_best: all"])
        let spec = try F.write(yaml, named: "long.yaml", in: directory.url)
        let store = directory.path("long.sqlite")
        let run = try await ExpBinary.run(["sweep", spec, "--workers", "2", "--lease", "0.8", "--store", store])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("lost its claim"), "\(run.stderr)")
        let trials = try await F.listTrials(store: store)
        #expect(trials.count == 2 && trials.allSatisfy { $0["state"]?.string == "done" })
        // Each trial was claimed once, and its folds outlasted the lease (or the check is void).
        for trial in trials {
            let id = try #require(trial["id"]?.int)
            let show = try await ExpBinary.run(["runs", "show", String(id), "--store", store])
            #expect(!show.stdout.contains("reclaimed"))
            let seconds = try #require(trial["duration_seconds"]?.double)
            #expect(seconds / 3 > 0.8, "a fold took \(seconds / 3) s; the lease check needs longer folds")
        }
        let sqlite = try SQLiteStore(path: store, readOnly: true)
        #expect(try sqlite.trials().allSatisfy { $0.attempt == 1 })
    }

    /// A small finished sweep in `directory`; returns the store path and the trials by number.
    private func finishedSweep(in directory: TemporaryDirectory) async throws -> (store: String, ids: [Int: Int64]) {
        let yaml = F.gridSpec("damage", rows: 300, seed: 5, parameters: ["hidden_layers: [[4], [6]]"], model: ["max_iter: 5"])
        let spec = try F.write(yaml, named: "damage.yaml", in: directory.url)
        let store = directory.path("damage.sqlite")
        let run = try await ExpBinary.run(["sweep", spec, "--workers", "1", "--store", store])
        try #require(run.status == 0, "\(run.stderr)")
        let trials = try SQLiteStore(path: store).trials()
        return (store, Dictionary(uniqueKeysWithValues: trials.map { ($0.number, $0.id) }))
    }

    private func damage(_ store: String, _ sql: String) throws {
        _ = try SQLiteStore(path: store).write { db in try db.execute(sql) }
    }

    @Test("damaged trial parameters are an error naming the trial and the field, in every command that reads them")
    func damagedParameters() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try await finishedSweep(in: directory)
        let id = try #require(ids[0])
        try damage(store, "UPDATE trials SET params_json = '{\"alpha\": ' WHERE id = \(id)")
        for arguments in [["runs", "list"], ["runs", "list", "--format", "json"], ["runs", "show", String(id)],
                          ["runs", "compare", String(id), String(ids[1] ?? 0)], ["report", "sweep", "damage", "--out", directory.path("r")]] {
            let run = try await ExpBinary.run(arguments + ["--store", store])
            #expect(run.status == 1, "exp \(arguments.joined(separator: " ")): \(run.stdout)")
            #expect(run.stderr.contains("trial \(id) (#0 of sweep 1) is damaged"), "exp \(arguments.joined(separator: " ")): \(run.stderr)")
            #expect(run.stderr.contains("'params_json'"), "\(run.stderr)")
        }
        // The undamaged trial still reads.
        let other = try await ExpBinary.run(["runs", "show", String(ids[1] ?? 0), "--store", store])
        #expect(other.status == 0, "\(other.stderr)")
    }

    @Test("damaged fold curves and a damaged stored spec are errors naming the record and the field")
    func damagedCurvesAndSpec() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try await finishedSweep(in: directory)
        let id = try #require(ids[1])
        try damage(store, "UPDATE folds SET curves_json = '{\"loss\": \"high\"}' WHERE trial_id = \(id) AND fold = 2")
        let show = try await ExpBinary.run(["runs", "show", String(id), "--store", store])
        #expect(show.status == 1)
        #expect(show.stderr.contains("trial \(id) (#1 of sweep 1), fold 2 is damaged"), "\(show.stderr)")
        #expect(show.stderr.contains("'curves_json'"), "\(show.stderr)")

        try damage(store, "UPDATE sweeps SET spec_json = 'not json' WHERE id = 1")
        for arguments in [["sweep", "--resume", "1"], ["report", "sweep", "1", "--out", directory.path("r")],
                          ["promote", String(ids[0] ?? 0), "--name", "m", "--artifacts", directory.path("a")]] {
            let run = try await ExpBinary.run(arguments + ["--store", store])
            #expect(run.status == 1, "exp \(arguments.joined(separator: " ")): \(run.stdout)")
            #expect(run.stderr.contains("sweep 1 'damage' is damaged"), "exp \(arguments.joined(separator: " ")): \(run.stderr)")
            #expect(run.stderr.contains("'spec_json'"), "\(run.stderr)")
        }
    }
}
