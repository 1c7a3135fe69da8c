import ExpDomain
import ExpCore
import ExpData
import ExpReport
import ExpRunner
import Foundation

/// Maps a sweep in the experiment store to ExpReport's plain ``SweepExperimentReport`` input.
enum SweepReportInput {
    /// Loads the sweep, its trials (details for the top ones) and the labels of its out-of-fold
    /// predictions, which come from reloading the sweep's data with its stored spec and seed; with
    /// `leakage`, also measures the leak of the best trial's configuration on that data.
    ///
    /// - Throws: ``CLIError`` for an unknown sweep; ``SweepContext/load(_:)``'s errors for data that
    ///   cannot be reloaded, or data or folds whose hashes differ from the stored ones.
    static func load(sweepID: Int64, from store: any SweepStore,
                     options: SweepExperimentReport.Options, leakage: Bool = false) async throws -> SweepExperimentReport {
        guard let sweep = try await store.sweep(id: sweepID) else { throw CLIError("no sweep \(sweepID) in \(store.location)") }
        // The out-of-fold predictions are parallel to the development rows: rebuild them exactly
        // as the sweep did (same data, holdout, folds and seed), proven by the stored hashes.
        let context = try SweepContext.load(sweep)
        let spec = context.spec, data = context.data, dataset = context.dataset
        let labels = data.developmentRows.map { dataset.labels[$0] }

        let summaries = try await store.trials(sweepID: sweepID)
        var trials = try summaries.map { try trial(from: $0) }
        var input = SweepExperimentReport(
            id: sweep.id, name: sweep.name, metric: sweep.metric, higherIsBetter: sweep.metricGoal == .max,
            threshold: spec.threshold, folds: spec.cv.folds, holdout: spec.data.holdout,
            developmentRows: data.developmentRows.count, holdoutRows: data.holdoutRows.count,
            searchedParameters: spec.search.parameters.map(\.key.rawValue), trials: trials, outOfFoldLabels: labels,
            featureNames: dataset.featureNames, classNames: dataset.classNames,
            pipeline: try LeakageReportInput.pipeline(spec: spec, data: data), provenance: provenance(sweep),
            options: options)

        // Folds, curves and predictions only for the trials the report draws.
        let detailed = input.ranked.prefix(max(options.spreadTrials, options.curveTrials, 1)).map(\.id)
        for id in detailed {
            guard let detail = try await store.trial(id: id), let index = trials.firstIndex(where: { $0.id == id }) else { continue }
            trials[index].folds = try zip(detail.folds, detail.curves()).map(fold(from:curves:))
            trials[index].outOfFoldPredictions = detail.oofPredictions
        }
        input.trials = trials
        if leakage {
            input.leakage = try LeakageReportInput.measure(sweepID: sweepID, best: input.ranked.first, summaries: summaries,
                                                           spec: spec, data: data)
        }
        return input
    }

    static func trial(from t: TrialSummary) throws -> SweepExperimentReport.Trial {
        SweepExperimentReport.Trial(
            id: t.id, number: t.number, state: t.state.rawValue, seed: t.seed,
            parameters: try t.parameterTexts().sorted { $0.key < $1.key }.map { ReportParameter($0.key, $0.value) },
            metrics: t.metrics.mapValues { MetricSummaryValue(mean: $0.mean, std: $0.std) },
            durationSeconds: t.durationSeconds, startedAt: t.startedAt, finishedAt: t.finishedAt, error: t.error)
    }

    static func fold(from f: FoldOutcome, curves: FoldCurves) -> SweepExperimentReport.Fold {
        SweepExperimentReport.Fold(
            index: f.fold, trainRows: f.trainRows, resampledRows: curves.resampledRows, testRows: f.testRows,
            epochs: f.epochs, bestEpoch: f.bestEpoch, metrics: f.metrics, loss: curves.loss,
            validationScore: curves.validationScore, selectedFeatures: curves.selectedFeatures)
    }

    static func provenance(_ s: SweepRecord) -> SweepExperimentReport.Provenance {
        let env = s.environment
        return SweepExperimentReport.Provenance(
            command: s.command, seed: s.seed, specHash: s.specHash, datasetDescription: s.datasetDescription,
            datasetSHA256: s.datasetSHA256, foldHash: s.foldHash, expVersion: s.expVersion,
            environment: [
                ReportParameter("swift", env.swiftVersion), ReportParameter("architecture", env.architecture),
                ReportParameter("operating system", env.operatingSystem), ReportParameter("float type", env.floatType),
                ReportParameter("kernel", env.kernelMode),
            ],
            createdAt: s.createdAt)
    }
}
