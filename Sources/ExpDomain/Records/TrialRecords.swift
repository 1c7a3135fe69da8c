/// The life cycle of a trial: `pending → running → done | failed`. A running trial whose lease
/// expired is claimed again (a new attempt); a failed trial returns to pending only through
/// ``ExperimentStore/resetFailedTrials(sweepID:now:)``.
public enum TrialState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case running
    case done
    case failed
}

/// A trial to materialise: one cell of the sweep grid.
public struct NewTrial: Sendable, Hashable {
    /// The position of the cell in the sweep (claims go in this order).
    public var number: Int
    /// A hash of the cell's parameters; a cell is inserted once per sweep.
    public var cellHash: String
    public var paramsJSON: String
    /// The trial seed (derived from the sweep seed and `number`), reused by every attempt.
    public var seed: UInt64

    public init(number: Int, cellHash: String, paramsJSON: String, seed: UInt64) {
        self.number = number
        self.cellHash = cellHash
        self.paramsJSON = paramsJSON
        self.seed = seed
    }
}

/// A trial that a worker now owns until ``leaseUntil``.
///
/// The worker proves ownership with `worker` and `attempt` when it renews the lease and when it
/// completes or fails the trial.
public struct ClaimedTrial: Sendable, Hashable {
    public var id: Int64
    public var sweepID: Int64
    public var number: Int
    public var cellHash: String
    public var paramsJSON: String
    public var seed: UInt64
    /// 1 for the first claim; higher when the trial is re-run after an interrupted attempt.
    public var attempt: Int
    public var worker: String
    /// Unix seconds.
    public var leaseUntil: Double

    package init(id: Int64, sweepID: Int64, number: Int, cellHash: String, paramsJSON: String, seed: UInt64, attempt: Int, worker: String, leaseUntil: Double) {
        self.id = id
        self.sweepID = sweepID
        self.number = number
        self.cellHash = cellHash
        self.paramsJSON = paramsJSON
        self.seed = seed
        self.attempt = attempt
        self.worker = worker
        self.leaseUntil = leaseUntil
    }
}

/// The mean and standard deviation of a metric over the folds of a trial.
public struct MetricSummary: Sendable, Hashable {
    public var mean: Double
    /// Population standard deviation (ddof = 0, like `numpy.std`).
    public var std: Double

    public init(mean: Double, std: Double) {
        self.mean = mean
        self.std = std
    }

    /// The summary of `values` in the given order: the sum runs left to right, so equal inputs
    /// give bitwise-equal results. `std` is the population standard deviation (ddof = 0,
    /// `numpy.std`'s default), 0 for one value; any NaN makes both NaN.
    public static func of(_ values: [Double]) -> MetricSummary {
        guard !values.isEmpty else { return MetricSummary(mean: .nan, std: .nan) }
        var sum = 0.0
        for value in values { sum += value }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for value in values {
            let deviation = value - mean
            squares += deviation * deviation
        }
        return MetricSummary(mean: mean, std: (squares / Double(values.count)).squareRoot())
    }
}

/// The result of one cross-validation fold.
public struct FoldOutcome: Sendable, Hashable {
    /// The fold index, from 0.
    public var fold: Int
    public var trainRows: Int
    public var testRows: Int
    /// Epochs trained.
    public var epochs: Int
    /// The epoch whose weights were kept (early stopping), if any.
    public var bestEpoch: Int?
    /// The metrics on the fold's test rows; NaN (undefined metric) is allowed.
    public var metrics: [String: Double]
    /// The per-epoch loss and validation curves, as JSON (stored verbatim).
    public var curvesJSON: String

    public init(
        fold: Int, trainRows: Int, testRows: Int, epochs: Int, bestEpoch: Int?, metrics: [String: Double],
        curvesJSON: String
    ) {
        self.fold = fold
        self.trainRows = trainRows
        self.testRows = testRows
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.metrics = metrics
        self.curvesJSON = curvesJSON
    }
}

/// What a worker reports when a trial finishes.
public struct TrialOutcome: Sendable, Hashable {
    public var trialID: Int64
    /// The claim's worker and attempt: the result is recorded only if they still own the trial.
    public var worker: String
    public var attempt: Int
    /// Every fold must report the same metric names.
    public var folds: [FoldOutcome]
    /// Out-of-fold predicted probabilities, in dataset row order.
    public var oofPredictions: [Double]
    public var durationSeconds: Double
    /// Trial-level metrics that are not a fold average (e.g. computed on the pooled out-of-fold
    /// predictions). Their names must differ from the fold metrics.
    public var extraMetrics: [String: MetricSummary]

