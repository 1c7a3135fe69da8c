import ExpCore
import ExpDomain
import ExpData

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
            var generator = SeededGenerator(seed: seed, stream: [ExperimentData.Stream.model.rawValue, UInt64(fold)])
            let fitted = try Self.fit(prepared, settings: settings, generator: &generator, fold: fold)
            let metrics: MetricSet
            do {
                metrics = try BinaryMetrics.evaluate(labels: prepared.testLabels, scores: fitted.probabilities,
                                                     threshold: settings.threshold)
            } catch let error as ExpCoreError {
                throw RunnerError.trialFailed(fold: fold, stage: "score", message: error.description)
            }
            for (row, p) in zip(prepared.testRows, fitted.probabilities) {
                if let i = data.developmentPosition[row] { oof[i] = p }
            }
            folds.append(FoldEvaluation(
                fold: fold, trainRows: prepared.trainRowCount, resampledRows: prepared.trainLabels.count,
                testRows: prepared.testRows.count, epochs: fitted.epochs, bestEpoch: fitted.bestEpoch,
                converged: fitted.converged, metrics: metrics, lossCurve: fitted.lossCurve,
                validationScores: fitted.validationScores, validationLogLoss: fitted.validationLogLoss,
                selectedFeatures: prepared.selection.selectedIndices))
        }
        let elapsed = clock.now - start
        return TrialEvaluation(folds: folds, outOfFoldPredictions: oof,
                               durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    struct Fitted {
        var probabilities: [Double]
        var epochs: Int, bestEpoch: Int, converged: Bool
        var lossCurve: [Double], validationScores: [Double], validationLogLoss: [Double]
    }

    static func fit(_ prepared: PreparedFold, settings: PipelineSettings, generator: inout SeededGenerator,
                    fold: Int) throws -> Fitted {
        do {
            switch settings.dtype {
            case .float64:
                return try fit(Double.self, prepared, settings, &generator)
            case .float32:
                return try fit(Float.self, prepared, settings, &generator)
            }
        } catch ExpCoreError.interrupted {
            throw CancellationError()
        } catch let error as ExpCoreError {
            throw RunnerError.trialFailed(fold: fold, stage: "fit", message: error.description)
        }
    }

    static func fit<S: KernelScalar>(_: S.Type, _ prepared: PreparedFold, _ settings: PipelineSettings,
                                     _ generator: inout SeededGenerator) throws -> Fitted {
        let model = try MLPClassifier<S>.fit(prepared.trainFeatures.converted(to: S.self), labels: prepared.trainLabels,
                                             configuration: settings.model, generator: &generator,
                                             shouldStop: { Task.isCancelled })
        let p = model.predictProbabilities(prepared.testFeatures.converted(to: S.self)).map { Double($0) }
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

    /// What the store keeps of the fold besides its metrics.
    public var curves: FoldCurves {
        FoldCurves(loss: lossCurve, validationScore: validationScores, validationLogLoss: validationLogLoss,
                   selectedFeatures: selectedFeatures, resampledRows: resampledRows, converged: converged)
    }
}

/// A cross-validated trial.
public struct TrialEvaluation: Sendable, Equatable {
    public var folds: [FoldEvaluation]
    /// Out-of-fold probabilities, parallel to ``ExperimentData/developmentRows``.
    public var outOfFoldPredictions: [Double]
    /// Wall time; informative only, never part of a comparison.
    public var durationSeconds: Double

    /// Mean and population standard deviation (ddof = 0, numpy's default) of each metric over
    /// folds, summed in fold order (``MetricSummary/of(_:)``, as the store computes it). NaN
    /// folds make the summary NaN.
    public var summary: [(name: String, summary: MetricSummary)] {
        guard let names = folds.first?.metrics.names else { return [] }
        return names.map { name in (name, MetricSummary.of(folds.map { $0.metrics[name: name] ?? .nan })) }
    }

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
