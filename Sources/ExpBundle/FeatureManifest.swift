import ExpDomain
import ExpCore

/// The contents of `features.json`: the features SelectKBest kept, in input order, each with its
/// name, raw column index and ANOVA F-test result. sklearn: `SelectKBest.get_support(indices=True)`,
/// `scores_`, `pvalues_`.
///
/// A constant feature has an undefined (NaN) F-score; it is written as `null`.
///
/// ```swift
/// let features = try FeatureManifest(selection: selector, featureNames: names)
/// features.names    // ["Attr3", "Attr17", …], ascending raw column order
/// ```
public struct FeatureManifest: Sendable, Equatable, Codable {
    /// One selected feature.
    public struct Feature: Sendable, Equatable, Codable {
        /// The raw column's name in the input schema.
        public var name: String
        /// The raw column index (0-based) in the input schema.
        public var column: Int
        /// The ANOVA F statistic (sklearn: `scores_[column]`); NaN for a constant feature.
        public var fScore: Double
        /// Its p-value (sklearn: `pvalues_[column]`); NaN for a constant feature.
        public var pValue: Double

        public init(name: String, column: Int, fScore: Double, pValue: Double) {
            self.name = name
            self.column = column
            self.fScore = fScore
            self.pValue = pValue
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            column = try container.decode(Int.self, forKey: .column)
            fScore = try container.decodeIfPresent(Double.self, forKey: .fScore) ?? .nan
            pValue = try container.decodeIfPresent(Double.self, forKey: .pValue) ?? .nan
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(column, forKey: .column)
            try container.encodeNullable(fScore, forKey: .fScore)
            try container.encodeNullable(pValue, forKey: .pValue)
        }

        enum CodingKeys: String, CodingKey {
            case name, column
            case fScore = "f_score"
            case pValue = "p_value"
        }

        public static func == (lhs: Feature, rhs: Feature) -> Bool {
            lhs.name == rhs.name && lhs.column == rhs.column && sameValue(lhs.fScore, rhs.fScore)
                && sameValue(lhs.pValue, rhs.pValue)
        }
    }

    /// The number of selected features (SelectKBest's `k`); equals `features.count`.
    public var k: Int
    /// The number of raw input features the selection chose from.
    public var totalFeatures: Int
    /// The selected features, ascending by raw column (the order the network sees them in).
    public var features: [Feature]

    public init(features: [Feature], totalFeatures: Int) {
        self.k = features.count
        self.totalFeatures = totalFeatures
        self.features = features
    }

    /// The manifest of a fitted selector over columns named `featureNames`.
    ///
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` (features.json) when the names do not
    ///   match the selector's feature count.
    public init(selection: SelectKBest, featureNames: [String]) throws {
        guard featureNames.count == selection.featureCount else {
            throw BundleError.invalidMember(
                member: BundleMember.features.rawValue,
                reason: "\(featureNames.count) feature names for a selection over \(selection.featureCount) features")
        }
        self.init(
            features: selection.selectedIndices.map {
                Feature(name: featureNames[$0], column: $0, fScore: selection.scores[$0], pValue: selection.pValues[$0])
            },
            totalFeatures: selection.featureCount)
    }

    /// The selected feature names, in order.
    public var names: [String] { features.map(\.name) }
    /// The selected raw column indices, in order.
    public var columns: [Int] { features.map(\.column) }

    enum CodingKeys: String, CodingKey {
        case k, features
        case totalFeatures = "total_features"
    }
}
