import ExpDomain
import ExpCore
import ExpData
import ExpRunner
import Foundation

/// `ExpBench pipeline [DATA]`: times the model-independent fold preprocessing (impute, select,
/// SMOTE-Tomek, scale) and one MLP fit per k, on the given data (default: the built-in data).
func pipelineBenchmark(source: String) async throws {
    let options = DataLoader.Options(labelColumn: source.hasPrefix("builtin:") ? nil : "Bankrupt?")
    let data = try ExperimentData(dataset: try DataLoader.load(source, options: options), holdout: 0.2, folds: 5, seed: 42)
    print("pipeline on \(source): \(data.dataset.rowCount) rows, \(data.developmentRows.count) in CV")
    for k in [20, 50, 95] {
        let key = PreprocessingKey(fold: 0, kBest: k, resampling: .smoteTomek, kNeighbors: 5, imputeMissing: true)
        var prepared: PreparedFold?
        let t = try seconds { prepared = try PreparedFold.prepare(data, key: key, seed: 42) }
        guard let prepared else { continue }
        print("k=\(k): prepare \(String(format: "%.3f", t)) s, train \(prepared.trainRowCount) → \(prepared.trainLabels.count) rows (+\(prepared.syntheticCount) −\(prepared.removedCount))")
        if CommandLine.arguments.contains("--prepare-only") { continue }
        for (hidden, dtype) in [([64], DType.float64), ([64], .float32), ([128, 64, 32], .float64), ([128, 64, 32], .float32)] {
            var config = MLPConfiguration(hiddenLayerSizes: hidden, alpha: 1e-3)
            config.earlyStopping = true
            let settings = PipelineSettings(kBest: k, resampling: .smoteTomek, dtype: dtype, model: config)
            let cache = PreparedFoldCache(data: data, seed: 42)
            _ = try await cache.prepared(key)
            let evaluator = TrialEvaluator(cache: cache)
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await evaluator.evaluate(settings, seed: 7)
            let d = clock.now - start
            let auc = result.summary.first { $0.name == "roc_auc" }?.mean ?? .nan
            print("   \(hidden) \(dtype): 5-fold CV \(d) (fold 0 cached), epochs \(result.folds.map(\.epochs)), AUC \(String(format: "%.4f", auc))")
        }
    }
}
