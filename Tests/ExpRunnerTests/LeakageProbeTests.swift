import ExpCore
import ExpData
import ExpRunner
import Testing

/// ``LeakageProbe`` on small built-in data: the leaky protocol scores higher than the leak-free
/// one, the measurement is the same bit for bit on every run, and its leak-free run is the
/// sweep's trial, fold for fold.
@Suite struct LeakageProbeTests {
    /// A one-trial sweep of a small MLP on 600 built-in rows (about 19 positives).
    static func spec(resampling: String, kBest: String = "10") throws -> SweepSpec {
        try SweepSpec.parse(yaml: """
            name: leak
            data:
              path: builtin:bankruptcy?rows=600
              holdout: 0.2
            seed: 7
            cv:
              folds: 3
            search:
              parameters:
                hidden_layers: [[8]]
            model:
              max_iter: 25
              k_best: \(kBest)
              resampling: \(resampling)

            """, file: "leak.yaml")
    }

    struct Setup {
        var spec: SweepSpec
        var data: ExperimentData
        var trial: PlannedTrial
        var settings: PipelineSettings
    }

    static func setup(resampling: String, kBest: String = "10") throws -> Setup {
        let spec = try spec(resampling: resampling, kBest: kBest)
        let dataset = try DataLoader.load(spec.data.path)
        let data = try ExperimentData(dataset: dataset, holdout: spec.data.holdout, folds: spec.cv.folds, seed: spec.seed)
        let trial = try #require(try spec.materializeTrials().first)
        let settings = PipelineSettings(trial.parameters, featureCount: dataset.featureCount, threshold: spec.threshold)
        return Setup(spec: spec, data: data, trial: trial, settings: settings)
    }

    static func measure(_ s: Setup) throws -> LeakageMeasurement {
        try LeakageProbe.measure(s.data, settings: s.settings, sweepSeed: s.spec.seed, trialSeed: s.trial.seed)
    }

    /// The metric summary as bit patterns, so NaN and -0 compare exactly.
    static func bits(_ summary: [(name: String, mean: Double, std: Double)]) -> [String] {
        summary.map { "\($0.name)=\($0.mean.bitPattern),\($0.std.bitPattern)" }
    }

    static func mean(_ run: LeakageMeasurement.Run, _ name: String) -> Double {
        run.summary.first { $0.name == name }?.mean ?? .nan
    }

    @Test func resamplingBeforeTheSplitScoresHigherThanLeakFree() throws {
        let m = try Self.measure(try Self.setup(resampling: "smote-tomek"))
        #expect(m.resampledBaseline == nil)
        #expect(m.resampling == .smoteTomek && m.leaky.resampling == .smoteTomek && m.leaky.beforeSplit)
        #expect(!m.baseline.beforeSplit && m.baseline == m.configuration)
        for name in ["roc_auc", "f1", "average_precision"] {
            let leaky = Self.mean(m.leaky, name), leakFree = Self.mean(m.baseline, name)
            #expect(leaky > leakFree, "\(name): leaky \(leaky), leak-free \(leakFree)")
        }
        // The resampled rows: every development row but the removed ones, plus the synthetic
        // rows, each in exactly one test fold.
        #expect(m.syntheticRows > 0)
        #expect(m.resampledRows == m.developmentRows + m.syntheticRows - m.removedRows)
        #expect(m.syntheticRowsKept <= m.syntheticRows)
        #expect(m.leaky.folds.map(\.testRows).reduce(0, +) == m.resampledRows)
        #expect(m.leaky.folds.allSatisfy { $0.trainRows + $0.testRows == m.resampledRows })
        #expect(m.selectedFeatures.count == 10)
    }

    @Test func theMeasurementIsTheSameBitForBitOnEveryRun() throws {
        let s = try Self.setup(resampling: "smote-tomek")
        let first = try Self.measure(s), second = try Self.measure(s)
        #expect(first == second)
        #expect(Self.bits(first.leaky.summary) == Self.bits(second.leaky.summary))
        #expect(Self.bits(first.baseline.summary) == Self.bits(second.baseline.summary))
    }

    @Test func theLeakFreeRunIsTheSweepsTrialBitForBit() async throws {
        for resampling in ["smote-tomek", "none"] {
            let s = try Self.setup(resampling: resampling)
            let evaluator = TrialEvaluator(cache: PreparedFoldCache(data: s.data, seed: s.spec.seed))
            let swept = try await evaluator.evaluate(s.settings, seed: s.trial.seed)
            let m = try Self.measure(s)
            #expect(m.configuration.folds == swept.folds, "\(resampling)")
            #expect(Self.bits(m.configuration.summary) == Self.bits(swept.summary), "\(resampling)")
            #expect(m.configuration.resampling == s.settings.resampling && !m.configuration.beforeSplit)
        }
    }

    @Test func withoutResamplingTheProbeMeasuresSMOTETomekBothWays() async throws {
        let s = try Self.setup(resampling: "none")
        let m = try Self.measure(s)
        let baseline = try #require(m.resampledBaseline)
        #expect(m.settings == s.settings, "the measured configuration is the trial's")
        #expect(m.configuration.resampling == .none)
        #expect(baseline.resampling == .smoteTomek && !baseline.beforeSplit)
        #expect(m.leaky.resampling == .smoteTomek && m.leaky.beforeSplit)
        // The baseline is what a sweep trial with SMOTE-Tomek and otherwise the same settings gives.
        var resampled = s.settings
        resampled.resampling = .smoteTomek
        let evaluator = TrialEvaluator(cache: PreparedFoldCache(data: s.data, seed: s.spec.seed))
        let swept = try await evaluator.evaluate(resampled, seed: s.trial.seed)
        #expect(baseline.folds == swept.folds)
        #expect(Self.mean(m.leaky, "roc_auc") > Self.mean(baseline, "roc_auc"))
    }

    @Test func withoutSelectionTheLeakyRunKeepsEveryFeature() throws {
        let m = try Self.measure(try Self.setup(resampling: "smote", kBest: "all"))
        #expect(m.selectedFeatures.count == 95)
        #expect(m.removedRows == 0, "SMOTE alone removes nothing")
        #expect(m.syntheticRowsKept == m.syntheticRows)
    }
}
