/// The parameters of a binary multi-layer perceptron: weight matrices `W[l]` of shape
/// `fanIn × fanOut` and bias vectors, with a logistic output unit. sklearn: `coefs_`,
/// `intercepts_`, `out_activation_ = 'logistic'`.
public struct MLPNetwork<S: KernelScalar>: Sendable, Codable, Equatable {
    /// `[features, hidden…, 1]`. sklearn: `layer_units`.
    public private(set) var layerSizes: [Int]
    public private(set) var activation: Activation
    public var weights: [Matrix<S>]
    public var biases: [[S]]
    /// How the matrix products accumulate (``GEMM/Accumulation``); part of the model, so that
    /// reloading it reproduces its probabilities bit for bit.
    public private(set) var accumulation: GEMM.Accumulation

    public init(layerSizes: [Int], activation: Activation, weights: [Matrix<S>], biases: [[S]],
                accumulation: GEMM.Accumulation = .separate) {
        precondition(layerSizes.count >= 2 && weights.count == layerSizes.count - 1 && biases.count == weights.count)
        for l in weights.indices {
            precondition(weights[l].rows == layerSizes[l] && weights[l].columns == layerSizes[l + 1])
            precondition(biases[l].count == layerSizes[l + 1])
        }
        self.layerSizes = layerSizes
        self.activation = activation
        self.weights = weights
        self.biases = biases
        self.accumulation = accumulation
    }

    /// Glorot-uniform initialisation as scikit-learn's `_init_coef`: for each layer, in order,
    /// the weights then the biases are drawn from U(−b, b) with b = sqrt(factor/(fanIn + fanOut)),
    /// factor 6, or 2 when the hidden activation is logistic (Glorot and Bengio, AISTATS 2010).
    /// Values are drawn in Double and rounded to `S`, as scikit-learn casts float64 draws.
    public static func glorotUniform(
        layerSizes: [Int], activation: Activation, accumulation: GEMM.Accumulation = .separate,
        generator: inout SeededGenerator
    ) -> MLPNetwork {
        var weights: [Matrix<S>] = [], biases: [[S]] = []
        let factor: Double = activation == .logistic ? 2 : 6
        for l in 0..<(layerSizes.count - 1) {
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1]
            let bound = (factor / Double(fanIn + fanOut)).squareRoot()
            let w = (0..<(fanIn * fanOut)).map { _ in S(rounding: generator.uniform(-bound, bound)) }
            weights.append(Matrix(rows: fanIn, columns: fanOut, elements: w))
            biases.append((0..<fanOut).map { _ in S(rounding: generator.uniform(-bound, bound)) })
        }
        return MLPNetwork(layerSizes: layerSizes, activation: activation, weights: weights, biases: biases,
                          accumulation: accumulation)
    }

    public var featureCount: Int { layerSizes[0] }
    public var parameterCount: Int { zip(weights, biases).reduce(0) { $0 + $1.0.elements.count + $1.1.count } }

    /// Whether every weight and bias is finite.
    public var isFinite: Bool {
        weights.allSatisfy { $0.elements.allSatisfy(\.isFinite) } && biases.allSatisfy { $0.allSatisfy(\.isFinite) }
    }

    /// P(positive class) for every row of `x`. sklearn: `predict_proba(X)[:, 1]`
    /// (`_forward_pass_fast`).
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    public func predictProbabilities(_ x: Matrix<S>) -> [S] {
        precondition(x.columns == featureCount, "expected \(featureCount) features, got \(x.columns)")
        var a = x
        for l in weights.indices {
            var z = Matrix<S>(rows: a.rows, columns: layerSizes[l + 1])
            forwardLayer(l, input: a, output: &z, rows: a.rows)
            a = z
        }
        return a.elements
    }

    /// `output = f(input · W[l] + b[l])` for the first `rows` rows, with `f` the hidden activation,
    /// or the logistic function on the last layer.
    @inlinable
    func forwardLayer(_ l: Int, input: Matrix<S>, output: inout Matrix<S>, rows: Int) {
        GEMM.multiply(input, weights[l], into: &output, accumulation: accumulation)
        let n = output.columns
        let count = rows * n
        RowKernels.addRowVector(biases[l], to: &output.elements, rows: rows, columns: n)
        if l == weights.count - 1 {
            Activation.logistic.apply(&output.elements, count: count)
        } else {
            activation.apply(&output.elements, count: count)
        }
    }
}
