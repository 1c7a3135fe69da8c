import ExpCore
import ExpData
import ExpDomain

/// Cross-validates one trial: for every fold, the shared preprocessing from the cache, then an MLP
/// trained on the fold's training part and scored on its test part.
///
/// The MLP's generator is derived from `(trial seed, fold)`, so a trial's results depend only on
/// the data, the sweep seed and the trial's parameters: not on the worker, the process or the
/// order in which trials finish.
public struct TrialEvaluator: Sendable {
    public let cache: PreparedFoldCache

    public init(cache: PreparedFoldCache) { self.cache = cache }

    /// Cross-validates `settings` with the trial's `seed`.
    ///
    /// - Parameter executor: where preprocessing that no other trial has started yet runs (the
    ///   worker's own thread, see ``ComputeThreads``).
    /// - Throws: ``RunnerError`` when a fold's pipeline fails; `CancellationError` when the task
    ///   is cancelled (checked between folds and before every epoch).
    public func evaluate(_ settings: PipelineSettings, seed: UInt64, on executor: (any TaskExecutor)? = nil)
        async throws -> TrialEvaluation
    {
        let clock = ContinuousClock()
        let start = clock.now
        let data = cache.data
        var folds: [FoldEvaluation] = []
        var oof = [Double](repeating: .nan, count: data.developmentRows.count)
        for fold in 0..<data.folds.foldCount {
            try Task.checkCancellation()
            let prepared = try await cache.prepared(settings.preprocessingKey(fold: fold), on: executor)
            let (evaluation, probabilities) = try Self.evaluate(prepared, settings: settings, seed: seed, fold: fold)
            for (row, p) in zip(prepared.testRows, probabilities) {
                if let i = data.developmentPosition[row] { oof[i] = p }
            }
            folds.append(evaluation)
        }
        let elapsed = clock.now - start
        return TrialEvaluation(folds: folds, outOfFoldPredictions: oof,
                               durationSeconds: elapsed.seconds)
    }

    /// Trains the fold's MLP on the prepared training rows and scores the test rows: the one
    /// per-fold step of a trial, shared with ``LeakageProbe`` so its leak-free run is the sweep's.
    /// - Returns: the fold's result and the test rows' probabilities, in `prepared.testRows` order.
    static func evaluate(_ prepared: PreparedFold, settings: PipelineSettings, seed: UInt64,
                         fold: Int) throws -> (FoldEvaluation, [Double]) {
        let fitted = try fit(prepared.trainFeatures, labels: prepared.trainLabels, scoring: prepared.testFeatures,
                             settings: settings, seed: seed, fold: fold)
        let metrics = try score(labels: prepared.testLabels, probabilities: fitted.probabilities, settings: settings,
                                fold: fold)
        let evaluation = FoldEvaluation(
            fold: fold, trainRows: prepared.trainRowCount, resampledRows: prepared.trainLabels.count,
            testRows: prepared.testRows.count, epochs: fitted.epochs, bestEpoch: fitted.bestEpoch,
            converged: fitted.converged, metrics: metrics, lossCurve: fitted.lossCurve,
            validationScores: fitted.validationScores, validationLogLoss: fitted.validationLogLoss,
            selectedFeatures: prepared.selection.selectedIndices)
        return (evaluation, fitted.probabilities)
    }

    /// Every metric of a fold's test probabilities at the settings' threshold.
    static func score(labels: [Int], probabilities: [Double], settings: PipelineSettings, fold: Int) throws -> MetricSet {
        do {
            return try BinaryMetrics.evaluate(labels: labels, scores: probabilities, threshold: settings.threshold)
        } catch let error as ExpCoreError {
            throw RunnerError.trialFailed(fold: fold, stage: "score", message: error.description)
        }
    }

    struct Fitted {
        var probabilities: [Double]
        var epochs: Int, bestEpoch: Int, converged: Bool
        var lossCurve: [Double], validationScores: [Double], validationLogLoss: [Double]
    }

