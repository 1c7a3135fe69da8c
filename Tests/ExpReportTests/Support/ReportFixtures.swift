import ExpCore
import ExpData
@testable import ExpReport

/// Small hand-built report inputs: every value is written out or computed by plain arithmetic,
/// so the golden files never depend on a random generator.
enum ReportFixtures {
    // MARK: Data

    /// 40 rows × 5 features with a signal, noise, a constant, missing cells and an outlier, and
    /// a duplicate of the first feature; names that need escaping.
    static func dataset() -> Dataset {
        let names = ["Debt ratio %", "noise", "Net Income Flag", "cash <&> \"flow\" | 'x' *_", "Debt ratio × 2"]
        var rows: [[Double]] = []
        var labels: [Int] = []
        for i in 0..<40 {
            let label = i % 8 == 0 ? 1 : 0
            let signal = Double(i % 7) * 0.1 + 0.9 * Double(label)
            let noise = Double((i * 13) % 11) / 10
            var cash = Double((i * 7) % 5) - 2 + 0.5 * Double(label)
            if i == 3 || i == 17 { cash = .nan }
            if i == 21 { cash = 1e10 }
            rows.append([signal, noise, 1, cash, signal * 2 + 1])
            labels.append(label)
        }
        return Dataset(featureNames: names, features: Matrix(rows), labels: labels, labelName: "Bankrupt?",
                       classNames: LabelEncoding(negative: "0", positive: "1"), source: "fixture.csv",
                       sha256: String(repeating: "ab", count: 32))
    }

    // MARK: Sweep

    static let metricNames = ["roc_auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1"]

    /// Out-of-fold labels: 30 development rows, 6 positive.
    static let oofLabels: [Int] = (0..<30).map { $0 % 5 == 0 ? 1 : 0 }

    /// Out-of-fold probabilities of the best trial: positives mostly high, two mistakes.
    static let oofPredictions: [Double] = (0..<30).map { i in
        let base = i % 5 == 0 ? 0.62 + Double(i % 4) * 0.08 : 0.04 + Double((i * 7) % 10) * 0.045
        return i == 10 ? 0.31 : (i == 7 ? 0.58 : base)
    }

    static func fold(_ index: Int, auc: Double, epochs: Int, scale: Double) -> SweepExperimentReport.Fold {
        var metrics: [String: Double] = [:]
        for (k, name) in metricNames.enumerated() {
            metrics[name] = name == "roc_auc" ? auc : 0.1 + 0.07 * Double(k) + 0.01 * Double(index)
        }
        let loss = (0..<epochs).map { e in scale * 0.7 / Double(e + 1) + 0.05 * Double(index) }
        let score = (0..<epochs).map { e in 0.8 + 0.15 * Double(e) / Double(epochs) - 0.01 * Double(index) }
        return .init(index: index, trainRows: 20, resampledRows: 32, testRows: 10, epochs: epochs, bestEpoch: epochs - 2,
                     metrics: metrics, loss: loss, validationScore: score,
                     selectedFeatures: index == 2 ? [0, 3] : [0, 1])
    }

    static func trial(id: Int64, hidden: String, k: String, aucs: [Double], seconds: Double) -> SweepExperimentReport.Trial {
        let folds = aucs.enumerated().map { fold($0.offset, auc: $0.element, epochs: 6 + Int(id) + $0.offset, scale: Double(id)) }
        var metrics: [String: MetricSummaryValue] = [:]
        for name in metricNames {
            let values = folds.map { $0.metrics[name] ?? .nan }
            metrics[name] = MetricSummaryValue(mean: Statistics.mean(values), std: Statistics.standardDeviation(values, ddof: 0))
        }
        return .init(id: id, number: Int(id) - 1, state: "done", seed: 1000 + UInt64(id),
                     parameters: [.init("alpha", "0.0001"), .init("early_stopping_metric", "accuracy"),
                                  .init("hidden_layers", hidden), .init("k_best", k)],
                     metrics: metrics, durationSeconds: seconds, startedAt: 1_790_000_000 + Double(id) * 10,
                     finishedAt: 1_790_000_000 + Double(id) * 10 + seconds, folds: folds)
    }

