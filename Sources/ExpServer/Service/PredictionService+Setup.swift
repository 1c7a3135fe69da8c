import ExpCore
import ExpDomain

extension PredictionService {
    static func validate(_ model: ServedModel) throws(ServerError) {
        let pipeline = model.pipeline
        guard model.inputFeatureNames.count == pipeline.inputFeatureCount else {
            throw .invalidModel("the input schema names \(model.inputFeatureNames.count) columns, the pipeline expects \(pipeline.inputFeatureCount)")
        }
        var seen = Set<String>()
        let duplicates = model.inputFeatureNames.filter { !seen.insert($0).inserted }
        guard duplicates.isEmpty else { throw .invalidModel("duplicate input columns: \(quoted(duplicates))") }
        let expected = pipeline.selectedIndices.map { model.inputFeatureNames[$0] }
        guard model.selectedFeatureNames == expected else {
            throw .invalidModel("the selected feature names \(quoted(model.selectedFeatureNames)) do not match the pipeline's selection \(quoted(expected))")
        }
        guard model.classNames.count == 2, model.classNames[0] != model.classNames[1] else {
            throw .invalidModel("a binary model needs two distinct class names [negative, positive], got \(model.classNames)")
        }
        guard model.threshold.isFinite, model.threshold >= 0, model.threshold <= 1 else {
            throw .invalidModel("the threshold must lie in [0, 1], got \(model.threshold)")
        }
        let manifest: JSONValue
        do {
            manifest = try JSONParser.parse(model.manifestJSON)
        } catch {
            throw .invalidModel("manifest.json is not valid JSON: \(error.description)")
        }
        guard case .object = manifest else { throw .invalidModel("manifest.json must hold a JSON object") }
    }

    static func validate(_ configuration: ServerConfiguration) throws(ServerError) {
        guard (0...65_535).contains(configuration.port) else {
            throw .invalidConfiguration("port \(configuration.port) is outside 0...65535")
        }
        guard configuration.maxBatch >= 1 else { throw .invalidConfiguration("max batch must be at least 1") }
        guard configuration.maxBodyBytes >= 1 else { throw .invalidConfiguration("max body bytes must be at least 1") }
        if let token = configuration.token, token.isEmpty || token.contains(where: { $0 == " " || $0.isNewline }) {
            throw .invalidConfiguration("the token must be non-empty, without spaces or newlines")
        }
        guard configuration.requestTimeout > .zero, configuration.idleTimeout > .zero,
              configuration.shutdownGracePeriod >= .zero else {
            throw .invalidConfiguration("timeouts must be positive")
        }
        guard !configuration.host.isEmpty else { throw .invalidConfiguration("the host is empty") }
        if let threads = configuration.eventLoopThreads, !(1...256).contains(threads) {
            throw .invalidConfiguration("event-loop threads must lie in 1...256")
        }
    }

    /// The `GET /v1/model` document: the manifest verbatim, the input schema and the limits.
    static func modelDocument(model: ServedModel, configuration: ServerConfiguration, identity: [UInt8]) -> [UInt8] {
        let selected = Set(model.pipeline.selectedIndices)
        var json = JSONWriter(capacity: model.manifestJSON.count + 64 * model.inputFeatureNames.count + 256)
        json.raw("{\"manifest\":")
        json.raw(model.manifestJSON)
        json.raw(",\"input_schema\":{\"columns\":[")
        for (i, name) in model.inputFeatureNames.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"name\":")
            json.string(name)
            json.raw(",\"type\":\"double\",\"selected\":")
            json.bool(selected.contains(i))
            json.byte(UInt8(ascii: "}"))
        }
        json.raw("]")
        json.key("selected_features")
        json.stringArray(model.selectedFeatureNames)
        json.key("label")
        json.string(model.labelName)
        json.key("classes")
        json.stringArray(model.classNames)
        json.key("threshold")
        json.number(model.threshold)
        json.raw(",\"risk_bands\":{\"low\":")
        json.number(model.riskBands.low)
        json.key("high")
        json.number(model.riskBands.high)
        json.raw("}}")
        json.raw(",\"limits\":{\"max_batch\":")
        json.integer(configuration.maxBatch)
        json.key("max_body_bytes")
        json.integer(configuration.maxBodyBytes)
        json.raw("}")
        json.key("model")
        json.raw(identity)
        json.byte(UInt8(ascii: "}"))
        return json.bytes
    }
}
