import ExpCore
import ExpData
import ExpDomain
import Foundation

/// One `exp sweep`, out of the command's body: the spec, its data and its planned trials, then
/// the sweep created (or found again) in a store and its trials run by this process's workers.
///
/// ```swift
/// let session = try SweepSession.load(specFile: "experiments/quickstart.yaml")
/// let opened = try await session.open(in: store, provenance: provenance)
/// let finished = try await session.run(opened.sweep, queue: store, workers: 2, workerName: "host:42")
/// ```
///
/// Nothing is written to the store before the spec and the data have been validated, so a spec
/// or data error leaves no empty sweep behind. The session only sees the store protocols, so the
/// tests drive it in process over an in-memory store.
public struct SweepSession: Sendable {
    public let spec: SweepSpec
    /// The spec as it is stored with the sweep (so `--resume` needs no file).
    public let storedSpec: StoredSpec
    public let dataset: Dataset
    public let data: ExperimentData
    public let trials: [PlannedTrial]

    /// What the store records of where and how the sweep ran.
    public struct Provenance: Sendable {
        public var expVersion: String
        public var command: String

        public init(expVersion: String, command: String) {
            self.expVersion = expVersion
            self.command = command
        }
    }

    /// Validates the spec against its data and plans its trials.
    ///
    /// - Throws: ``SpecError`` (naming the key and line) when the data cannot support the spec's
    ///   protocol or values; `DataError` when the data cannot be read.
    public init(spec: SweepSpec, storedSpec: StoredSpec) throws {
        let dataset = try DataLoader.load(
            spec.data.path, options: DataLoader.Options(labelColumn: spec.data.label, positiveClass: spec.data.positive))
        try self.init(spec: spec, storedSpec: storedSpec, dataset: dataset)
    }

    /// Validates the spec against an already loaded `dataset` and plans its trials.
    public init(spec: SweepSpec, storedSpec: StoredSpec, dataset: Dataset) throws {
        let data: ExperimentData
        do {
            data = try ExperimentData(dataset: dataset, holdout: spec.data.holdout, folds: spec.cv.folds, seed: spec.seed)
        } catch let RunnerError.protocolNotSupported(key, message) {
            // Too few minority rows for the folds (or the holdout): name the spec key and line.
            let location = spec.source.location(of: key)
            throw SpecError(file: spec.source.file, line: location?.line, column: location?.column, keyPath: key,
                            message: "the data cannot support this protocol: \(message)")
        }
        let labels = dataset.labels
        let positives = data.developmentRows.reduce(0) { $0 + labels[$1] }
        let minority = min(positives, data.developmentRows.count - positives)
        try spec.validate(featureCount: dataset.featureCount, minorityCount: minority)
        self.spec = spec
        self.storedSpec = storedSpec
        self.dataset = dataset
        self.data = data
        self.trials = try spec.materializeTrials()
        // Refused here, before any store write: a trial whose allocation fails would abort the
        // process and leave the trial `running` until its lease runs out.
        let limit = Self.memoryLimit()
        try spec.validateMemory(of: trials, rows: data.developmentRows.count, featureCount: dataset.featureCount,
                                limit: limit.bytes, limitReason: limit.reason)
    }

