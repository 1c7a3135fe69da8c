import ExpCore
import ExpDomain

extension SweepSpec {
    /// Checks the spec against the data it will run on, naming the key and line of a problem:
    /// - every `k_best` the sweep may use (fixed, listed, or a range's `max`) is at most
    ///   `featureCount`;
    /// - `cv.folds` is at most `minorityCount` (scikit-learn's `StratifiedKFold` needs at least
    ///   one row of each class per fold);
    /// - when a trial may use SMOTE, every `k_neighbors` it may use is below the minority rows of
    ///   the smallest training fold, `minorityCount − ⌈minorityCount / folds⌉` (imblearn needs
    ///   more minority rows than `k_neighbors`).
    /// - Parameters:
    ///   - featureCount: The number of feature columns of the data.
    ///   - minorityCount: The minority-class rows of the part the sweep trains on, i.e. after the
    ///     `data.holdout` split.
    /// - Throws: ``SpecError``.
    public func validate(featureCount: Int, minorityCount: Int) throws {
        for (path, value) in values(of: .kBest) {
            if case let .int(k) = value, k > featureCount {
                throw source.error(path, "k_best = \(k) is above the number of features (\(featureCount))")
            }
        }
        if cv.folds > minorityCount {
            throw source.error(
                "cv.folds",
                "\(cv.folds) folds need at least \(cv.folds) rows of the minority class in the training data, found \(minorityCount)")
        }
        let resamples = values(of: .resampling).contains { $0.value != .string(ResamplingMethod.none.rawValue) }
        guard resamples else { return }
        let smallestFold = minorityCount - (minorityCount + cv.folds - 1) / cv.folds
        for (path, value) in values(of: .kNeighbors) {
            if case let .int(k) = value, k >= smallestFold {
                let isDefault = source.location(of: path) == nil && !model.contains { $0.key == .kNeighbors }
                throw source.error(
                    path,
                    "k_neighbors = \(k)\(isDefault ? " (the default)" : "") is too large: SMOTE needs more minority rows "
                        + "than k_neighbors, and the smallest training fold has \(smallestFold)")
            }
        }
    }

    /// Every value `key` may take in the sweep, with the key path it comes from: the listed
    /// values (`search.parameters.k[i]`), a range's bounds (`….min`, `….max`), the fixed setting
    /// (`model.k`), or else the default (`model.k`, not in the file).
    func values(of key: ParameterKey) -> [(path: String, value: ParameterValue)] {
        let searchPath = "search.parameters." + key.rawValue
        if let p = search.parameters.first(where: { $0.key == key }) {
            switch p.domain {
            case let .values(list):
                return list.enumerated().map { ("\(searchPath)[\($0.offset)]", $0.element) }
            case let .range(r):
                return [(searchPath + ".min", r.min), (searchPath + ".max", r.max)]
            }
        }
        let path = "model." + key.rawValue
        return [(path, model.first { $0.key == key }?.value ?? TrialParameters().value(for: key))]
    }
}
