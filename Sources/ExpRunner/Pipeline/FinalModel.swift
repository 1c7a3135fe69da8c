import ExpCore
import ExpDomain
import ExpData

/// A trial's configuration re-fitted for deployment: the same pipeline as in cross-validation
/// (impute, SelectKBest, resample, scale, MLP), fitted on every development row and scored on the
/// untouched holdout split.
///
/// The fit is the ``ExperimentData/refitFold`` pseudo-fold: its resampling and model generators
/// are derived from `(sweep seed, refit fold, k, method)` and `(trial seed, refit fold)` exactly as
/// a fold's are, so promoting the same trial twice gives the same model bit for bit.
public struct FinalModel: Sendable {
    /// The fitted inference pipeline (raw rows in, probabilities out).
    public let pipeline: InferencePipeline
    /// The fitted selection, with every feature's F-score and p-value.
    public let selection: SelectKBest
    /// Development rows before and after resampling.
    public let trainingRows: Int
    public let resampledRows: Int
    public let epochs: Int
    public let converged: Bool
    /// Dataset row indices of the holdout split, ascending (empty when the spec has none).
    public let holdoutRows: [Int]
    /// P(positive) of each holdout row, computed by ``pipeline`` from the raw rows.
    public let holdoutProbabilities: [Double]
    /// Every core metric on the holdout rows; `nil` without a holdout split.
    public let holdoutMetrics: MetricSet?

    /// Fits the final model.
    ///
    /// - Parameters:
    ///   - sweepSeed: the sweep's seed (drives the resampler, as in the sweep).
    ///   - trialSeed: the trial's stored seed (drives the MLP).
    /// - Throws: ``RunnerError/refitFailed(stage:message:)`` when a step fails.
    public static func fit(_ data: ExperimentData, settings: PipelineSettings, sweepSeed: UInt64,
                           trialSeed: UInt64) throws -> FinalModel {
        let fold = data.refitFold
        let prepared: PreparedFold
        do {
            prepared = try PreparedFold.prepare(data, key: settings.preprocessingKey(fold: fold), seed: sweepSeed)
        } catch let RunnerError.trialFailed(_, stage, message) {
            throw RunnerError.refitFailed(stage: stage, message: message)
        }
        var generator = SeededGenerator(seed: trialSeed, stream: [ExperimentData.Stream.model.rawValue, UInt64(fold)])
        let network: TrainedNetwork
        let epochs: Int, converged: Bool
        do {
            switch settings.dtype {
            case .float64:
                let model = try MLPClassifier<Double>.fit(
                    prepared.trainFeatures, labels: prepared.trainLabels, configuration: settings.model,
                    generator: &generator)
                (network, epochs, converged) = (.float64(model.network), model.epochs, model.converged)
            case .float32:
                let model = try MLPClassifier<Float>.fit(
                    prepared.trainFeatures.converted(to: Float.self), labels: prepared.trainLabels,
                    configuration: settings.model, generator: &generator)
                (network, epochs, converged) = (.float32(model.network), model.epochs, model.converged)
            }
        } catch let error as ExpCoreError {
            throw RunnerError.refitFailed(stage: "fit", message: error.description)
        }
        let pipeline: InferencePipeline
        let probabilities: [Double]
        var metrics: MetricSet?
        do {
            pipeline = try InferencePipeline(
                inputFeatureCount: data.dataset.featureCount, imputer: prepared.imputer,
                selectedIndices: prepared.selection.selectedIndices, scaler: prepared.scaler, network: network)
            probabilities = try pipeline.predictProbabilities(data.dataset.features.gatheringRows(data.holdoutRows))
            if !data.holdoutRows.isEmpty {
                metrics = try BinaryMetrics.evaluate(
                    labels: data.holdoutRows.map { data.dataset.labels[$0] }, scores: probabilities,
                    threshold: settings.threshold)
            }
        } catch let error as ExpCoreError {
            throw RunnerError.refitFailed(stage: "score", message: error.description)
        }
        return FinalModel(
            pipeline: pipeline, selection: prepared.selection, trainingRows: prepared.trainRowCount,
            resampledRows: prepared.trainLabels.count, epochs: epochs, converged: converged,
            holdoutRows: data.holdoutRows, holdoutProbabilities: probabilities, holdoutMetrics: metrics)
    }
}
