/// The output of a resampler: features and labels, plus what was done to them.
public struct ResampledData: Sendable, Equatable {
    public var features: Matrix<Double>
    public var labels: [Int]
    /// Rows appended by over-sampling.
    public var syntheticCount: Int
    /// Rows removed by under-sampling.
    public var removedCount: Int

    public init(features: Matrix<Double>, labels: [Int], syntheticCount: Int = 0, removedCount: Int = 0) {
        self.features = features
        self.labels = labels
        self.syntheticCount = syntheticCount
        self.removedCount = removedCount
    }
}

/// The resampling step of the pipeline, as named in specs and bundles.
public enum ResamplingMethod: String, Sendable, Codable, CaseIterable {
    case none
    case smote
    case smoteTomek = "smote-tomek"

    /// Applies the method to a training fold. The seed decides SMOTE's synthetic points.
    public func apply(_ x: Matrix<Double>, labels: [Int], generator: inout SeededGenerator) throws -> ResampledData {
        switch self {
        case .none: return ResampledData(features: x, labels: labels)
        case .smote: return try SMOTE().fitResample(x, labels: labels, generator: &generator)
        case .smoteTomek: return try SMOTETomek().fitResample(x, labels: labels, generator: &generator)
        }
    }
}
