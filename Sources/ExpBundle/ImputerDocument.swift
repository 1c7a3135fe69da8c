import ExpDomain
import ExpCore

/// The layout of `imputer.json`: a fitted ``SimpleImputer`` over the raw input features
/// (sklearn: `strategy`, `statistics_`).
///
/// ```json
/// { "empty_features" : [], "statistics" : [0.5, 12, 3.25], "strategy" : "median" }
/// ```
struct ImputerDocument: Codable {
    var strategy: String
    var statistics: [Double]
    /// Raw columns that had no observed value at fit time (imputed with 0), ascending.
    var emptyFeatures: [Int]

    enum CodingKeys: String, CodingKey {
        case strategy, statistics
        case emptyFeatures = "empty_features"
    }

    init(_ imputer: SimpleImputer) {
        strategy = imputer.strategy.rawValue
        statistics = imputer.statistics
        emptyFeatures = imputer.emptyFeatureIndices
    }

    /// The imputer, after checking its strategy and that every fill value is finite.
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` naming imputer.json.
    func imputer() throws -> SimpleImputer {
        func invalid(_ reason: String) -> BundleError { .invalidMember(member: BundleMember.imputer.rawValue, reason: reason) }
        guard let strategy = SimpleImputer.Strategy(rawValue: strategy) else {
            throw invalid("unknown strategy '\(strategy)'; expected median")
        }
        guard statistics.allSatisfy(\.isFinite) else { throw invalid("every statistic must be finite") }
        guard emptyFeatures.allSatisfy({ $0 >= 0 && $0 < statistics.count }) else {
            throw invalid("empty_features must be column indices below \(statistics.count)")
        }
        return SimpleImputer(strategy: strategy, statistics: statistics, emptyFeatureIndices: emptyFeatures)
    }
}
