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

        @Option(help: "Continue the sweep with this ID, using the spec stored with it.")
        var resume: Int64?

        @Option(help: "Concurrent trials in this process (default: the number of cores).")
        var workers: Int?

        @Option(help: "Output: table or json.")
        var format: ReportFormat = .table

        @Option(help: "Seconds a claimed trial stays reserved without a heartbeat.")
        var lease: Double = 60

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if (spec == nil) == (resume == nil) {
                throw ValidationError("give either a spec file or --resume ID")
            }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
            if !(lease > 0) { throw ValidationError("--lease must be positive") }
        }

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
            // A spec or data error must not leave an empty store behind: open it first only to resume.
            var resumeStore: ExperimentStore?
            let stored = try resume.map { id -> StoredSpec in
                // Look the sweep up read-only, so a wrong --store or ID creates nothing.
                guard FileManager.default.fileExists(atPath: storeOptions.path) else {
                    throw CLIError("no sweep \(id): there is no store at \(storeOptions.path)")
                }
                guard let sweep = try storeOptions.open(readOnly: true).sweep(id: id) else {
                    throw CLIError("no sweep \(id) in \(storeOptions.path)")
                }
                resumeStore = try storeOptions.open()
                return try StoredSpec.decode(sweep.specJSON)
            }
            let sweepSpec: SweepSpec
            let yaml: String
            let specPath: String
            if let stored {
                yaml = stored.yaml
                specPath = stored.path
                sweepSpec = try SweepSpec.parse(yaml: yaml, file: stored.path, baseDirectory: stored.baseDirectory)
            } else if let spec {
                specPath = spec
                guard let bytes = FileManager.default.contents(atPath: spec) else {
                    throw SpecError(file: spec, keyPath: "", message: "cannot read the spec file")
                }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw SpecError(file: spec, keyPath: "", message: "the spec file is not valid UTF-8")
                }
                yaml = text
                sweepSpec = try SweepSpec.load(contentsOf: spec)
            } else {
                return
            }

            let dataset = try DataLoader.load(
                sweepSpec.data.path,
                options: DataLoader.Options(labelColumn: sweepSpec.data.label, positiveClass: sweepSpec.data.positive))
            let data: ExperimentData
            do {
                data = try ExperimentData(dataset: dataset, holdout: sweepSpec.data.holdout,
                                          folds: sweepSpec.cv.folds, seed: sweepSpec.seed)
            } catch RunnerError.protocolNotSupported(let message) {
                // Too few minority rows for the folds (or the holdout): name the spec key and line.
                let key = message.contains("'data.holdout'") ? "data.holdout" : "cv.folds"
                let location = sweepSpec.source.location(of: key)
                throw SpecError(file: sweepSpec.source.file, line: location?.line, column: location?.column, keyPath: key,
                                message: "the data cannot support this protocol: \(message)")
            }
            let minority = min(data.developmentRows.filter { dataset.labels[$0] == 1 }.count,
                               data.developmentRows.filter { dataset.labels[$0] == 0 }.count)
            try sweepSpec.validate(featureCount: dataset.featureCount, minorityCount: minority)
            let planned = try sweepSpec.materializeTrials()
            let store = try resumeStore ?? storeOptions.open()

            let kernels = Set(planned.map(\.parameters.kernel.rawValue)).sorted().joined(separator: ",")
            let dtypes = Set(planned.map(\.parameters.dtype.rawValue)).sorted().joined(separator: ",")
            let (sweep, resumed) = try store.createOrResumeSweep(NewSweep(
                name: sweepSpec.name, specHash: sweepSpec.specHash,
                specJSON: try StoredSpec(path: specPath,
                                         baseDirectory: URL(fileURLWithPath: specPath).deletingLastPathComponent().path,
                                         yaml: yaml,
                                         canonical: sweepSpec.canonicalJSON).encoded(),
                datasetSHA256: dataset.sha256, datasetDescription: dataset.source, foldHash: data.foldHash,
                seed: sweepSpec.seed, metric: sweepSpec.metric.name,
                metricGoal: sweepSpec.metric.direction == .higherIsBetter ? .max : .min,
                expVersion: ExpVersion.current,
                environment: .current(kernelMode: kernels, floatType: dtypes),
                command: CommandLine.arguments.joined(separator: " ")))
            try store.insertTrials(sweepID: sweep.id, planned.map {
                NewTrial(number: $0.number, cellHash: $0.cellHash, paramsJSON: $0.parameters.canonicalJSON, seed: $0.seed)
            })
            let orphans = try WorkerIdentity.releaseOrphans(in: store, sweepID: sweep.id)
            let before = try store.counts(sweepID: sweep.id)
            let workerCount = workers ?? ProcessInfo.processInfo.activeProcessorCount
            Console.note("""
                sweep \(sweep.id) '\(sweep.name)'\(resumed ? " (resumed)" : ""): \(before.total) trials, \(before.done) done\
                \(orphans > 0 ? ", \(plural(orphans, "interrupted trial")) released" : "")
                  data \(dataset.source): \(dataset.rowCount) rows, \(dataset.featureCount) features, sha256 \(dataset.sha256.prefix(12))…
                  protocol: holdout \(sweepSpec.data.holdout), \(sweepSpec.cv.folds)-fold CV on \(data.developmentRows.count) rows, seed \(sweepSpec.seed); \(workerCount) worker\(workerCount == 1 ? "" : "s"); store \(store.path)
                """)

            let queue = StoreTrialQueue(store: store, sweepID: sweep.id, lease: lease)
            let executor = SweepExecutor(
                evaluator: TrialEvaluator(cache: PreparedFoldCache(data: data, seed: sweepSpec.seed)),
                queue: queue, workers: workerCount, workerName: WorkerIdentity.current,
                threshold: sweepSpec.threshold, heartbeat: .seconds(max(1, lease / 4)))
            let progress = SweepProgress(total: before.total, alreadyDone: before.done, metric: sweepSpec.metric,
                                         interactive: Console.stderrIsTerminal && format == .table)
            let resumeCommand = "exp sweep --resume \(sweep.id)" + (storeOptions.path == StoreOptions.defaultPath ? "" : " --store \(storeOptions.path)")
            let interrupt = InterruptHandler(store: store, sweepID: sweep.id, worker: WorkerIdentity.current,
                                             resumeCommand: resumeCommand)
            interrupt.install()
            let start = ContinuousClock.now
            try await executor.run { progress.record($0) }
            interrupt.uninstall()
            progress.finish()
            let elapsed = ContinuousClock.now - start

            let after = try store.counts(sweepID: sweep.id)
            let best = try store.trials(sweepID: sweep.id, sortBy: sweepSpec.metric.name, limit: 5, states: [.done])
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
                print("sweep \(sweep.id) '\(sweep.name)': \(after.done) of \(after.total) trials done in \(formatDuration(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)). Best by \(sweepSpec.metric.name):")
                print(RunsTable(trials: best, metric: sweepSpec.metric.name).render(.table), terminator: "")
            }
            // A sweep in which every trial failed has no result: exit non-zero with the first reason.
            if after.done == 0, after.failed > 0, after.running == 0, after.pending == 0 {
                let first = try store.trials(sweepID: sweep.id, limit: 1, states: [.failed]).first
                Console.error("every trial of sweep \(sweep.id) failed; trial #\(first?.number ?? 0): \(first?.error ?? "no reason recorded")")
                throw ExitCode(1)
            }
        }
    }
}