    public init(
        trialID: Int64, worker: String, attempt: Int, folds: [FoldOutcome], oofPredictions: [Double],
        durationSeconds: Double, extraMetrics: [String: MetricSummary] = [:]
    ) {
        self.trialID = trialID
        self.worker = worker
        self.attempt = attempt
        self.folds = folds
        self.oofPredictions = oofPredictions
        self.durationSeconds = durationSeconds
        self.extraMetrics = extraMetrics
    }

    /// The stored summary of each fold metric: ``MetricSummary/of(_:)`` over the folds in
    /// ascending fold order.
    public static func summarize(_ folds: [FoldOutcome]) -> [String: MetricSummary] {
        let ordered = folds.sorted { $0.fold < $1.fold }
        var names = Set<String>()
        for fold in ordered { names.formUnion(fold.metrics.keys) }
        var summary: [String: MetricSummary] = [:]
        for name in names {
            summary[name] = MetricSummary.of(ordered.map { $0.metrics[name] ?? .nan })
        }
        return summary
    }
}

/// One line of `exp runs list`.
public struct TrialSummary: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var sweepID: Int64
    public var number: Int
    public var state: TrialState
    public var paramsJSON: String
    public var seed: UInt64
    /// How many times the trial was claimed.
    public var attempt: Int
    /// The worker of the latest claim.
    public var worker: String?
    /// Unix seconds; set while running.
    public var leaseUntil: Double?
    public var startedAt: Double?
    public var finishedAt: Double?
    public var durationSeconds: Double?
    /// The error of a failed trial.
    public var error: String?
    /// Summary metrics of a finished trial (NaN mean: the metric was undefined).
    public var metrics: [String: MetricSummary]

    package init(id: Int64, sweepID: Int64, number: Int, state: TrialState, paramsJSON: String, seed: UInt64, attempt: Int, worker: String? = nil, leaseUntil: Double? = nil, startedAt: Double? = nil, finishedAt: Double? = nil, durationSeconds: Double? = nil, error: String? = nil, metrics: [String: MetricSummary]) {
        self.id = id
        self.sweepID = sweepID
        self.number = number
        self.state = state
        self.paramsJSON = paramsJSON
        self.seed = seed
        self.attempt = attempt
        self.worker = worker
        self.leaseUntil = leaseUntil
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationSeconds = durationSeconds
        self.error = error
        self.metrics = metrics
    }
}

/// One entry of the audit log.
public struct StoreEvent: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var sweepID: Int64?
    public var trialID: Int64?
    /// `sweep_created`, `sweep_resumed`, `trials_inserted`, `claimed`, `reclaimed`, `completed`,
    /// `failed`, `released`, `reset`.
    public var kind: String
    public var worker: String?
    /// Unix seconds.
    public var at: Double
    public var detail: String?

    package init(id: Int64, sweepID: Int64? = nil, trialID: Int64? = nil, kind: String, worker: String? = nil, at: Double, detail: String? = nil) {
        self.id = id
        self.sweepID = sweepID
        self.trialID = trialID
        self.kind = kind
        self.worker = worker
        self.at = at
        self.detail = detail
    }
}

/// Everything about one trial, for `exp runs show` and `exp runs compare`.
public struct TrialDetail: Sendable, Hashable {
    public var summary: TrialSummary
    public var cellHash: String
    /// The folds in ascending order, with per-fold metrics and curves.
    public var folds: [FoldOutcome]
    /// The sweep, with its provenance (dataset, spec and fold hashes, exp version, environment).
    public var sweep: SweepRecord
    /// The out-of-fold predictions, if the trial finished.
    public var oofPredictions: [Double]?
    /// The trial's audit log, oldest first.
    public var events: [StoreEvent]

    package init(summary: TrialSummary, cellHash: String, folds: [FoldOutcome], sweep: SweepRecord, oofPredictions: [Double]? = nil, events: [StoreEvent]) {
        self.summary = summary
        self.cellHash = cellHash
        self.folds = folds
        self.sweep = sweep
        self.oofPredictions = oofPredictions
        self.events = events
    }
}
