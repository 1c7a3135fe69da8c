/// A fitted MLP in the precision it was trained in. A bundle stores it as is, so a reloaded model
/// reproduces its probabilities bit for bit.
public enum TrainedNetwork: Sendable, Equatable {
    case float32(MLPNetwork<Float>)
    case float64(MLPNetwork<Double>)

    /// `"float32"` or `"float64"`, as a spec's `dtype`.
    public var dtypeName: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        }
    }

    /// `[features, hidden…, 1]`.
    public var layerSizes: [Int] {
        switch self {
        case let .float32(network): network.layerSizes
        case let .float64(network): network.layerSizes
        }
    }

    public var activation: Activation {
        switch self {
        case let .float32(network): network.activation
        case let .float64(network): network.activation
        }
    }

    public var featureCount: Int { layerSizes[0] }

    public var parameterCount: Int {
        switch self {
        case let .float32(network): network.parameterCount
        case let .float64(network): network.parameterCount
        }
    }

    public var isFinite: Bool {
        switch self {
        case let .float32(network): network.isFinite
        case let .float64(network): network.isFinite
        }
    }

    /// P(positive class) for every row of the scaled, selected matrix `x`, widened to Double.
    /// `x` is rounded once to the network's precision, exactly as in training.
    public func predictProbabilities(_ x: Matrix<Double>) -> [Double] {
        switch self {
        case let .float32(network): network.predictProbabilities(x.converted(to: Float.self)).map { Double($0) }
        case let .float64(network): network.predictProbabilities(x)
        }
    }
}
