import ExpCore
import ExpData

/// The model-experiments report of one sweep (`exp report sweep ID`), built from plain values
/// that the caller maps from the experiment store: the leaderboard, the marginal effect of each
/// swept parameter, the per-fold spread of the top trials, learning curves, out-of-fold ROC and
/// precision–recall curves with the confusion matrix and a threshold table, the time spent, a
/// reproducibility block, the protocol as the sweep's settings describe it (``pipeline``) and, when
/// measured, the leak on the sweep's own data (``leakage``). Every figure comes from these values.
///
/// Trials need ``Trial/folds`` only where the report draws them (the top trials); the best
/// trial needs ``Trial/outOfFoldPredictions`` and the sweep ``outOfFoldLabels`` for the curves.
public struct SweepExperimentReport: Sendable {
    /// One cross-validation fold of a trial.
    public struct Fold: Sendable, Hashable {
        public var index: Int
        public var trainRows: Int
        /// Training rows after the fold's resampling, if known.
        public var resampledRows: Int?
        public var testRows: Int
        public var epochs: Int
        /// The epoch whose weights were kept (1-based).
        public var bestEpoch: Int?
        /// The fold's metrics on its test rows.
        public var metrics: [String: Double]
        /// Training loss per epoch.
        public var loss: [Double]
        /// The early-stopping score per epoch (empty without early stopping).
        public var validationScore: [Double]
        /// Column indices kept by SelectKBest in this fold.
        public var selectedFeatures: [Int]

        public init(index: Int, trainRows: Int, resampledRows: Int? = nil, testRows: Int, epochs: Int,
                    bestEpoch: Int? = nil, metrics: [String: Double], loss: [Double] = [],
                    validationScore: [Double] = [], selectedFeatures: [Int] = []) {
            self.index = index
            self.trainRows = trainRows
            self.resampledRows = resampledRows
            self.testRows = testRows
            self.epochs = epochs
            self.bestEpoch = bestEpoch
            self.metrics = metrics
            self.loss = loss
            self.validationScore = validationScore
            self.selectedFeatures = selectedFeatures
        }
    }

    /// One trial of the sweep.
    public struct Trial: Sendable, Hashable {
        public var id: Int64
        /// The trial's position in the sweep.
        public var number: Int
        /// `done`, `failed`, `pending` or `running`; only `done` trials are ranked.
        public var state: String
        public var seed: UInt64
        /// Every parameter of the trial, by name (display values).
        public var parameters: [ReportParameter]
        /// Mean and std over the folds, by metric name.
        public var metrics: [String: MetricSummaryValue]
        public var durationSeconds: Double?
        /// Unix seconds, as stored.
        public var startedAt: Double?
        public var finishedAt: Double?
        /// The error of a failed trial.
        public var error: String?
        /// The folds, in order (empty when not loaded).
        public var folds: [Fold]
        /// Out-of-fold probabilities, parallel to ``SweepExperimentReport/outOfFoldLabels``.
        public var outOfFoldPredictions: [Double]?

        public init(id: Int64, number: Int, state: String, seed: UInt64, parameters: [ReportParameter],
                    metrics: [String: MetricSummaryValue], durationSeconds: Double? = nil, startedAt: Double? = nil,
                    finishedAt: Double? = nil, error: String? = nil, folds: [Fold] = [],
                    outOfFoldPredictions: [Double]? = nil) {
            self.id = id
            self.number = number
            self.state = state
            self.seed = seed
            self.parameters = parameters
            self.metrics = metrics
            self.durationSeconds = durationSeconds
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.error = error
            self.folds = folds
            self.outOfFoldPredictions = outOfFoldPredictions
        }

        public func parameter(_ name: String) -> String? {
            parameters.first { $0.name == name }?.value
        }
    }

    /// Where the sweep's results came from: enough to reproduce them.
    public struct Provenance: Sendable, Hashable {
        /// The command line that created the sweep.
        public var command: String
        public var seed: UInt64
        public var specHash: String
        public var datasetDescription: String
        public var datasetSHA256: String
        public var foldHash: String
        public var expVersion: String
        /// Environment fields (`swift`, `architecture`, …), in display order.
        public var environment: [ReportParameter]
        /// When the sweep was created (Unix seconds, as stored).
        public var createdAt: Double?

        public init(command: String, seed: UInt64, specHash: String, datasetDescription: String, datasetSHA256: String,
                    foldHash: String, expVersion: String, environment: [ReportParameter], createdAt: Double? = nil) {
            self.command = command
            self.seed = seed
            self.specHash = specHash
            self.datasetDescription = datasetDescription
            self.datasetSHA256 = datasetSHA256
            self.foldHash = foldHash
            self.expVersion = expVersion
            self.environment = environment
            self.createdAt = createdAt
        }
    }

