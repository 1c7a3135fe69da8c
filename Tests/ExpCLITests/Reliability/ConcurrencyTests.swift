import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// Concurrency: several `exp sweep` processes and readers on one store, and a worker whose lease
/// ran out while it was stopped.
@Suite("Reliability: concurrent processes on one store", .serialized)
struct ConcurrencyTests {
    typealias F = SweepFixtures

    /// Twelve small trials (2 × 2 × 3).
    static let twelveTrialSpec = F.gridSpec(
        "four-workers", rows: 1500, seed: 31,
        parameters: ["hidden_layers: [[8], [16]]", "k_best: [20, all]", "alpha: [0.001, 0.01, 0.1]"],
        model: ["max_iter: 30", "resampling: smote", "early_stopping: true", "n_iter_no_change: 5"])

    /// Three slower trials (about a second each in a debug build), so that a worker can be
    /// stopped in the middle of one.
    static let slowTrialSpec = F.gridSpec(
        "lease-expiry", rows: 1000, seed: 37, parameters: ["alpha: [0.0001, 0.01, 0.1]"],
        model: ["hidden_layers: [32]", "max_iter: 60", "resampling: smote"])

    /// Outcomes of the reader loops, shared between threads.
    final class ReaderLog: Sendable {
        private struct State {
            var runs: [(arguments: [String], started: ContinuousClock.Instant, run: ExpBinary.Run)] = []
            var failures: [String] = []
            var stopped = false
        }

        private let state = Locked(State())

        func fail(_ error: any Error) { state.withValue { $0.failures.append("\(error)") } }

        var errors: [String] { state.withValue { $0.failures } }

        func append(_ arguments: [String], _ started: ContinuousClock.Instant, _ run: ExpBinary.Run) {
            state.withValue { $0.runs.append((arguments, started, run)) }
        }

        func stop() { state.withValue { $0.stopped = true } }

        var isStopped: Bool { state.withValue { $0.stopped } }

        var all: [(arguments: [String], started: ContinuousClock.Instant, run: ExpBinary.Run)] { state.withValue { $0.runs } }
    }

    @Test("4 sweep processes and 2 readers on one new store: every trial runs exactly once, nothing is locked")
    func fourWorkersAndReaders() async throws {
        try await Reliability.holding(Reliability.heavy) { try await fourWorkersAndReadersBody() }
    }

    func fourWorkersAndReadersBody() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-four-workers")
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try await F.referenceResults(Self.twelveTrialSpec, in: directory)
        let trialCount = 12
        let spec = try F.write(Self.twelveTrialSpec, named: "twelve.yaml", in: directory)
        // The store does not exist yet: the four processes race to create and migrate it.
        let store = directory.appendingPathComponent("shared.sqlite").path
        let workers = try (0..<4).map { _ in try ExpBinary.start(["sweep", spec, "--workers", "1", "--store", store], timeout: .seconds(300)) }

