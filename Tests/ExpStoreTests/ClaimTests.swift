import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpStore

@Suite("Claims, leases and reclaims")
struct ClaimTests {
    @Test("trials are claimed in number order, each once, with their seeds")
    func claimOrder() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let (sweep, _) = try store.createOrResumeSweep(Fixtures.sweep())
        let trials = Fixtures.trials(5)
        try store.insertTrials(sweepID: sweep.id, trials.shuffled())
        var claimed: [ClaimedTrial] = []
        while let trial = try store.claimTrial(sweepID: sweep.id, worker: "w1", lease: 60, now: 1_000) {
            claimed.append(trial)
        }
        #expect(claimed.map(\.number) == [0, 1, 2, 3, 4])
        #expect(claimed.map(\.seed) == trials.map(\.seed))
        #expect(claimed.map(\.cellHash) == trials.map(\.cellHash))
        #expect(claimed.allSatisfy { $0.attempt == 1 && $0.worker == "w1" && $0.leaseUntil == 1_060 })
        #expect(try store.counts(sweepID: sweep.id) == TrialCounts(running: 5))
        #expect(try store.claimTrial(sweepID: sweep.id, worker: "w2", lease: 60, now: 1_059) == nil)
        #expect(expectError(StoreError.self) { _ = try store.claimTrial(sweepID: 77, worker: "w", lease: 60) }?.kind == .notFound("sweep 77"))
        #expect(expectError(StoreError.self) { _ = try store.claimTrial(sweepID: sweep.id, worker: "w", lease: 0) }?.kind
            == .invalidArgument("the lease must be a positive number of seconds, not 0.0"))
    }

    @Test("threads with their own connections claim every trial exactly once", arguments: [4])
    func concurrentClaims(threads: Int) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path()
        let count = 240
        let sweepID = try Fixtures.populate(SQLiteStore(path: path), trials: count)
        let claims = Locked<[Int64]>([])
        let errors = Locked<[String]>([])
        runOnThreads(threads) { index in
            do {
                let store = try SQLiteStore(path: path)
                let worker = "worker-\(index)"
                while let trial = try store.claimTrial(sweepID: sweepID, worker: worker, lease: 600) {
                    claims.withValue { $0.append(trial.id) }
                    #expect(try store.renewLease(trialID: trial.id, worker: worker, attempt: 1, lease: 600))
                    try store.completeTrial(Fixtures.outcome(for: trial, value: Double(trial.number) / 1_000))
                }
            } catch {
                errors.withValue { $0.append("\(error)") }
            }
        }
        #expect(errors.withValue { $0 } == [])
        let ids = claims.withValue { $0 }
        #expect(ids.count == count)
        #expect(Set(ids).count == count)
        let store = try SQLiteStore(path: path)
        #expect(try store.counts(sweepID: sweepID) == TrialCounts(done: count))
        #expect(try store.trials(sweepID: sweepID).allSatisfy { $0.attempt == 1 && $0.metrics.count == 2 })
        try expectIntact(store)
    }

    @Test("a stale lease is reclaimed, and the stale worker's late result is refused")
    func staleLease() throws {
        let dir = try TemporaryDirectory()
        let storeA = try SQLiteStore(path: dir.path())
        let storeB = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(storeA, trials: 1)

        let a = try #require(try storeA.claimTrial(sweepID: sweepID, worker: "A", lease: 60, now: 1_000))
        #expect(try storeB.claimTrial(sweepID: sweepID, worker: "B", lease: 60, now: 1_030) == nil)
        #expect(try storeA.renewLease(trialID: a.id, worker: "A", attempt: 1, lease: 60, now: 1_030))
        // Renewed until 1090: still owned at 1080.
        #expect(try storeB.claimTrial(sweepID: sweepID, worker: "B", lease: 60, now: 1_080) == nil)

        let b = try #require(try storeB.claimTrial(sweepID: sweepID, worker: "B", lease: 60, now: 1_091))
        #expect(b.id == a.id)
        #expect(b.attempt == 2)
        #expect(b.seed == a.seed)
        #expect(b.paramsJSON == a.paramsJSON)

        // A wakes up: its heartbeat fails and its result is refused; nothing is written.
        #expect(try !storeA.renewLease(trialID: a.id, worker: "A", attempt: 1, lease: 60, now: 1_092))
        let lost = expectError(StoreError.self) { try storeA.completeTrial(Fixtures.outcome(for: a, value: 0.1), now: 1_093) }
        #expect(lost?.kind == .leaseLost)
        #expect(lost?.message.contains("running attempt 2 for worker 'B'") == true)
        #expect(try storeA.trial(id: a.id)?.folds.isEmpty == true)
        #expect(expectError(StoreError.self) { try storeA.failTrial(trialID: a.id, worker: "A", attempt: 1, error: "late", now: 1_094) }?
            .kind == .leaseLost)
        #expect(try !storeA.releaseTrial(trialID: a.id, worker: "A", attempt: 1, now: 1_094))

        try storeB.completeTrial(Fixtures.outcome(for: b, value: 0.7), now: 1_100)
        // After completion, even the owner cannot write again.
        #expect(expectError(StoreError.self) { try storeB.completeTrial(Fixtures.outcome(for: b, value: 0.2), now: 1_101) }?.kind
            == .leaseLost)
        #expect(expectError(StoreError.self) { try storeA.completeTrial(Fixtures.outcome(for: a, value: 0.1), now: 1_102) }?.kind
            == .leaseLost)

        let detail = try #require(try storeA.trial(id: a.id))
        #expect(detail.summary.state == .done)
        #expect(detail.summary.worker == "B")
        #expect(detail.summary.attempt == 2)
        #expect(abs((detail.summary.metrics["roc_auc"]?.mean ?? 0) - 0.71) < 1e-12)
        #expect(detail.events.map(\.kind) == ["claimed", "reclaimed", "completed"])
        #expect(detail.events.map(\.worker) == ["A", "B", "B"])
        #expect(try storeB.claimTrial(sweepID: sweepID, worker: "C", lease: 60, now: 99_999) == nil)
        try expectIntact(storeB)
    }

    @Test("failed trials wait for a reset; released trials are claimable at once")
    func failAndRelease() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(store, trials: 2)
        let first = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 10))
        try store.failTrial(trialID: first.id, worker: "w", attempt: 1, error: "diverged", now: 12)
        let second = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 13))
        #expect(second.number == 1)
        #expect(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 14) == nil)
        let failed = try store.trials(sweepID: sweepID, states: [.failed])
        #expect(failed.map(\.id) == [first.id])
        #expect(failed.first?.error == "diverged")
        #expect(failed.first?.durationSeconds == 2)

        // A clean shutdown hands the running trial back.
        #expect(try store.releaseTrial(trialID: second.id, worker: "w", attempt: 1, now: 15))
        let again = try #require(try store.claimTrial(sweepID: sweepID, worker: "v", lease: 60, now: 16))
        #expect(again.id == second.id)
        #expect(again.attempt == 2)

        #expect(try store.resetFailedTrials(sweepID: sweepID, now: 17) == 1)
        let retried = try #require(try store.claimTrial(sweepID: sweepID, worker: "v", lease: 60, now: 18))
        #expect(retried.id == first.id)
        #expect(retried.attempt == 2)
        #expect(retried.seed == first.seed)
        #expect(try store.trial(id: first.id)?.summary.error == nil)
        try expectIntact(store)
    }
}
