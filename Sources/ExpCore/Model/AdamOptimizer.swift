/// Adam (Kingma and Ba, "Adam: a method for stochastic optimization", ICLR 2015) exactly as
/// scikit-learn applies it. sklearn: `neural_network._stochastic_optimizers.AdamOptimizer`.
///
/// Per step: `t += 1`, `m = β₁m + (1−β₁)g`, `v = β₂v + (1−β₂)g²`,
/// `lr_t = lr·sqrt(1−β₂ᵗ)/(1−β₁ᵗ)`, `w += (−lr_t·m)/(sqrt(v)+ε)`; ε is not bias-corrected.
/// The step size is computed in Double (as Python does) and rounded to `S`.
public struct AdamOptimizer<S: KernelScalar>: Sendable {
    public let learningRateInit: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// Steps taken so far. sklearn: `t`.
    public private(set) var step = 0
    /// The bias-corrected step size of the last update. sklearn: `learning_rate`.
    public private(set) var learningRate: Double
    var mWeights: [[S]], vWeights: [[S]], mBiases: [[S]], vBiases: [[S]]

    public init(for network: MLPNetwork<S>, learningRateInit: Double, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRateInit = learningRateInit
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.learningRate = learningRateInit
        mWeights = network.weights.map { [S](repeating: 0, count: $0.elements.count) }
        vWeights = mWeights
        mBiases = network.biases.map { [S](repeating: 0, count: $0.count) }
        vBiases = mBiases
    }

    /// Applies one update with `gradients` to `network`.
    public mutating func update(_ network: inout MLPNetwork<S>, with gradients: MLPGradients<S>) {
        step += 1
        let t = step
        learningRate = learningRateInit * (1 - ElementaryFunctions.pow(beta2, t)).squareRoot()
            / (1 - ElementaryFunctions.pow(beta1, t))
        let b1 = S(rounding: beta1), c1 = S(rounding: 1 - beta1), b2 = S(rounding: beta2), c2 = S(rounding: 1 - beta2)
        let negativeRate = S(rounding: -learningRate), eps = S(rounding: epsilon)
        for l in network.weights.indices {
            Self.apply(&network.weights[l].elements, gradients.weights[l].elements, &mWeights[l], &vWeights[l],
                       b1, c1, b2, c2, negativeRate, eps)
            Self.apply(&network.biases[l], gradients.biases[l], &mBiases[l], &vBiases[l],
                       b1, c1, b2, c2, negativeRate, eps)
        }
    }

    @inline(__always)
    static func apply(_ w: inout [S], _ g: [S], _ m: inout [S], _ v: inout [S],
                      _ b1: S, _ c1: S, _ b2: S, _ c2: S, _ negativeRate: S, _ eps: S) {
        let n = w.count
        w.withUnsafeMutableBufferPointer { w in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    g.withUnsafeBufferPointer { g in
                        for i in 0..<n {
                            let gi = g[i]
                            let mi = b1 * m[i] + c1 * gi
                            let vi = b2 * v[i] + c2 * (gi * gi)
                            m[i] = mi
                            v[i] = vi
                            w[i] = w[i] + (negativeRate * mi) / (vi.squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
