import ExpCore
import ExpData
import ExpDomain

/// The prediction routes. Their input contract is ``FeatureDecoder``'s, the one `exp predict`
/// reads files with: the same shapes, the same two forms of a row (the full input schema or the
/// selected features alone), `null` imputed only when the model has an imputer, unknown columns
/// ignored and listed in `warnings`, and every refusal naming its field, row and column. This file
/// only maps the decoder's typed errors to 4xx responses and writes the answers.
extension PredictionService {
    /// Names the request body in decoder errors (never shown: the server sends `message`).
    static let inputSource = "request body"

    // MARK: POST /predict

    /// `{"data": [x…]}` (a full raw row in training order, or the k selected features in manifest
    /// order) or `{"features": {"name": x, …}}`.
    func predictOne(_ value: JSONValue) throws(APIError) -> (body: [UInt8], rows: Int) {
        let batch: FeatureBatch
        do {
            batch = try decoder.decodeSingle(value, file: Self.inputSource)
        } catch {
            throw APIError(input: error)
        }
        let probability = try score(batch)[0]
        return (singleResponse(probability, warnings: warnings(batch)), 1)
    }

    /// The `/predict` response, assembled from precomputed pieces.
    private func singleResponse(_ probability: Double, warnings: [String]) -> [UInt8] {
        var json = JSONWriter(capacity: 176 + modelIdentity.count)
        json.raw("{\"prediction\":")
        json.byte(probability >= model.threshold ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        json.raw(singlePredictionPieces.probability)
        json.number(1 - probability)
        json.raw(singlePredictionPieces.positive)
        json.number(probability)
        json.raw("},\"risk_level\":\"")
        json.raw(Self.riskLevelBytes(model.riskBands.level(probability)))
        json.raw(singlePredictionPieces.tail)
        json.key("warnings")
        json.stringArray(warnings)
        json.byte(UInt8(ascii: "}"))
        return json.bytes
    }

    // MARK: POST /v1/predict, /invocations

    /// `{"columns": [...], "data": [[...], ...]}` (optionally with `"index"`, or under
    /// `"dataframe_split"`), records (`[{...}, ...]` or under `"dataframe_records"`), or
    /// `{"instances": [[...], ...]}`; at most `maxBatch` rows (413 above).
    func predictBatch(_ value: JSONValue) throws(APIError) -> (body: [UInt8], rows: Int) {
        let batch: FeatureBatch
        do {
            batch = try decoder.decodeBatch(value, file: Self.inputSource)
        } catch {
            throw APIError(input: error)
        }
        let probabilities = try score(batch)
        return (batchResponse(probabilities, warnings: warnings(batch)), probabilities.count)
    }

    private func batchResponse(_ probabilities: [Double], warnings: [String]) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + probabilities.count * 64)
        json.raw("{\"predictions\":[")
        for (i, p) in probabilities.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(p >= model.threshold ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        }
        json.raw("],\"probabilities\":[")
        for (i, p) in probabilities.enumerated() {
            json.raw(i > 0 ? ",[" : "[")
            json.number(1 - p)
            json.byte(UInt8(ascii: ","))
            json.number(p)
            json.byte(UInt8(ascii: "]"))
        }
        json.raw("],\"risk_levels\":[")
        for (i, p) in probabilities.enumerated() {
            json.raw(i > 0 ? ",\"" : "\"")
            json.raw(Self.riskLevelBytes(model.riskBands.level(p)))
            json.byte(UInt8(ascii: "\""))
        }
        json.raw("],\"classes\":")
        json.stringArray(model.classNames)
        json.key("threshold")
        json.number(model.threshold)
        json.key("model")
        json.raw(modelIdentity)
        json.key("warnings")
        json.stringArray(warnings)
        json.byte(UInt8(ascii: "}"))
        return json.bytes
    }

    // MARK: Scoring

    /// Scores decoded rows (finite selected features, NaN only for a model that imputes) in one
    /// pipeline call: bit for bit what `exp predict` computes for the same rows.
    private func score(_ batch: FeatureBatch) throws(APIError) -> [Double] {
        do {
            return try model.pipeline.predictProbabilities(selected: batch.values)
        } catch {
            throw APIError(status: 500, code: "internal_error", message: "scoring failed: \(error)")
        }
    }

    /// The `warnings` of a response: the supplied columns outside the input schema.
    private func warnings(_ batch: FeatureBatch) -> [String] {
        let unknown = batch.ignoredColumns
        guard !unknown.isEmpty else { return [] }
        let noun = unknown.count == 1 ? "column" : "columns"
        return ["ignored \(unknown.count) \(noun) not in the model's input schema: \(quoted(unknown))"]
    }

    static func riskLevelBytes(_ level: RiskLevel) -> StaticString {
        switch level {
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        }
    }
}