/// The spec as stored with its sweep, so `--resume ID` needs no file.
struct StoredSpec: Codable {
    var path: String
    var baseDirectory: String?
    var yaml: String
    var canonical: String

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> StoredSpec {
        try JSONDecoder().decode(StoredSpec.self, from: Data(json.utf8))
    }
}

/// Ctrl-C: release this process's claimed trials (they re-run with the same seed on resume), say
/// how to resume, and exit 130. The store's transactions keep every finished trial intact.
final class InterruptHandler: @unchecked Sendable {
    // Mutated only on `queue`.
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "exp.interrupt")
    let store: ExperimentStore
    let sweepID: Int64
    let worker: String
    let resumeCommand: String

    init(store: ExperimentStore, sweepID: Int64, worker: String, resumeCommand: String) {
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
        var released = 0
        if let running = try? store.trials(sweepID: sweepID, states: [.running]) {
            for trial in running where trial.worker?.hasPrefix(worker + "/") == true {
                if (try? store.releaseTrial(trialID: trial.id, worker: trial.worker ?? "", attempt: trial.attempt)) == true {
                    released += 1
                }
            }
        }
        Console.note("\ninterrupted: finished trials are saved\(released > 0 ? ", \(plural(released, "in-flight trial")) released" : ""). Resume with: \(resumeCommand)")
        exit(130)
    }
}