    /// Four trials of a 2 × 2 grid: three done, one failed.
    static func sweep() -> SweepExperimentReport {
        var best = trial(id: 2, hidden: "[32]", k: "2", aucs: [0.91, 0.88, 0.94], seconds: 2.5)
        best.outOfFoldPredictions = oofPredictions
        let trials = [
            trial(id: 1, hidden: "[16]", k: "2", aucs: [0.84, 0.8, 0.86], seconds: 1.25),
            best,
            trial(id: 3, hidden: "[16]", k: "all", aucs: [0.79, 0.83, 0.75], seconds: 3),
            SweepExperimentReport.Trial(
                id: 4, number: 3, state: "failed", seed: 1004,
                parameters: [.init("alpha", "0.0001"), .init("hidden_layers", "[32]"), .init("k_best", "all")],
                metrics: [:], durationSeconds: 0.5, error: "fold 1, fit: non-finite weights | diverged"),
        ]
        return SweepExperimentReport(
            id: 7, name: "fixture-grid", metric: "roc_auc", higherIsBetter: true, threshold: 0.5, folds: 3, holdout: 0.2,
            developmentRows: 30, holdoutRows: 8, searchedParameters: ["hidden_layers", "k_best"], trials: trials,
            outOfFoldLabels: oofLabels, featureNames: ["Debt ratio %", "noise", "Net Income Flag", "cash flow"],
            classNames: LabelEncoding(negative: "0", positive: "1"),
            pipeline: .init(imputation: "median", kBest: ["2", "all"], resampling: ["smote-tomek"], kNeighbors: ["5"]),
            provenance: .init(
                command: "exp sweep experiments/fixture.yaml --workers 2", seed: 42, specHash: "5pec" + String(repeating: "0", count: 60),
                datasetDescription: "builtin:bankruptcy?rows=38", datasetSHA256: String(repeating: "d", count: 64),
                foldHash: String(repeating: "f", count: 64), expVersion: "0.1.0",
                environment: [.init("swift", "6.3"), .init("architecture", "x86_64"), .init("operating system", "Linux"),
                              .init("float type", "Float64"), .init("kernel", "separate")],
                createdAt: 1_790_000_000),
            options: .init(generatedBy: "exp 0.1.0"))
    }

    /// A leakage measurement of the best trial (2) whose leak-free run reproduces its stored
    /// metrics; every leaky figure is the stored one plus a fixed step.
    static func leakage(of sweep: SweepExperimentReport) -> SweepExperimentReport.Leakage {
        let best: SweepExperimentReport.Trial? = sweep.trials.first { $0.id == 2 }
        let stored: [String: MetricSummaryValue] = best?.metrics ?? [:]
        return SweepExperimentReport.Leakage(
            trialID: 2, kBest: "2", kNeighbors: 5, imputation: nil, developmentRows: 30, syntheticRows: 18,
            removedRows: 4, resampledRows: 44, syntheticRowsKept: 16,
            configuration: .init(resampling: "smote-tomek", beforeSplit: false, metrics: stored),
            leaky: .init(resampling: "smote-tomek", beforeSplit: true, metrics: stored.mapValues {
                MetricSummaryValue(mean: $0.mean + 0.0625, std: $0.std / 2)
            }))
    }

    // MARK: Model

    static func model() -> ModelReport {
        ModelReport(
            name: "bankruptcy", version: 3, aliases: ["staging", "champion"], digest: "sha256:" + String(repeating: "c", count: 64),
            bundlePath: "artifacts/bankruptcy/v3.tar.gz",
            lineage: .init(sweepID: 7, sweepName: "fixture-grid", trialID: 2, trialNumber: 1,
                           specHash: "5pec" + String(repeating: "0", count: 60), datasetDescription: "builtin:bankruptcy",
                           datasetSHA256: String(repeating: "d", count: 64), foldHash: String(repeating: "f", count: 64),
                           command: "exp sweep experiments/fixture.yaml", seed: 42),
            parameters: [.init("hidden_layers", "[32]"), .init("alpha", "0.0001"), .init("k_best", "2")],
            metric: "roc_auc", threshold: 0.5,
            crossValidationMetrics: ["roc_auc": .init(mean: 0.91, std: 0.0245), "f1": .init(mean: 0.42, std: 0.05)],
            holdoutLabels: oofLabels, holdoutProbabilities: oofPredictions,
            selectedFeatures: [.init(name: "noise", column: 1, fScore: 0.52, pValue: 0.47),
                               .init(name: "Debt ratio %", column: 0, fScore: 151.2, pValue: 2.4e-14)],
            preparation: .init(imputation: "median", resampling: "smote-tomek"),
            schema: .init(featureNames: ["Debt ratio %", "noise", "Net Income Flag", "cash flow"], labelName: "Bankrupt?",
                          classNames: LabelEncoding(negative: "0", positive: "1")),
            promotion: .init(by: "lead@example", at: 1_790_003_600, note: "beats v2 on holdout AUC"),
            expVersion: "0.1.0", environment: [.init("swift", "6.3"), .init("architecture", "x86_64")],
            options: .init(generatedBy: "exp 0.1.0"))
    }
}
