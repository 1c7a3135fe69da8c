import ExpCore
import ExpDomain
import ExpData

/// One fold's model-independent preprocessing, fitted on the fold's training rows only:
/// impute (when the data has missing values) → SelectKBest(f_classif) → resample → StandardScaler.
/// The test rows are transformed with the fitted imputer, selection and scaler; they are never
/// resampled and never seen by any fit. This is the leak-free protocol: resampling or selecting
/// before the split inflates every metric.
public struct PreparedFold: Sendable {
    public let key: PreprocessingKey
    public let imputer: SimpleImputer?
    public let selection: SelectKBest
    public let scaler: StandardScaler
    /// Scaled, resampled training matrix and its labels.
    public let trainFeatures: Matrix<Double>
    public let trainLabels: [Int]
    /// Scaled test matrix and labels, in ascending dataset-row order.
    public let testFeatures: Matrix<Double>
    public let testLabels: [Int]
    /// Dataset row indices of the test part.
    public let testRows: [Int]
    /// Training rows before resampling.
    public let trainRowCount: Int
    public let syntheticCount: Int
    public let removedCount: Int

    /// Fits the fold's preprocessing. The resampler draws from a stream derived from
    /// `(sweep seed, fold, k, method)`, so the result is shared by every trial with this key.
    public static func prepare(_ data: ExperimentData, key: PreprocessingKey, seed: UInt64) throws -> PreparedFold {
        let (trainRows, testRows) = data.rows(ofFold: key.fold)
        let x = data.dataset.features
        var train = x.gatheringRows(trainRows)
        var test = x.gatheringRows(testRows)
        let trainLabels = trainRows.map { data.dataset.labels[$0] }
        let testLabels = testRows.map { data.dataset.labels[$0] }
        func stage<T>(_ name: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let error as ExpCoreError {
                throw RunnerError.trialFailed(fold: key.fold, stage: name, message: error.description)
            }
        }
        var imputer: SimpleImputer?
        if data.hasMissingValues {
            guard key.imputeMissing else {
                throw RunnerError.trialFailed(fold: key.fold, stage: "imputer",
                                              message: "the data has missing values and no imputer is configured")
            }
            let fitted = try stage("imputer") { try SimpleImputer.fit(train) }
            train = fitted.transform(train)
            test = fitted.transform(test)
            imputer = fitted
        }
        let k = key.kBest ?? x.columns
        let selection = try stage("select") { try SelectKBest.fit(train, labels: trainLabels, k: k) }
        train = selection.transform(train)
        test = selection.transform(test)
        var generator = SeededGenerator(
            seed: seed,
            stream: [ExperimentData.Stream.resampling.rawValue, UInt64(key.fold), UInt64(k),
                     UInt64(ResamplingMethod.allCases.firstIndex(of: key.resampling) ?? 0), UInt64(key.kNeighbors)])
        let resampled = try stage("resample") { () throws -> ResampledData in
            switch key.resampling {
            case .none: return ResampledData(features: train, labels: trainLabels)
            case .smote:
                return try SMOTE(kNeighbors: key.kNeighbors).fitResample(train, labels: trainLabels, generator: &generator)
            case .smoteTomek:
                return try SMOTETomek(smote: SMOTE(kNeighbors: key.kNeighbors))
                    .fitResample(train, labels: trainLabels, generator: &generator)
            }
        }
        let scaler = try stage("scale") { () throws -> StandardScaler in
            do { return try StandardScaler.fit(resampled.features) } catch let ExpCoreError.overflow(column, statistic) {
                // Name the feature: the scaler sees the selected columns only.
                let name = data.dataset.featureNames[selection.selectedIndices[column]]
                throw RunnerError.trialFailed(
                    fold: key.fold, stage: "scale",
                    message: "the \(statistic) of feature '\(name)' overflows float64: its values are too large in magnitude to standardize; rescale the column")
            }
        }
        return PreparedFold(
            key: key, imputer: imputer, selection: selection, scaler: scaler,
            trainFeatures: scaler.transform(resampled.features), trainLabels: resampled.labels,
            testFeatures: scaler.transform(test), testLabels: testLabels, testRows: testRows,
            trainRowCount: trainRows.count, syntheticCount: resampled.syntheticCount,
            removedCount: resampled.removedCount)
    }
}
