import ExpCore
import Foundation
import Testing
@testable import ExpServer

/// A small served model with fixed weights, so that probabilities can be computed by hand.
///
/// Raw schema x0…x3; SelectKBest kept x1 and x3; the scaler maps them to (x1 − 1)/2 and
/// (x3 − 2)/4; the network is 2 → 2 (ReLU) → 1 (logistic) in float64:
///
///     h = relu(z · [[1, −1], [0.5, 2]] + [0, 0.5]),  p = σ(h · [1, −0.5] + 0.1)
enum Fixtures {
    static let rawNames = ["x0", "x1", "x2", "x3"]
    static let selectedNames = ["x1", "x3"]
    static let classNames = ["solvent", "bankrupt"]
    static let manifest = #"{"name": "toy", "version": 3, "files": {"model.json": "sha256:00"}}"#

    /// `imputer`: the medians (0, 5, 0, 2) of a training set with missing values.
    static func pipeline(imputer: Bool = false) throws -> InferencePipeline {
        let network = MLPNetwork<Double>(
            layerSizes: [2, 2, 1], activation: .relu,
            weights: [Matrix(rows: 2, columns: 2, elements: [1, -1, 0.5, 2]), Matrix(rows: 2, columns: 1, elements: [1, -0.5])],
            biases: [[0, 0.5], [0.1]])
        return try InferencePipeline(
            inputFeatureCount: 4, imputer: imputer ? SimpleImputer(statistics: [0, 5, 0, 2]) : nil, selectedIndices: [1, 3],
            scaler: StandardScaler(mean: [1, 2], variance: [4, 16], scale: [2, 4], samplesSeen: 10),
            network: .float64(network))
    }

    static func model(imputer: Bool = false) throws -> ServedModel {
        ServedModel(
            name: "toy", version: 3, digest: "sha256:abc123",
            inputFeatureNames: rawNames, selectedFeatureNames: selectedNames,
            labelName: "Bankrupt?", classNames: classNames,
            threshold: 0.5, riskBands: .default,
            pipeline: try pipeline(imputer: imputer), manifestJSON: Array(manifest.utf8))
    }

    static func service(imputer: Bool = false, _ configure: (inout ServerConfiguration) -> Void = { _ in }) throws
        -> PredictionService
    {
        var configuration = ServerConfiguration()
        configure(&configuration)
        return try PredictionService(model: model(imputer: imputer), configuration: configuration)
    }

    /// The hand computation for the row (x0, 10, x2, 6) or selected (10, 6)… in general (x1, x3).
    static func expectedProbability(x1: Double, x3: Double) -> Double {
        let z0 = (x1 - 1) / 2, z1 = (x3 - 2) / 4
        let h0 = max(0, z0 * 1 + z1 * 0.5 + 0), h1 = max(0, z0 * -1 + z1 * 2 + 0.5)
        return 1 / (1 + Foundation.exp(-(h0 * 1 + h1 * -0.5 + 0.1)))
    }

    /// Row A = (10, 3, −7, 6): z = (1, 1), h = (1.5, 1.5), logit 0.85, p ≈ 0.70057 (high, predicted 1).
    static let rowA: [Double] = [10, 3, -7, 6]
    static let pA = 0.7005671424739729
    /// Row B = (0, 1, 0, 2): z = (0, 0), h = (0, 0.5), logit −0.15, p ≈ 0.46257 (medium, predicted 0);
    /// the library's logistic gives this to within a few ulps.
    static let rowB: [Double] = [0, 1, 0, 2]
    static let pB = 0.46257015465625045
}

/// A decoded JSON response body.
struct JSONBody {
    let value: Any

    init(_ response: ServiceResponse) throws {
        value = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
    }

    init(bytes: [UInt8]) throws {
        value = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    subscript(_ key: String) -> JSONBody? {
        guard let object = value as? [String: Any], let child = object[key] else { return nil }
        return JSONBody(raw: child)
    }

    subscript(_ index: Int) -> JSONBody? {
        guard let array = value as? [Any], array.indices.contains(index) else { return nil }
        return JSONBody(raw: array[index])
    }

    private init(raw: Any) { value = raw }

    var string: String? { value as? String }
    var double: Double? { (value as? NSNumber)?.doubleValue }
    var int: Int? { (value as? NSNumber)?.intValue }
    var count: Int? { (value as? [Any])?.count ?? (value as? [String: Any])?.count }
    var strings: [String]? { value as? [String] }
    var isNull: Bool { value is NSNull }
}

/// The error code, message and details of an error response.
struct ErrorBody {
    let code: String
    let message: String
    let field: String?
    let details: JSONBody

    init(_ response: ServiceResponse) throws {
        let body = try JSONBody(response)
        let error = try #require(body["error"])
        code = try #require(error["code"]?.string)
        message = try #require(error["message"]?.string)
        details = try #require(error["details"])
        field = details["field"]?.string
    }
}

extension PredictionService {
    func post(_ path: String, _ json: String, headers: [String: String] = [:]) -> ServiceResponse {
        handle(.json(path, json, headers: headers))
    }

    func get(_ path: String, headers: [String: String] = [:]) -> ServiceResponse {
        handle(ServiceRequest(method: "GET", path: path, headers: headers))
    }
}

/// `[1.0, 2.0]` → `"[1.0, 2.0]"`.
func jsonArray(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
