import ExpCore
import ExpData
import ExpReport
import ExpRunner
import ExpDomain
import Foundation

/// The sweep report's plain protocol and leakage values, from the sweep's spec, data and best
/// trial: ``SweepExperimentReport/Pipeline`` always, ``SweepExperimentReport/Leakage`` for
/// `exp report sweep --leakage`.
enum LeakageReportInput {
    /// The steps of each training fold over the sweep's trials: selection `k`, resamplers and
    /// `k_neighbors` as the spec sets them, imputation only when the data has missing cells.
    static func pipeline(spec: SweepSpec, data: ExperimentData) throws -> SweepExperimentReport.Pipeline {
        let trials = try spec.materializeTrials().map(\.parameters)
        let kBest = Set(trials.map(\.kBest)).sorted { a, b in
            switch (a, b) {
            case let (.count(x), .count(y)): x < y
            case (.count, .all): true
            default: false
            }
        }
        let resampling = ResamplingMethod.allCases.filter { method in trials.contains { $0.resampling == method } }
        let kNeighbors = Set(trials.filter { $0.resampling != .none }.map(\.kNeighbors)).sorted()
        let imputers = Set(trials.map(\.imputer.rawValue)).sorted()
        return SweepExperimentReport.Pipeline(
            imputation: data.hasMissingValues ? imputers.joined(separator: " or ") : nil,
            kBest: kBest.map(\.description), resampling: resampling.map(\.rawValue), kNeighbors: kNeighbors.map(String.init))
    }

    /// Measures the leak of the best trial's configuration (``LeakageProbe``) on the sweep's data.
    ///
    /// - Throws: ``CLIError`` when no trial has finished; `DomainError` when its stored parameters
    ///   are damaged; the probe's ``RunnerError``.
    static func measure(sweepID: Int64, best: SweepExperimentReport.Trial?, summaries: [TrialSummary], spec: SweepSpec,
                        data: ExperimentData) throws -> SweepExperimentReport.Leakage {
        guard let best, let summary = summaries.first(where: { $0.id == best.id }) else {
            throw CLIError("--leakage measures the best finished trial, and sweep \(sweepID) has none")
        }
        let parameters = try summary.parameters()
        let settings = PipelineSettings(parameters, featureCount: data.dataset.featureCount, threshold: spec.threshold)
        let runs = settings.resampling == .none ? "three" : "two"
        Console.note("measuring the leak on trial \(summary.id): \(runs) cross-validations of \(data.folds.foldCount) "
            + "folds on \(data.developmentRows.count) development rows…")
        let m = try LeakageProbe.measure(data, settings: settings, sweepSeed: spec.seed, trialSeed: summary.seed)
        return SweepExperimentReport.Leakage(
            trialID: summary.id, kBest: parameters.kBest.description, kNeighbors: m.settings.kNeighbors,
            imputation: m.imputed ? parameters.imputer.rawValue : nil, developmentRows: m.developmentRows,
            syntheticRows: m.syntheticRows, removedRows: m.removedRows, resampledRows: m.resampledRows,
            syntheticRowsKept: m.syntheticRowsKept, configuration: run(m.configuration),
            resampledBaseline: m.resampledBaseline.map(run), leaky: run(m.leaky))
    }

    static func run(_ r: LeakageMeasurement.Run) -> SweepExperimentReport.Leakage.Run {
        var metrics: [String: MetricSummaryValue] = [:]
        for s in r.summary { metrics[s.name] = MetricSummaryValue(mean: s.mean, std: s.std) }
        return .init(resampling: r.resampling.rawValue, beforeSplit: r.beforeSplit, metrics: metrics)
    }
}
