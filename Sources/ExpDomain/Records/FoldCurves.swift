import Foundation

/// What the store keeps of a fold besides its metrics: the learning curves and the features
/// SelectKBest kept. Stored as JSON in ``FoldOutcome/curvesJSON``; non-finite values are written
/// as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (JSON has no such numbers).
public struct FoldCurves: Sendable, Hashable, Codable {
    /// sklearn: `MLPClassifier.loss_curve_`.
    public var loss: [Double]
    /// sklearn: `MLPClassifier.validation_scores_` (early stopping only).
    public var validationScore: [Double]
    /// The validation log-loss per epoch (early stopping only).
    public var validationLogLoss: [Double]
    /// Raw column indices kept by SelectKBest in this fold.
    public var selectedFeatures: [Int]
    /// Training rows after resampling.
    public var resampledRows: Int
    /// Whether the optimiser converged before `max_iter`.
    public var converged: Bool

    public init(loss: [Double], validationScore: [Double], validationLogLoss: [Double], selectedFeatures: [Int],
                resampledRows: Int, converged: Bool) {
        self.loss = loss
        self.validationScore = validationScore
        self.validationLogLoss = validationLogLoss
        self.selectedFeatures = selectedFeatures
        self.resampledRows = resampledRows
        self.converged = converged
    }

    enum CodingKeys: String, CodingKey {
        case loss, converged
        case validationScore = "validation_score"
        case validationLogLoss = "validation_log_loss"
        case selectedFeatures = "selected_features"
        case resampledRows = "resampled_rows"
    }

    /// The stored form: keys sorted, so equal curves give equal bytes.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Decodes the stored form; a damaged one is an error naming `record` and the field.
    public static func decode(_ json: String, record: String) throws(DomainError) -> FoldCurves {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(FoldCurves.self, from: Data(json.utf8))
        } catch {
            throw .corruptRecord(record: record, field: "curves_json", reason: StoredJSON.reason(error))
        }
    }
}
