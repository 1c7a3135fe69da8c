import ExpCore
import ExpDomain
import ExpRunner
import ExpTestSupport
import Foundation
import Testing

@Suite("SweepExecutor: leases that hold, lost claims that stop, results that do not depend on workers")
struct SweepExecutorTests {
    typealias F = RunnerFixtures

    /// Issue 16, defect 1: fits ran on the cooperative pool, one worker per core, so the heartbeat
    /// could not run until a fold ended, and a lease shorter than a fold was lost ("trial #1 …
    /// lost its claim; another worker re-ran it"). Each fold here takes longer than the lease.
    @Test("a lease shorter than one fold never loses a live claim", .timeLimit(.minutes(5)))
    func leaseShorterThanAFold() async throws {
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let session = try F.session(F.spec(rows: 2000, hidden: [[256, 128], [256, 128, 64], [192, 192]],
                                           folds: 2, maxIter: 10))
        let lease = Duration.milliseconds(400)
        let log = EventLog()
        let (store, sweep) = try await F.run(session, workers: workers, lease: lease) { log.record($0) }

        let trials = try await store.trials(sweepID: sweep.id)
        #expect(trials.count == 3)
        #expect(trials.allSatisfy { $0.state == .done }, "\(trials.map(\.state))")
        #expect(trials.allSatisfy { $0.attempt == 1 }, "a trial was claimed again: \(trials.map(\.attempt))")
        #expect(log.lost == 0)
        #expect(await store.renewals > 0)
        // The check means something only if a fold outlasts the lease.
        let longestFold = trials.compactMap(\.durationSeconds).max().map { $0 / 2 } ?? 0
        #expect(longestFold > lease.seconds, "folds took \(longestFold) s; make the trials heavier")
    }

    /// A queue whose renewals say the claim was taken over, as after a host was cut off. Its
    /// claims hold for a minute whatever lease the executor asks for, so the trial is not claimed
    /// again while the test runs.
    struct TakenOverQueue: TrialQueue {
        let store: InMemoryStore
        func claim(sweepID: Int64, worker: String, lease: Duration) async throws -> ClaimedTrial? {
            try await store.claim(sweepID: sweepID, worker: worker, lease: .seconds(60))
        }
        func renew(_ claim: ClaimedTrial, lease: Duration) async throws -> Bool { false }
        func complete(_ claim: ClaimedTrial, with result: TrialResult) async throws {
            try await store.complete(claim, with: result)
        }
        func fail(_ claim: ClaimedTrial, reason: String) async throws { try await store.fail(claim, reason: reason) }
        func release(trialID: Int64, worker: String, attempt: Int) async throws -> Bool {
            try await store.release(trialID: trialID, worker: worker, attempt: attempt)
        }
    }

    /// The fit below would run 10⁵ epochs (the most a spec may ask for; many minutes): the run ends only because the lost claim
    /// cancels it within an epoch of the first renewal.
    @Test("a lost claim cancels the running evaluation, and its result is never recorded", .timeLimit(.minutes(2)))
    func lostClaimCancelsTheEvaluation() async throws {
        let session = try F.session(F.spec(rows: 600, hidden: [[64]], folds: 2, maxIter: 100_000,
                                           extraModel: "  tol: 0\n  n_iter_no_change: 100000"))
        let store = InMemoryStore()
        let (sweep, _) = try await session.open(in: store, provenance: F.provenance)
        let log = EventLog()
        let finished = try await session.run(sweep, queue: TakenOverQueue(store: store), workers: 1, workerName: "test:1",
                                             lease: .milliseconds(200)) { log.record($0) }
        #expect(finished == 0)
        #expect(log.lost == 1)
        let trial = try #require(try await store.trials(sweepID: sweep.id).first)
        #expect(trial.state == .running && trial.metrics.isEmpty)
    }

    @Test("one worker and three workers give bit-identical trials")
    func workersDoNotChangeResults() async throws {
        let session = try F.session(F.spec(hidden: [[8], [16], [8, 4], [12]]))
        let (one, sweepOne) = try await F.run(session, workers: 1)
        let (three, sweepThree) = try await F.run(session, workers: 3)
        let a = try await F.results(one, sweep: sweepOne)
        let b = try await F.results(three, sweep: sweepThree)
        #expect(a.count == 4)
        #expect(a == b)
    }

    @Test("a trial whose stored parameters are damaged fails with the record and field named")
    func damagedParametersFailTheTrial() async throws {
        let session = try F.session(F.spec(hidden: [[8]]))
        let store = InMemoryStore()
        let (sweep, _) = try await session.open(in: store, provenance: F.provenance)
        let trial = try #require(try await store.trials(sweepID: sweep.id).first)
        await store.damageParameters(trialID: trial.id, with: #"{"alpha": "much"}"#)
        let log = EventLog()
        try await session.run(sweep, queue: store, workers: 1, workerName: "test:1") { log.record($0) }
        let failed = try #require(try await store.trials(sweepID: sweep.id, states: [.failed]).first)
        #expect(failed.error?.contains("trial \(trial.id) (#0 of sweep \(sweep.id)) is damaged") == true, "\(failed.error ?? "")")
        #expect(failed.error?.contains("params_json") == true)
        #expect(log.failed.count == 1)
    }
}
