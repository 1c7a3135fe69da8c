import ArgumentParser
import Dispatch
import ExpDomain
import ExpCore
import ExpData
import ExpRunner
import ExpStore
import Foundation

extension Exp {
    /// `exp sweep SPEC`: runs (or continues) a hyper-parameter sweep into the experiment store.
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Run a hyper-parameter sweep described in a spec file.",
            discussion: """
            Every trial is cross-validated with a leak-free pipeline (impute, SelectKBest, resample, \
            scale, MLP inside each training fold) and stored with its folds, metrics, curves and \
            out-of-fold predictions. Running the same command again continues the sweep: finished \
            trials are kept and interrupted ones re-run with the same seed. Several processes may \
            work on one sweep and one store at the same time.
            """)

        @Argument(help: "The sweep spec (YAML), e.g. experiments/quickstart.yaml.")
        var spec: String?

        @Option(parsing: .unconditional, help: "Continue the sweep with this ID, using the spec stored with it.")
        var resume: Int64?

        @Option(parsing: .unconditional,
                help: "Concurrent trials in this process, 1...\(Self.maximumWorkers) (default: the number of cores; never more than the trials left).")
        var workers: Int?

        @Option(help: "Output: table or json.")
        var format: ReportFormat = .table

        @Option(parsing: .unconditional,
                help: "Seconds a claimed trial stays reserved without a heartbeat, \(Self.leaseRange.lowerBound)...\(Int(Self.leaseRange.upperBound)) (one day).")
        var lease: Double = 60

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if (spec == nil) == (resume == nil) {
                throw ValidationError("give either a spec file or --resume ID")
            }
            if let workers, !(1...Self.maximumWorkers).contains(workers) {
                throw ValidationError("--workers must lie in 1...\(Self.maximumWorkers), got \(workers)")
            }
            // Checked before `.seconds(lease)`: converting inf, nan or 1e300 to a Duration is a fatal error.
            guard Self.leaseRange.contains(lease) else {
                throw ValidationError(
                    "--lease must lie in \(Self.leaseRange.lowerBound)...\(Int(Self.leaseRange.upperBound)) seconds (one day), got \(lease)")
            }
        }

        /// Each worker is a thread of its own; more than this is never useful on one machine.
        static let maximumWorkers = 1_024
        /// A lease shorter than 50 ms cannot be renewed in time (heartbeats run at a quarter of
        /// it); one longer than a day keeps a crashed worker's trial reserved for longer than a
        /// person waits. `nan` is outside every range.
        static let leaseRange: ClosedRange<Double> = 0.05...86_400

        func run() async throws {
            do {
                try await execute()
            } catch let error as any Error & CustomStringConvertible {
                // Every module's error type names the file, line, key or trial it is about.
                Console.error(error.description)
                throw ExitCode(1)
            }
        }

        func execute() async throws {
            // A spec or data error must not leave an empty store behind: the session validates the
            // spec against its data before the store is opened (read-only first, to resume).
            let session: SweepSession
            if let resume {
                guard storeOptions.exists else {
                    throw CLIError("no sweep \(resume): there is no store at \(storeOptions.location)")
                }
                guard let sweep = try await storeOptions.open(readOnly: true).sweep(id: resume) else {
                    throw CLIError("no sweep \(resume) in \(storeOptions.location)")
                }
                session = try SweepSession.resume(sweep)
            } else if let spec {
                session = try SweepSession.load(specFile: spec)
            } else {
                return
            }
            let store = try await storeOptions.open()
            let (sweep, resumed) = try await session.open(
                in: store, provenance: .init(expVersion: ExpVersion.current, command: CommandLine.arguments.joined(separator: " ")))
            if !resumed {
                // Same name and spec, other data: say so, instead of starting a new sweep silently.
                for other in try await store.sweeps() where other.name == sweep.name && other.id != sweep.id {
                    guard let record = try await store.sweep(id: other.id), record.specHash == sweep.specHash,
                          record.datasetSHA256 != sweep.datasetSHA256 else { continue }
                    Console.note("""
                        note: sweep \(record.id) '\(record.name)' has this spec but other data (SHA-256 \(record.datasetSHA256)); \
                        \(session.dataset.source) now has SHA-256 \(sweep.datasetSHA256), so this is a new sweep \(sweep.id), not a resume of \(record.id)
                        """)
                }
            }
            let orphans = try await WorkerIdentity.releaseOrphans(in: store, sweepID: sweep.id)
            let before = try await store.counts(sweepID: sweep.id)
            // More workers than trials left would only sit idle (and each costs a thread).
            let workerCount = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, before.pending + before.running))
            let dataset = session.dataset
            Console.note("""
                sweep \(sweep.id) '\(sweep.name)'\(resumed ? " (resumed)" : ""): \(before.total) trials, \(before.done) done\
                \(orphans > 0 ? ", \(plural(orphans, "interrupted trial")) released" : "")
                  data \(dataset.source): \(dataset.rowCount) rows, \(dataset.featureCount) features, sha256 \(dataset.sha256.prefix(12))…
                  protocol: holdout \(session.spec.data.holdout), \(session.spec.cv.folds)-fold CV on \(session.data.developmentRows.count) rows, seed \(session.spec.seed); \(workerCount) worker\(workerCount == 1 ? "" : "s"); store \(store.location)
                """)

            let progress = SweepProgress(total: before.total, alreadyDone: before.done, metric: session.spec.metric,
                                         interactive: Console.stderrIsTerminal && format == .table)
            let resumeCommand = "exp sweep --resume \(sweep.id)" + (storeOptions.isDefault ? "" : " --store \(storeOptions.location)")
            let interrupt = InterruptHandler(store: store, sweepID: sweep.id, worker: WorkerIdentity.current,
                                             resumeCommand: resumeCommand)
            interrupt.install()
            let start = ContinuousClock.now
            try await session.run(sweep, queue: store, workers: workerCount, workerName: WorkerIdentity.current,
                                  lease: .seconds(lease)) { progress.record($0) }
            interrupt.uninstall()
            progress.finish()
            let elapsed = ContinuousClock.now - start

            let after = try await store.counts(sweepID: sweep.id)
            let best = try await store.trials(sweepID: sweep.id, sortBy: session.spec.metric.name, limit: 5, states: [.done])
            switch format {
            case .json:
                let report = SweepReport(sweep: sweep, counts: after, best: best,
                                         seconds: Double(elapsed.components.seconds))
                print(try report.json())
            case .table:
                if after.running > 0 || after.pending > 0 {
                    Console.note("\(after.running) trials are still running in other processes; \(after.pending) pending.")
                }
                if after.failed > 0 {
                    Console.note("\(after.failed) trials failed; `exp runs list --sweep \(sweep.id) --state failed` shows why.")
                }
                print("sweep \(sweep.id) '\(sweep.name)': \(after.done) of \(after.total) trials done in \(formatDuration(elapsed.seconds)). Best by \(session.spec.metric.name):")
                print(try RunsTable(trials: best, metric: session.spec.metric.name).render(.table), terminator: "")
            }
            // A sweep in which every trial failed has no result: exit non-zero with the first reason.
            if after.done == 0, after.failed > 0, after.running == 0, after.pending == 0 {
                let first = try await store.trials(sweepID: sweep.id, limit: 1, states: [.failed]).first
                Console.error("every trial of sweep \(sweep.id) failed; trial #\(first?.number ?? 0): \(first?.error ?? "no reason recorded")")
                throw ExitCode(1)
            }
        }
    }
}

