/// SMOTE over-sampling followed by Tomek-link cleaning (Batista, Prati and Monard, SIGKDD
/// Explorations 6, 2004). imblearn 0.14: `SMOTETomek()` is exactly
/// `TomekLinks(sampling_strategy='all').fit_resample(*SMOTE(k_neighbors=5).fit_resample(X, y))`:
/// the links are found on the already over-sampled data and both members are removed.
public struct SMOTETomek: Sendable, Equatable {
    public var smote: SMOTE
    public var tomek: TomekLinks

    public init(smote: SMOTE = SMOTE(), tomek: TomekLinks = TomekLinks(strategy: .all)) {
        self.smote = smote
        self.tomek = tomek
    }

    public func fitResample(_ x: Matrix<Double>, labels: [Int], generator: inout SeededGenerator) throws -> ResampledData {
        let over = try smote.fitResample(x, labels: labels, generator: &generator)
        var cleaned = tomek.fitResample(over.features, labels: over.labels)
        cleaned.syntheticCount = over.syntheticCount
        return cleaned
    }
}