    public struct Options: Sendable, Hashable {
        public var fileName: String
        /// Rows of the leaderboard.
        public var leaderboardSize: Int
        /// Trials in the per-fold spread chart.
        public var spreadTrials: Int
        /// Trials whose learning curves are drawn.
        public var curveTrials: Int
        /// Who made the report, e.g. `exp 0.1.0`.
        public var generatedBy: String?

        public init(fileName: String = "model_experiments.md", leaderboardSize: Int = 20, spreadTrials: Int = 10,
                    curveTrials: Int = 3, generatedBy: String? = nil) {
            self.fileName = fileName
            self.leaderboardSize = max(1, leaderboardSize)
            self.spreadTrials = max(1, spreadTrials)
            self.curveTrials = max(0, curveTrials)
            self.generatedBy = generatedBy
        }
    }

    public var id: Int64
    public var name: String
    /// The ranking metric and its direction.
    public var metric: String
    public var higherIsBetter: Bool
    /// The decision threshold of the threshold metrics.
    public var threshold: Double
    /// Cross-validation folds and the held-out fraction.
    public var folds: Int
    public var holdout: Double
    /// Rows used by cross-validation and held out, if known.
    public var developmentRows: Int?
    public var holdoutRows: Int?
    /// The searched parameter names, in the spec's order (empty: those that vary between trials).
    public var searchedParameters: [String]
    public var trials: [Trial]
    /// The labels of the development rows, parallel to the trials' out-of-fold predictions.
    public var outOfFoldLabels: [Int]?
    /// The data set's feature names, to name the selected features.
    public var featureNames: [String]?
    public var classNames: LabelEncoding?
    /// What each training fold's pipeline does, from the spec and the data; nil states only that
    /// every step is fitted on the training folds.
    public var pipeline: Pipeline?
    /// The leak measured on the sweep's data (`exp report sweep --leakage`); nil to leave it out.
    public var leakage: Leakage?
    public var provenance: Provenance
    public var options: Options

    public init(id: Int64, name: String, metric: String, higherIsBetter: Bool, threshold: Double, folds: Int,
                holdout: Double, developmentRows: Int? = nil, holdoutRows: Int? = nil, searchedParameters: [String],
                trials: [Trial], outOfFoldLabels: [Int]? = nil, featureNames: [String]? = nil,
                classNames: LabelEncoding? = nil, pipeline: Pipeline? = nil, leakage: Leakage? = nil,
                provenance: Provenance, options: Options = Options()) {
        self.id = id
        self.name = name
        self.metric = metric
        self.higherIsBetter = higherIsBetter
        self.threshold = threshold
        self.folds = folds
        self.holdout = holdout
        self.developmentRows = developmentRows
        self.holdoutRows = holdoutRows
        self.searchedParameters = searchedParameters
        self.trials = trials
        self.outOfFoldLabels = outOfFoldLabels
        self.featureNames = featureNames
        self.classNames = classNames
        self.pipeline = pipeline
        self.leakage = leakage
        self.provenance = provenance
        self.options = options
    }

    /// The finished trials, best first by the ranking metric's mean (NaN last, ties by trial id).
    public var ranked: [Trial] {
        let done = trials.filter { $0.state == "done" }
        func value(_ t: Trial) -> Double? {
            guard let v = t.metrics[metric]?.mean, !v.isNaN else { return nil }
            return v
        }
        return done.sorted { a, b in
            switch (value(a), value(b)) {
            case let (x?, y?) where x != y: return higherIsBetter ? x > y : x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.id < b.id
            }
        }
    }

    /// The parameters the report analyses: ``searchedParameters``, else those whose values differ.
    public var sweptParameters: [String] {
        if !searchedParameters.isEmpty { return searchedParameters }
        var names: [String] = []
        for t in trials {
            for p in t.parameters where !names.contains(p.name) { names.append(p.name) }
        }
        return names.filter { name in Set(trials.map { $0.parameter(name) ?? "" }).count > 1 }
    }

    /// The marginal effect of `parameter`: for each of its values (in value order), the ranking
    /// metric's mean over the finished trials with that value, the std across those trials
    /// (ddof = 0), their count, and the best of them.
    public func marginalEffect(of parameter: String) -> [(value: String, trials: Int, mean: Double, std: Double, best: Double)] {
        let done = ranked
        let values = Set(done.compactMap { $0.parameter(parameter) }).sorted(by: ReportParameter.valueOrder)
        return values.map { value in
            let scores = done.filter { $0.parameter(parameter) == value }.compactMap { $0.metrics[metric]?.mean }.filter { !$0.isNaN }
            let best = higherIsBetter ? (scores.max() ?? .nan) : (scores.min() ?? .nan)
            return (value, scores.count, Statistics.mean(scores), Statistics.standardDeviation(scores, ddof: 0), best)
        }
    }

    func label(_ t: Trial) -> String { "trial \(t.id) (#\(t.number))" }

    /// The command that regenerates this report.
    var reportCommand: String { "exp report sweep \(id)" + (leakage == nil ? "" : " --leakage") }
}
