import ExpDomain
import ExpCore

/// The layout of `model.json`: a ``TrainedNetwork`` with its weights in the network's own precision,
/// so Float weights are written with Float's shortest round-trip digits and reload bit-identical.
///
/// ```json
/// {
///   "accumulation" : "separate",
///   "activation" : "relu",
///   "biases" : [[0.1, -0.2], [0.05]],
///   "dtype" : "float32",
///   "layer_sizes" : [3, 2, 1],
///   "weights" : [[…3 × 2 values, row-major…], […2 × 1…]]
/// }
/// ```
struct ModelDocument<S: KernelScalar>: Codable {
    var dtype: String
    var layerSizes: [Int]
    var activation: Activation
    var accumulation: GEMM.Accumulation
    /// Per layer l, the `layerSizes[l] × layerSizes[l+1]` weight matrix in row-major order.
    var weights: [[S]]
    /// Per layer l, `layerSizes[l+1]` biases.
    var biases: [[S]]

    enum CodingKeys: String, CodingKey {
        case dtype, activation, accumulation, weights, biases
        case layerSizes = "layer_sizes"
    }

    init(_ network: MLPNetwork<S>, dtype: String) {
        self.dtype = dtype
        layerSizes = network.layerSizes
        activation = network.activation
        accumulation = network.accumulation
        weights = network.weights.map(\.elements)
        biases = network.biases
    }

    /// The network, after checking every shape (`MLPNetwork.init` traps on a mismatch).
    func network() throws -> MLPNetwork<S> {
        let member = BundleMember.model.rawValue
        func invalid(_ reason: String) -> BundleError { .invalidMember(member: member, reason: reason) }
        guard layerSizes.count >= 2 else {
            throw invalid("layer_sizes needs at least an input and an output layer, got \(layerSizes)")
        }
        guard layerSizes.allSatisfy({ $0 >= 1 }) else { throw invalid("every layer size must be at least 1, got \(layerSizes)") }
        let layers = layerSizes.count - 1
        guard weights.count == layers else {
            throw invalid("layer_sizes \(layerSizes) needs \(layers) weight matrices, found \(weights.count)")
        }
        guard biases.count == layers else {
            throw invalid("layer_sizes \(layerSizes) needs \(layers) bias vectors, found \(biases.count)")
        }
        var matrices: [Matrix<S>] = []
        for l in 0..<layers {
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1]
            let (product, overflow) = fanIn.multipliedReportingOverflow(by: fanOut)
            guard !overflow, weights[l].count == product else {
                throw invalid("layer \(l) has \(weights[l].count) weights, expected \(fanIn) × \(fanOut) = \(fanIn &* fanOut)")
            }
            guard biases[l].count == fanOut else {
                throw invalid("layer \(l) has \(biases[l].count) biases, expected \(fanOut)")
            }
            matrices.append(Matrix(rows: fanIn, columns: fanOut, elements: weights[l]))
        }
        return MLPNetwork(layerSizes: layerSizes, activation: activation, weights: matrices, biases: biases,
                          accumulation: accumulation)
    }
}

/// The precision-independent part of `model.json`, read first to pick the weights' type.
struct ModelHeader: Decodable {
    var dtype: String
}

extension TrainedNetwork {
    /// `model.json` bytes.
    func encodedDocument() throws -> [UInt8] {
        switch self {
        case let .float32(network): try BundleJSON.encode(ModelDocument(network, dtype: dtypeName), member: .model)
        case let .float64(network): try BundleJSON.encode(ModelDocument(network, dtype: dtypeName), member: .model)
        }
    }

    /// The network of a `model.json`.
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` naming model.json.
    static func decodeDocument(_ bytes: [UInt8]) throws -> TrainedNetwork {
        let header = try BundleJSON.decode(ModelHeader.self, from: bytes, member: .model)
        switch header.dtype {
        case "float32":
            return .float32(try BundleJSON.decode(ModelDocument<Float>.self, from: bytes, member: .model).network())
        case "float64":
            return .float64(try BundleJSON.decode(ModelDocument<Double>.self, from: bytes, member: .model).network())
        default:
            throw BundleError.invalidMember(
                member: BundleMember.model.rawValue, reason: "unknown dtype '\(header.dtype)'; expected float32 or float64")
        }
    }
}