    /// Fits the MLP on `train` (scaled, resampled) and returns its probabilities for `test`. The
    /// generator is derived from `(seed, fold)`, so a fold's model depends only on the trial seed.
    static func fit(_ train: Matrix<Double>, labels: [Int], scoring test: Matrix<Double>, settings: PipelineSettings,
                    seed: UInt64, fold: Int) throws -> Fitted {
        var generator = SeededGenerator(seed: seed, stream: [ExperimentData.Stream.model.rawValue, UInt64(fold)])
        do {
            switch settings.dtype {
            case .float64:
                return try fit(Double.self, train, labels, test, settings, &generator)
            case .float32:
                return try fit(Float.self, train, labels, test, settings, &generator)
            }
        } catch ExpCoreError.interrupted {
            throw CancellationError()
        } catch let error as ExpCoreError {
            throw RunnerError.trialFailed(fold: fold, stage: "fit", message: error.description)
        }
    }

    static func fit<S: KernelScalar>(_: S.Type, _ train: Matrix<Double>, _ labels: [Int], _ test: Matrix<Double>,
                                     _ settings: PipelineSettings, _ generator: inout SeededGenerator) throws -> Fitted {
        let model = try MLPClassifier<S>.fit(train.converted(to: S.self), labels: labels,
                                             configuration: settings.model, generator: &generator,
                                             shouldStop: { Task.isCancelled })
        let p = model.predictProbabilities(test.converted(to: S.self)).map { Double($0) }
        return Fitted(probabilities: p, epochs: model.epochs, bestEpoch: model.bestEpoch, converged: model.converged,
                      lossCurve: model.lossCurve, validationScores: model.validationScores,
                      validationLogLoss: model.validationLogLoss)
    }
}

/// One fold's result within a trial.
public struct FoldEvaluation: Sendable, Equatable, Codable {
    public var fold: Int
    /// Training rows before and after resampling, and test rows.
    public var trainRows: Int, resampledRows: Int, testRows: Int
    public var epochs: Int, bestEpoch: Int
    public var converged: Bool
    public var metrics: MetricSet
    public var lossCurve: [Double]
    public var validationScores: [Double]
    public var validationLogLoss: [Double]
    /// Raw column indices kept by SelectKBest in this fold.
    public var selectedFeatures: [Int]
}

/// A cross-validated trial.
public struct TrialEvaluation: Sendable, Equatable {
    public var folds: [FoldEvaluation]
    /// Out-of-fold probabilities, parallel to ``ExperimentData/developmentRows``.
    public var outOfFoldPredictions: [Double]
    /// Wall time; informative only, never part of a comparison.
    public var durationSeconds: Double

    /// Mean and population standard deviation (ddof = 0, numpy's default) of each metric over
    /// folds, summed in fold order. NaN folds make the summary NaN.
    public var summary: [(name: String, mean: Double, std: Double)] { FoldEvaluation.summary(of: folds) }

    /// The result as the store records it: per-fold metrics and curves, and the out-of-fold
    /// predictions.
    public func result() throws -> TrialResult {
        let folds = try folds.map { fold in
            FoldOutcome(
                fold: fold.fold, trainRows: fold.trainRows, testRows: fold.testRows, epochs: fold.epochs,
                bestEpoch: fold.bestEpoch,
                metrics: Dictionary(uniqueKeysWithValues: zip(fold.metrics.names, fold.metrics.values)),
                curvesJSON: try fold.curves.json())
        }
        return TrialResult(folds: folds, oofPredictions: outOfFoldPredictions, durationSeconds: durationSeconds)
    }
}

extension FoldEvaluation {
    /// Mean and population standard deviation (ddof = 0) of each metric over `folds`, summed in
    /// fold order: the summary a trial stores (``MetricSummary/of(_:)``, the one implementation).
    public static func summary(of folds: [FoldEvaluation]) -> [(name: String, mean: Double, std: Double)] {
        guard let names = folds.first?.metrics.names else { return [] }
        return names.map { name in
            let summary = MetricSummary.of(folds.map { $0.metrics[name: name] ?? .nan })
            return (name, summary.mean, summary.std)
        }
    }

    /// What the store keeps of the fold besides its metrics.
    public var curves: FoldCurves {
        FoldCurves(loss: lossCurve, validationScore: validationScores, validationLogLoss: validationLogLoss,
                   selectedFeatures: selectedFeatures, resampledRows: resampledRows, converged: converged)
    }
}