    /// The most memory one trial may need on this machine: ``SweepSpec/maximumTrialBytes``,
    /// lowered to the physical memory, and to half the address-space limit (`ulimit -v`, which
    /// also has to hold the program, its threads' stacks and the allocator's arenas).
    public static func memoryLimit() -> (bytes: Double, reason: String) {
        var limit = (bytes: SweepSpec.maximumTrialBytes, reason: "exp's limit per trial")
        let physical = Double(ProcessInfo.processInfo.physicalMemory)
        if physical > 0, physical < limit.bytes {
            limit = (physical, "the physical memory of this machine")
        }
        var rlim = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &rlim) == 0, rlim.rlim_cur != rlim_t.max {
            let half = Double(rlim.rlim_cur) / 2
            if half < limit.bytes {
                limit = (half, "half the address-space limit (ulimit -v \(rlim.rlim_cur / 1024))")
            }
        }
        return limit
    }

    /// A session for the spec file at `path`.
    public static func load(specFile path: String) throws -> SweepSession {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, keyPath: "", message: "cannot read the spec file")
        }
        guard let yaml = String(validating: bytes, as: UTF8.self) else {
            throw SpecError(file: path, keyPath: "", message: "the spec file is not valid UTF-8")
        }
        let spec = try SweepSpec.parse(yaml: yaml, file: path, baseDirectory: SpecPath.directory(of: path))
        // Stored absolute, so `--resume` resolves relative data paths from any working directory.
        let absoluteDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try SweepSession(
            spec: spec, storedSpec: StoredSpec(path: path, baseDirectory: absoluteDirectory, yaml: yaml,
                                               canonical: spec.canonicalJSON))
    }

    /// A session that continues `sweep` with the spec stored with it. The data must be the data
    /// the sweep recorded (its SHA-256), read from the stored path or from `dataOverride`.
    ///
    /// - Throws: ``RunnerError/dataChanged(sweep:source:recorded:found:)`` naming both SHA-256
    ///   values when the file changed; ``RunnerError/dataUnavailable(sweep:source:reason:)``
    ///   when it cannot be read; `DomainError` when the stored spec is damaged.
    public static func resume(_ sweep: SweepRecord, dataOverride: String? = nil) throws -> SweepSession {
        let stored = try sweep.storedSpec()
        let spec = try SweepSpec.parse(yaml: stored.yaml, file: stored.path, baseDirectory: stored.baseDirectory)
        let source = dataOverride ?? spec.data.path
        let dataset: Dataset
        do {
            dataset = try DataLoader.load(
                source, options: DataLoader.Options(labelColumn: spec.data.label, positiveClass: spec.data.positive))
        } catch let error as DataError {
            throw RunnerError.dataUnavailable(sweep: sweep.recordName, source: source, reason: error.description)
        }
        guard dataset.sha256 == sweep.datasetSHA256 else {
            throw RunnerError.dataChanged(sweep: sweep.recordName, source: dataset.source,
                                          recorded: sweep.datasetSHA256, found: dataset.sha256)
        }
        return try SweepSession(spec: spec, storedSpec: stored, dataset: dataset)
    }

    /// The sweep as the store records it.
    public func newSweep(_ provenance: Provenance) throws -> NewSweep {
        let kernels = Set(trials.map(\.parameters.kernel.rawValue)).sorted().joined(separator: ",")
        let dtypes = Set(trials.map(\.parameters.dtype.rawValue)).sorted().joined(separator: ",")
        return NewSweep(
            name: spec.name, specHash: spec.specHash, specJSON: try storedSpec.encoded(),
            datasetSHA256: dataset.sha256, datasetDescription: dataset.source, foldHash: data.foldHash,
            seed: spec.seed, metric: spec.metric.name, metricGoal: MetricGoal(spec.metric.direction),
            expVersion: provenance.expVersion, environment: .current(kernelMode: kernels, floatType: dtypes),
            command: provenance.command)
    }

    /// Creates the sweep in `store` (or finds it again: same name, spec and data) and adds the
    /// trials it does not hold yet.
    public func open(in store: any SweepStore, provenance: Provenance) async throws -> (sweep: SweepRecord, resumed: Bool) {
        let (sweep, resumed) = try await store.createOrResumeSweep(try newSweep(provenance))
        guard sweep.foldHash == data.foldHash else {
            throw RunnerError.protocolNotSupported(
                key: "cv.folds", message: "the fold assignment of \(sweep.recordName) cannot be reproduced (fold hash differs)")
        }
        try await store.insertTrials(sweepID: sweep.id, trials.map {
            NewTrial(number: $0.number, cellHash: $0.cellHash, paramsJSON: $0.parameters.canonicalJSON, seed: $0.seed)
        })
        return (sweep, resumed)
    }

    /// Runs the sweep's trials with `workers` workers of this process until none is left to
    /// claim; returns how many this process finished.
    public func run(_ sweep: SweepRecord, queue: any TrialQueue, workers: Int, workerName: String,
                    lease: Duration = .seconds(60), cache: PreparedFoldCache? = nil,
                    onEvent: @escaping @Sendable (SweepExecutor.Event) -> Void = { _ in }) async throws -> Int {
        let executor = SweepExecutor(
            evaluator: TrialEvaluator(cache: cache ?? PreparedFoldCache(data: data, seed: spec.seed)),
            queue: queue, sweepID: sweep.id, workers: workers, workerName: workerName,
            threshold: spec.threshold, lease: lease)
        return try await executor.run(onEvent: onEvent)
    }
}
