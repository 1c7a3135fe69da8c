import ExpDomain
import ExpCore
import ExpData

/// Measures, on a sweep's own data, how much fitting selection and resampling before the
/// cross-validation split inflates a configuration's scores.
///
/// Two cross-validations of the same configuration on the development rows, with the sweep's
/// folds and seeds:
///
/// - **leak-free**, exactly as the sweep: ``PreparedFold`` (impute, SelectKBest, resample and
///   scale on each training fold only) and the fold's MLP (``TrialEvaluator``); the folds equal
///   the sweep's trial bit for bit;
/// - **leaky**, the common mistake (imblearn's `fit_resample` and sklearn's `SelectKBest.fit`
///   called on the whole data set before `cross_val_score`): impute (when the data has missing
///   cells), SelectKBest and resample on all development rows, then cross-validate on the
///   resampled rows. Each original row keeps its sweep fold, Tomek-removed rows are gone, and
///   the synthetic rows are dealt to the folds at random, class by class, from the sweep seed,
///   so test folds hold synthetic rows and training folds hold synthetic rows built from test
///   rows. Standardisation and the MLP are still fitted on each training fold, with the same
///   model seeds as the leak-free run.
///
/// When the configuration resamples nothing, moving its resampler before the split would change
/// nothing; the probe then measures ``fallbackResampling`` (SMOTE-Tomek) both ways, with the
/// configuration's other settings, and keeps the configuration's own run for reference.
///
/// ```swift
/// let m = try LeakageProbe.measure(data, settings: settings, sweepSeed: spec.seed, trialSeed: trial.seed)
/// m.leaky.summary      // roc_auc, … over the folds of the resampled rows
/// m.baseline.summary   // the same resampler inside the folds
/// ```
public enum LeakageProbe {
    /// The resampler measured when the configuration's own is `none`.
    public static let fallbackResampling: ResamplingMethod = .smoteTomek

    /// Runs the measurement.
    ///
    /// - Parameters:
    ///   - settings: the configuration (the best trial's).
    ///   - sweepSeed: the sweep's seed (resampling, the synthetic rows' folds).
    ///   - trialSeed: the trial's stored seed (the MLP of every fold, in both runs).
    /// - Throws: ``RunnerError/leakageProbeFailed(stage:message:)`` when a step fails.
    public static func measure(_ data: ExperimentData, settings: PipelineSettings, sweepSeed: UInt64,
                               trialSeed: UInt64) throws -> LeakageMeasurement {
        let configuration = try leakFree(data, settings: settings, sweepSeed: sweepSeed, trialSeed: trialSeed)
        var measured = settings
        var resampledBaseline: LeakageMeasurement.Run?
        if settings.resampling == .none {
            measured.resampling = fallbackResampling
            resampledBaseline = try leakFree(data, settings: measured, sweepSeed: sweepSeed, trialSeed: trialSeed)
        }
        var measurement = try leaky(data, settings: measured, sweepSeed: sweepSeed, trialSeed: trialSeed,
                                    configuration: configuration, resampledBaseline: resampledBaseline)
        measurement.settings = settings
        return measurement
    }

    /// The sweep's cross-validation of `settings`, fold by fold.
    static func leakFree(_ data: ExperimentData, settings: PipelineSettings, sweepSeed: UInt64,
                         trialSeed: UInt64) throws -> LeakageMeasurement.Run {
        var folds: [FoldEvaluation] = []
        for fold in 0..<data.folds.foldCount {
            do {
                let prepared = try PreparedFold.prepare(data, key: settings.preprocessingKey(fold: fold), seed: sweepSeed)
                folds.append(try TrialEvaluator.evaluate(prepared, settings: settings, seed: trialSeed, fold: fold).0)
            } catch let RunnerError.trialFailed(fold, stage, message) {
                throw RunnerError.leakageProbeFailed(stage: "leak-free fold \(fold), \(stage)", message: message)
            }
        }
        return .init(resampling: settings.resampling, beforeSplit: false, folds: folds)
    }

