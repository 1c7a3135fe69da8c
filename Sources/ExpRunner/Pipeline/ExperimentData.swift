import ExpCore
import ExpDomain
import ExpData

/// A data set with its experiment protocol fixed: a stratified holdout split that the sweep never
/// sees, and stratified cross-validation folds over the remaining ("development") rows.
///
/// Both splits are drawn from streams derived from the sweep seed alone, so every trial, worker and
/// process that opens the same data with the same seed sees the same folds (``foldHash`` proves it).
public struct ExperimentData: Sendable {
    public let dataset: Dataset
    /// Row indices (into ``dataset``) held out for the final model's evaluation, ascending.
    public let holdoutRows: [Int]
    /// Row indices used by cross-validation, ascending.
    public let developmentRows: [Int]
    /// The index of each development row within ``developmentRows`` (dataset row → position).
    public let developmentPosition: [Int: Int]
    /// The cross-validation fold of each development row (parallel to ``developmentRows``).
    public let folds: StratifiedKFold
    /// SHA-256 of the holdout rows and the fold assignment.
    public let foldHash: String
    public let hasMissingValues: Bool

    /// Stream identifiers under the sweep seed.
    enum Stream: UInt64 {
        case holdout = 1, folds = 2, resampling = 3, model = 4
        /// ``LeakageProbe``'s resampling of all development rows and its fold assignment.
        case leakage = 5
    }

    /// - Parameters:
    ///   - holdout: the fraction of rows held out (0 for none).
    ///   - folds: the number of cross-validation folds.
    /// - Throws: ``RunnerError`` when the data cannot support the protocol (too few minority rows).
    public init(dataset: Dataset, holdout: Double, folds: Int, seed: UInt64) throws {
        self.dataset = dataset
        let labels = dataset.labels
        do {
            if holdout > 0 {
                var g = SeededGenerator(seed: seed, stream: [Stream.holdout.rawValue])
                let split = try StratifiedSplit(labels: labels, testFraction: holdout, parameterName: "data.holdout",
                                                generator: &g)
                holdoutRows = split.test.sorted()
                developmentRows = split.train.sorted()
            } else {
                holdoutRows = []
                developmentRows = Array(labels.indices)
            }
        } catch let error as ExpCoreError {
            throw RunnerError.protocolNotSupported(key: "data.holdout", message: error.description)
        }
        do {
            var g = SeededGenerator(seed: seed, stream: [Stream.folds.rawValue])
            self.folds = try StratifiedKFold(labels: developmentRows.map { labels[$0] }, folds: folds, generator: &g)
        } catch let error as ExpCoreError {
            throw RunnerError.protocolNotSupported(key: "cv.folds", message: error.description)
        }
        developmentPosition = Dictionary(uniqueKeysWithValues: developmentRows.enumerated().map { ($1, $0) })
        var hash = SHA256()
        hash.update(Array("exp-folds-v1;rows=\(labels.count);holdout=".utf8))
        hash.update(Array(holdoutRows.map(String.init).joined(separator: ",").utf8))
        hash.update(Array(";folds=".utf8))
        hash.update(Array(self.folds.foldOfRow.map(String.init).joined(separator: ",").utf8))
        foldHash = hash.hexDigest
        hasMissingValues = dataset.features.elements.contains { $0.isNaN }
    }

    /// The pseudo-fold of the final model (``refitFold`` = the fold count): it trains on every
    /// development row and tests on the holdout. Its resampling and model streams are derived like
    /// any fold's, so a promoted model follows the same seed derivation as its trial.
    public var refitFold: Int { folds.foldCount }

    /// Dataset row indices of fold `fold`'s training and test parts, ascending. For
    /// ``refitFold``: the development rows and the holdout rows.
    public func rows(ofFold fold: Int) -> (train: [Int], test: [Int]) {
        if fold == refitFold { return (developmentRows, holdoutRows) }
        let (train, test) = folds.split(fold)
        return (train.map { developmentRows[$0] }, test.map { developmentRows[$0] })
    }
}
