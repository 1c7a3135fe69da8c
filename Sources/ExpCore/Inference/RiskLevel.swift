/// A coarse reading of a probability for people: below ``RiskBands/low`` is low, at or above
/// ``RiskBands/high`` is high, anything between is medium.
public enum RiskLevel: String, Sendable, Equatable, Codable, CaseIterable {
    case low, medium, high
}

/// The cut points that turn a positive-class probability into a ``RiskLevel``.
public struct RiskBands: Sendable, Equatable, Codable {
    /// Probabilities below this are ``RiskLevel/low``.
    public let low: Double
    /// Probabilities at or above this are ``RiskLevel/high``.
    public let high: Double

    /// The defaults: low below 0.3, high at 0.7 or above.
    public static let `default` = RiskBands(uncheckedLow: 0.3, high: 0.7)

    /// - Throws: ``ExpCoreError/invalidParameter(name:reason:)`` unless 0 ≤ low ≤ high ≤ 1.
    public init(low: Double, high: Double) throws {
        guard low.isFinite, high.isFinite, low >= 0, low <= high, high <= 1 else {
            throw ExpCoreError.invalidParameter(
                name: "risk_levels", reason: "cut points must satisfy 0 ≤ low ≤ high ≤ 1 (got low \(low), high \(high))")
        }
        self.init(uncheckedLow: low, high: high)
    }

    private init(uncheckedLow low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let low = try container.decode(Double.self, forKey: .low)
        let high = try container.decode(Double.self, forKey: .high)
        do { try self.init(low: low, high: high) } catch {
            throw DecodingError.dataCorruptedError(forKey: .high, in: container, debugDescription: "\(error)")
        }
    }

    public func level(_ probability: Double) -> RiskLevel {
        if probability >= high { return .high }
        if probability < low { return .low }
        return .medium
    }
}