    /// Selection and resampling on all development rows, then the cross-validation; `settings`
    /// carries the resampler measured.
    static func leaky(_ data: ExperimentData, settings: PipelineSettings, sweepSeed: UInt64, trialSeed: UInt64,
                      configuration: LeakageMeasurement.Run,
                      resampledBaseline: LeakageMeasurement.Run?) throws -> LeakageMeasurement {
        func stage<T>(_ name: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let error as ExpCoreError {
                throw RunnerError.leakageProbeFailed(stage: name, message: error.description)
            } catch let RunnerError.trialFailed(fold, step, message) {
                throw RunnerError.leakageProbeFailed(stage: "leaky fold \(fold), \(step)", message: message)
            }
        }
        let development = data.developmentRows
        var x = data.dataset.features.gatheringRows(development)
        let y = development.map { data.dataset.labels[$0] }
        if data.hasMissingValues {
            guard settings.imputeMissing else {
                throw RunnerError.leakageProbeFailed(stage: "imputer",
                                                     message: "the data has missing values and no imputer is configured")
            }
            x = try stage("imputer before the split") { try SimpleImputer.fit(x) }.transform(x)
        }
        let k = settings.kBest ?? x.columns
        let selection = try stage("select before the split") { try SelectKBest.fit(x, labels: y, k: k) }
        x = selection.transform(x)

        // Over-sample, then (SMOTE-Tomek) clean; SMOTE's output is its input rows followed by the
        // synthetic ones, so an index below `development.count` is an original row's position.
        var generator = SeededGenerator(
            seed: sweepSeed,
            stream: [ExperimentData.Stream.leakage.rawValue, 0, UInt64(k),
                     UInt64(ResamplingMethod.allCases.firstIndex(of: settings.resampling) ?? 0), UInt64(settings.kNeighbors)])
        let smote = SMOTE(kNeighbors: settings.kNeighbors)
        let over = try stage("resample before the split") { () throws -> ResampledData in
            switch settings.resampling {
            case .none: return ResampledData(features: x, labels: y)
            case .smote, .smoteTomek: return try smote.fitResample(x, labels: y, generator: &generator)
            }
        }
        let kept = settings.resampling == .smoteTomek
            ? SMOTETomek(smote: smote).tomek.keptIndices(over.features, labels: over.labels)
            : Array(0..<over.labels.count)

        // Original rows keep their fold; synthetic rows are dealt to the folds class by class.
        let foldCount = data.folds.foldCount
        var foldOf = [Int](repeating: 0, count: kept.count)
        var synthetic: [Int: [Int]] = [:]
        for (position, index) in kept.enumerated() {
            if index < development.count {
                foldOf[position] = data.folds.foldOfRow[index]
            } else {
                synthetic[over.labels[index], default: []].append(position)
            }
        }
        var dealer = SeededGenerator(seed: sweepSeed, stream: [ExperimentData.Stream.leakage.rawValue, 1])
        for label in synthetic.keys.sorted() {
            var positions = synthetic[label, default: []]
            dealer.shuffle(&positions)
            for (i, position) in positions.enumerated() { foldOf[position] = i % foldCount }
        }

        let features = over.features.gatheringRows(kept)
        let labels = kept.map { over.labels[$0] }
        var folds: [FoldEvaluation] = []
        for fold in 0..<foldCount {
            let train = foldOf.indices.filter { foldOf[$0] != fold }
            let test = foldOf.indices.filter { foldOf[$0] == fold }
            let trainX = features.gatheringRows(train)
            let scaler = try stage("leaky fold \(fold), scale") { try StandardScaler.fit(trainX) }
            let result = try stage("leaky fold \(fold)") { () throws -> FoldEvaluation in
                let testLabels = test.map { labels[$0] }
                let fitted = try TrialEvaluator.fit(
                    scaler.transform(trainX), labels: train.map { labels[$0] },
                    scoring: scaler.transform(features.gatheringRows(test)), settings: settings, seed: trialSeed, fold: fold)
                let metrics = try TrialEvaluator.score(labels: testLabels, probabilities: fitted.probabilities,
                                                       settings: settings, fold: fold)
                return FoldEvaluation(
                    fold: fold, trainRows: train.count, resampledRows: train.count, testRows: test.count,
                    epochs: fitted.epochs, bestEpoch: fitted.bestEpoch, converged: fitted.converged, metrics: metrics,
                    lossCurve: fitted.lossCurve, validationScores: fitted.validationScores,
                    validationLogLoss: fitted.validationLogLoss, selectedFeatures: selection.selectedIndices)
            }
            folds.append(result)
        }
        return LeakageMeasurement(
            settings: settings, configuration: configuration, resampledBaseline: resampledBaseline,
            leaky: .init(resampling: settings.resampling, beforeSplit: true, folds: folds),
            resampling: settings.resampling, developmentRows: development.count, imputed: data.hasMissingValues,
            selectedFeatures: selection.selectedIndices, syntheticRows: over.syntheticCount,
            removedRows: over.labels.count - kept.count, resampledRows: kept.count,
            syntheticRowsKept: kept.filter { $0 >= development.count }.count)
    }
}