        // Each reader is a thread of its own (never a task of the cooperative pool, which other
        // suites may keep busy): it waits until a worker has created the sweep, then runs its
        // command again and again until the workers are done, at least once.
        let log = ReaderLog()
        // However this test ends (a worker's output unreadable, say), the readers stop.
        defer { log.stop() }
        let readerCommands = [
            ["runs", "list", "--format", "json", "--store", store],
            ["sweeps", "list", "--store", store],
        ]
        let readersDone = DispatchGroup()
        for arguments in readerCommands {
            readersDone.enter()
            Thread {
                defer { readersDone.leave() }
                let deadline = ContinuousClock.now + .seconds(60)
                while !workers.contains(where: { $0.stderrSoFar.contains("sweep 1 'four-workers'") }) {
                    if ContinuousClock.now > deadline || log.isStopped { return }
                    usleep(2_000)
                }
                repeat {
                    do {
                        let child = try ExpBinary.start(arguments, timeout: .seconds(60))
                        log.append(arguments, child.started, try child.waitBlocking())
                    } catch {
                        log.fail(error)
                        usleep(50_000)
                    }
                } while !log.isStopped
            }.start()
        }
        var results: [ExpBinary.Run] = []
        for worker in workers { results.append(try await worker.finish()) }
        let workersEnded = workers.map { $0.started + $0.lifetime }.max() ?? .now
        log.stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            readersDone.notify(queue: .global()) { continuation.resume() }
        }

        for (index, run) in results.enumerated() {
            #expect(run.status == 0 && !run.signaled, "worker \(index): status \(run.status), stderr: \(run.stderr)")
            for bad in ["locked", "busy", "error", "lost its claim", "failed"] {
                #expect(!run.stderr.contains(bad), "worker \(index) stderr has '\(bad)': \(run.stderr)")
            }
        }
        let reads = log.all
        #expect(log.errors.isEmpty, "readers could not run exp: \(log.errors.prefix(3))")
        for arguments in readerCommands {
            // Overlap, not a count: how many reads fit in the sweep depends on the machine's load.
            let during = reads.filter { $0.arguments == arguments && $0.started < workersEnded }
            #expect(!during.isEmpty, "no '\(arguments.prefix(2).joined(separator: " "))' started while the workers ran; \(reads.count) reads in all")
        }
        for (arguments, _, run) in reads {
            #expect(run.status == 0 && !run.signaled, "\(arguments.prefix(2).joined(separator: " ")): \(run.status) \(run.stderr)")
            #expect(!run.stderr.contains("locked") && !run.stderr.contains("busy"), "\(arguments): \(run.stderr)")
            if arguments[1] == "list", arguments[0] == "runs", run.status == 0 {
                #expect((try? JSONValue.parse(run.stdout).array?.count) == trialCount, "runs list read: \(run.stdout.prefix(200))")
            }
        }

        // Exactly once: each trial claimed once (attempt 1, never reclaimed or released) and
        // completed once, by the process that reported it.
        let done = results.map { F.reportedDone($0.stderr) }
        #expect(done.flatMap { $0 }.sorted() == Array(0..<trialCount), "reported done: \(done)")
        let events = try Reliability.query(store, "SELECT kind, count(*), count(DISTINCT trial_id) FROM events WHERE trial_id IS NOT NULL GROUP BY kind ORDER BY kind")
        #expect(events == [[.text("claimed"), .integer(12), .integer(12)], [.text("completed"), .integer(12), .integer(12)]],
                "trial events: \(events)")
        let attempts = try Reliability.query(store, "SELECT DISTINCT attempt, state FROM trials")
        #expect(attempts == [[.integer(1), .text("done")]], "attempts and states: \(attempts)")
        #expect(try Reliability.integrityProblems(store).isEmpty)
        F.expectSameResults(try await F.results(store: store, folds: 3), reference, "4 processes vs 1")
        print("concurrency test: 4 workers (trials per process \(done.map(\.count))), \(reads.count) reads alongside")
    }

    @Test("a worker stopped past its lease cannot record the trial another worker reclaimed")
    func expiredLeaseCannotOverwrite() async throws {
        try await Reliability.holding(Reliability.heavy) { try await expiredLeaseCannotOverwriteBody() }
    }

    func expiredLeaseCannotOverwriteBody() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-lease-expiry")
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try await F.referenceResults(Self.slowTrialSpec, in: directory)
        let spec = try F.write(Self.slowTrialSpec, named: "slow.yaml", in: directory)
        let store = directory.appendingPathComponent("store.sqlite").path

        // Worker A: a 2 s lease, renewed every second while it runs.
        let a = try ExpBinary.start(["sweep", spec, "--workers", "1", "--lease", "2", "--store", store], timeout: .seconds(300))
        var stoppedTrial: (number: Int, worker: String)?
        let deadline = ContinuousClock.now + .seconds(60)
        while stoppedTrial == nil {
            try #require(ContinuousClock.now < deadline && a.isRunning, "A never ran a trial: \(a.stderrSoFar)")
            try await Task.sleep(for: .milliseconds(20))
            guard FileManager.default.fileExists(atPath: store),
                  try Self.hasRunningTrial(store) else { continue }
            // Stop A mid-trial, but never while it holds the write lock.
            a.signal(SIGSTOP)
            try await Task.sleep(for: .milliseconds(20))
            let running = try Reliability.query(store, "SELECT number, worker FROM trials WHERE state = 'running'")
            if Reliability.isWriteLocked(store) || running.count != 1 {
                a.signal(SIGCONT)
                continue
            }
            stoppedTrial = (running[0][0].int ?? -1, running[0][1].string ?? "")
        }
        guard let (number, workerA) = stoppedTrial else { return }

        // Past A's lease, worker B (alive A is not "dead", so nothing is released: the trial is
        // reclaimed only because its lease expired) runs the whole rest of the sweep.
        try await Reliability.sleep(2.5)
        let b = try await ExpBinary.run(["sweep", spec, "--workers", "1", "--lease", "30", "--store", store])
        #expect(b.status == 0, "B: \(b.stderr)")
        #expect(!b.stderr.contains("released"), "B must not release a live worker's trial: \(b.stderr)")
        #expect(F.reportedDone(b.stderr).contains(number), "B did not re-run trial #\(number): \(b.stderr)")

        // A wakes up, finishes its stale attempt, and is refused.
        a.signal(SIGCONT)
        let aRun = try await a.finish()
        #expect(aRun.status == 0, "A: \(aRun.status) \(aRun.stderr)")
        #expect(aRun.stderr.contains("trial #\(number): \(workerA) lost its claim; another worker re-ran it"), "A: \(aRun.stderr)")
        #expect(!F.reportedDone(aRun.stderr).contains(number), "A reported trial #\(number) done: \(aRun.stderr)")

        // The store keeps B's result: attempt 2, B's worker, one completion, by B.
        let trial = try Reliability.query(store, "SELECT id, attempt, worker, state FROM trials WHERE number = \(number)")
        try #require(trial.count == 1)
        let id = trial[0][0].int ?? -1
        #expect(trial[0][1] == .integer(2), "attempt: \(trial)")
        #expect(trial[0][2].string != workerA && trial[0][2].string?.hasPrefix(workerA.split(separator: ":")[0] + ":") == true,
                "worker: \(trial)")
        #expect(trial[0][3] == .text("done"))
        let events = try Reliability.query(store, "SELECT kind, worker, detail FROM events WHERE trial_id = \(id) ORDER BY id")
        #expect(events.map { $0[0] } == [.text("claimed"), .text("reclaimed"), .text("completed")], "events: \(events)")
        #expect(events.last?[1] == trial[0][2] && events.last?[2] == .text("attempt 2"), "events: \(events)")
        #expect(try Reliability.integrityProblems(store).isEmpty)
        F.expectSameResults(try await F.results(store: store, folds: 3), reference, "reclaimed vs uninterrupted")
    }

    static func hasRunningTrial(_ store: String) throws -> Bool {
        guard try !Reliability.query(store, "SELECT 1 FROM sqlite_master WHERE name = 'trials'").isEmpty else { return false }
        return try !Reliability.query(store, "SELECT 1 FROM trials WHERE state = 'running'").isEmpty
    }
}
