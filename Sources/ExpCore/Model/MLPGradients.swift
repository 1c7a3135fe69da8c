/// Gradients of the training loss with respect to every weight and bias, shaped like the
/// network. sklearn: `coef_grads`, `intercept_grads`.
public struct MLPGradients<S: KernelScalar>: Sendable, Equatable {
    public var weights: [Matrix<S>]
    public var biases: [[S]]

    public init(zerosLike network: MLPNetwork<S>) {
        weights = network.weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
        biases = network.biases.map { [S](repeating: 0, count: $0.count) }
    }
}