/// Ctrl-C: release this process's claimed trials (they re-run with the same seed on resume), say
/// how to resume, and exit 130. The store's transactions keep every finished trial intact.
final class InterruptHandler: @unchecked Sendable {
    // Mutated only on `queue`.
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "exp.interrupt")
    let store: any ExperimentStore
    let sweepID: Int64
    let worker: String
    let resumeCommand: String

    init(store: any ExperimentStore, sweepID: Int64, worker: String, resumeCommand: String) {
        self.store = store
        self.sweepID = sweepID
        self.worker = worker
        self.resumeCommand = resumeCommand
    }

    func install() {
        queue.sync {
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler { [self] in self.interrupted(sig) }
                source.resume()
                sources.append(source)
            }
        }
    }

    func uninstall() {
        queue.sync {
            for source in sources { source.cancel() }
            sources = []
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
    }

    private func interrupted(_ sig: Int32) {
        // The handler runs on its own Dispatch queue, never on the cooperative pool, so it may wait
        // here for the releases (made in a task, through the store protocol) before it exits.
        let store = self.store, sweepID = self.sweepID, worker = self.worker
        let released = Locked(0)
        let finished = DispatchSemaphore(value: 0)
        Task {
            defer { finished.signal() }
            guard let running = try? await store.trials(sweepID: sweepID, states: [.running]) else { return }
            for trial in running where trial.worker?.hasPrefix(worker + "/") == true {
                if (try? await store.release(trialID: trial.id, worker: trial.worker ?? "", attempt: trial.attempt)) == true {
                    released.withValue { $0 += 1 }
                }
            }
        }
        _ = finished.wait(timeout: .now() + 10)
        let count = released.withValue { $0 }
        Console.note("\ninterrupted: finished trials are saved\(count > 0 ? ", \(plural(count, "in-flight trial")) released" : ""). Resume with: \(resumeCommand)")
        exit(130)
    }
}
