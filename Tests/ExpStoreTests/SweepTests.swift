import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpStore

@Suite("Sweeps and trial materialisation")
struct SweepTests {
    @Test("a sweep name resolves to the most recent sweep of that name")
    func latestByName() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let (first, _) = try store.createOrResumeSweep(Fixtures.sweep(name: "grid"))
        let (other, _) = try store.createOrResumeSweep(Fixtures.sweep(name: "other"))
        let (second, _) = try store.createOrResumeSweep(Fixtures.sweep(name: "grid", specHash: "spec-2"))
        #expect(first.id < second.id)
        #expect(try store.latestSweep(named: "grid") == second)
        #expect(try store.latestSweep(named: "other") == other)
        #expect(try store.latestSweep(named: "none") == nil)
    }

    @Test("the same name, spec and data resume the stored sweep with its provenance")
    func createOrResume() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let (created, firstResumed) = try store.createOrResumeSweep(Fixtures.sweep(), now: 1_000)
        #expect(!firstResumed)
        #expect(created.seed == UInt64.max - 7)
        #expect(created.environment == Fixtures.environment)
        #expect(created.metricGoal == .max)
        #expect(created.createdAt == 1_000)
        #expect(created.specJSON == Fixtures.sweep().specJSON)

        let (again, resumed) = try store.createOrResumeSweep(Fixtures.sweep(), now: 2_000)
        #expect(resumed)
        #expect(again == created)
        #expect(try store.sweep(id: created.id) == created)

        let (otherData, otherResumed) = try store.createOrResumeSweep(Fixtures.sweep(dataset: "data-2"))
        #expect(!otherResumed)
        #expect(otherData.id != created.id)

        let error = expectError(StoreError.self) { _ = try store.createOrResumeSweep(Fixtures.sweep(foldHash: "folds-2")) }
        #expect(error?.message.contains("fold assignment changed") == true)
        #expect(try store.sweeps().count == 2)
        #expect(try store.sweep(id: 99) == nil)
        #expect(expectError(StoreError.self) { _ = try store.createOrResumeSweep(Fixtures.sweep(name: "")) }?.kind
            == .invalidArgument("the sweep's name is empty"))
        try expectIntact(store)
    }

    @Test("inserting the same cells again adds nothing")
    func insertIdempotent() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let (sweep, _) = try store.createOrResumeSweep(Fixtures.sweep())
        #expect(try store.insertTrials(sweepID: sweep.id, Fixtures.trials(5)) == 5)
        #expect(try store.insertTrials(sweepID: sweep.id, Fixtures.trials(5)) == 0)
        #expect(try store.insertTrials(sweepID: sweep.id, Fixtures.trials(7)) == 2)
        #expect(try store.counts(sweepID: sweep.id) == TrialCounts(pending: 7))

        // A changed grid under the same spec hash is refused, and the batch is rolled back.
        var moved = Fixtures.trials(1, offset: 20)
        moved.append(NewTrial(number: 3, cellHash: "cell-new", paramsJSON: "{}", seed: 1))
        let numberTaken = expectError(StoreError.self) { try store.insertTrials(sweepID: sweep.id, moved) }
        #expect(numberTaken?.message.contains("trial number 3") == true)
        let reseeded = [NewTrial(number: 2, cellHash: "cell-2", paramsJSON: "{}", seed: 12345)]
        #expect(expectError(StoreError.self) { try store.insertTrials(sweepID: sweep.id, reseeded) }?.message.contains("cell-2") == true)
        #expect(try store.counts(sweepID: sweep.id).total == 7)

        #expect(expectError(StoreError.self) { try store.insertTrials(sweepID: 42, Fixtures.trials(1)) }?.kind == .notFound("sweep 42"))
        try expectIntact(store)
    }

    @Test("the sweep list shows counts and the best value in the metric's direction")
    func sweepSummaries() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let maxSweep = try Fixtures.populate(store, trials: 4)
        let minSweep = try Fixtures.populate(store, trials: 3, sweep: Fixtures.sweep(name: "loss", metric: "log_loss", goal: .min))
        for (sweep, values) in [(maxSweep, [0.7, 0.9, 0.8]), (minSweep, [0.7, 0.9])] {
            for value in values {
                let trial = try #require(try store.claimTrial(sweepID: sweep, worker: "w", lease: 60, now: 200))
                try store.completeTrial(Fixtures.outcome(for: trial, value: value), now: 201)
            }
        }
        let summaries = try store.sweeps()
        #expect(summaries.map(\.id) == [maxSweep, minSweep])
        #expect(summaries[0].counts == TrialCounts(pending: 1, done: 3))
        // roc_auc mean = value + 0.01; best is the 0.9 trial (number 1).
        #expect(abs((summaries[0].bestValue ?? 0) - 0.91) < 1e-12)
        #expect(summaries[0].bestTrialID == 2)
        // log_loss = 1 - value, minimised: best is the 0.9 trial.
        #expect(abs((summaries[1].bestValue ?? 0) - 0.1) < 1e-12)
        #expect(summaries[1].counts == TrialCounts(pending: 1, done: 2))
    }
}
