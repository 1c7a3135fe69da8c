// libFuzzer target: the prediction server's request handling without the network, i.e.
// `PredictionService.handle` (routing, method, token, content type, declared length, the strict
// JSON body parser, the single-row and batch request shapes, scoring and the JSON response).
//
// Input: byte 0 picks the route and method, byte 1 the headers; the rest is the body. Every
// request must get a response with a 2xx or 4xx status whose body is JSON; a trap, a sanitizer
// report, a 5xx or a hang is a bug.
import ExpCore
import ExpDomain
@testable import ExpServer

private let service: PredictionService = {
    let network = MLPNetwork<Double>(
        layerSizes: [2, 2, 1], activation: .relu,
        weights: [Matrix(rows: 2, columns: 2, elements: [1, -1, 0.5, 2]), Matrix(rows: 2, columns: 1, elements: [1, -0.5])],
        biases: [[0, 0.5], [0.1]])
    do {
        let pipeline = try InferencePipeline(
            inputFeatureCount: 4, imputer: nil, selectedIndices: [1, 3],
            scaler: StandardScaler(mean: [1, 2], variance: [4, 16], scale: [2, 4], samplesSeen: 10),
            network: .float64(network))
        let model = ServedModel(
            name: "toy", version: 3, digest: "sha256:abc123",
            inputFeatureNames: ["x0", "x1", "x2", "x3"], selectedFeatureNames: ["x1", "x3"],
            labelName: "Bankrupt?", classNames: ["solvent", "bankrupt"], threshold: 0.5, riskBands: .default,
            pipeline: pipeline, manifestJSON: Array(#"{"name": "toy", "version": 3}"#.utf8))
        var configuration = ServerConfiguration()
        configuration.maxBatch = 64
        configuration.maxBodyBytes = 1 << 16
        configuration.token = "secret"
        configuration.allowedOrigins = ["https://ok.example"]
        return try PredictionService(model: model, configuration: configuration)
    } catch {
        fatalError("cannot build the fuzzed service: \(error)")
    }
}()

private let paths = ["/predict", "/v1/predict", "/invocations", "/health", "/v1/model", "/metrics", "/nope",
                     "/v1/predict?x=1"]
private let methods = ["POST", "GET", "OPTIONS", "PUT"]
private let contentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "", "APPLICATION/JSON"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 2 else { return 0 }
    let route = Int(data[0])
    let flags = Int(data[1])
    let body = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))
    var headers: [String: String] = [:]
    // Mostly the happy path's head, so that the body reaches the parser and the scorer.
    let method = route & 0xC0 == 0 ? methods[(route >> 3) & 3] : (route & 7 < 3 ? "POST" : "GET")
    if flags & 1 == 0 { headers["authorization"] = "Bearer secret" } else if flags & 2 != 0 { headers["authorization"] = "Bearer nope" }
    let type = contentTypes[(flags >> 2) % contentTypes.count]
    if !type.isEmpty { headers["content-type"] = type }
    if flags & 0x20 != 0 { headers["origin"] = flags & 0x40 != 0 ? "https://ok.example" : "https://evil.example" }
    if flags & 0x80 != 0 { headers["content-length"] = String(body.count) }
    let request = ServiceRequest(method: method, path: paths[route & 7], headers: headers, body: body)
    let response = service.handle(request)
    precondition((200..<500).contains(response.status) && !(300..<400).contains(response.status),
                 "status \(response.status) for \(method) \(request.path): \(response.text)")
    if response.status != 204, response.header("content-type")?.hasPrefix("application/json") == true {
        do {
            _ = try JSONParser.parse(response.body)
        } catch {
            preconditionFailure("the response body is not JSON: \(response.text)")
        }
    }
    return 0
}
