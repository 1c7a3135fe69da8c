import ExpTestSupport
import Testing
@testable import ExpCore

/// Parity with scikit-learn 1.9.1 `MLPClassifier` internals on the mlp.json fixture:
/// forward pass, loss, gradients and three Adam steps, for relu, tanh and logistic hidden layers.
/// Tolerance (reference README): 1e-12 relative with an absolute floor of 1e-15.
@Suite("MLP parity with scikit-learn")
struct MLPParityTests {
    struct Case {
        let activation: Activation
        let network: MLPNetwork<Double>
        let raw: [String: Any]
    }

    static func loadCases() throws -> (x: Matrix<Double>, y: [Int], alpha: Double, cases: [Case]) {
        let fixture = try ReferenceFixture.load("mlp")
        let x = Matrix(ReferenceFixture.matrix(fixture["X"]))
        let y = ReferenceFixture.ints(fixture["y"])
        let alpha = ReferenceFixture.double(fixture["alpha"])
        let sizes = ReferenceFixture.ints(fixture["layer_units"])
        let cases = try (fixture["cases"] as? [[String: Any]] ?? []).map { raw in
            let activation = try #require(Activation(rawValue: raw["activation"] as? String ?? ""))
            let weights = (raw["initial_coefs_"] as? [Any] ?? []).map { Matrix(ReferenceFixture.matrix($0)) }
            let biases = (raw["initial_intercepts_"] as? [Any] ?? []).map { ReferenceFixture.doubles($0) }
            let network = MLPNetwork(layerSizes: sizes, activation: activation, weights: weights, biases: biases)
            return Case(activation: activation, network: network, raw: raw)
        }
        #expect(cases.count == 3)
        return (x, y, alpha, cases)
    }

    func fullBatch(_ x: Matrix<Double>, _ y: [Int], _ network: MLPNetwork<Double>) -> MLPBackpropagation<Double> {
        var batch = MLPBackpropagation<Double>(layerSizes: network.layerSizes, rows: x.rows)
        batch.loadBatch(x, labels: y.map(Double.init), indices: Array(0..<x.rows)[...])
        batch.forward(network)
        return batch
    }

    @Test func forwardPassAndPredictProba() throws {
        let (x, y, _, cases) = try Self.loadCases()
        for c in cases {
            let batch = fullBatch(x, y, c.network)
            let hidden = (c.raw["hidden_activations"] as? [Any] ?? []).map { ReferenceFixture.matrix($0).flatMap { $0 } }
            for (l, expected) in hidden.enumerated() {
                expectClose(batch.activations[l + 1].elements, expected, "\(c.activation) hidden \(l)")
            }
            let proba = ReferenceFixture.matrix(c.raw["predict_proba"])
            expectClose(c.network.predictProbabilities(x), proba.map { $0[1] }, "\(c.activation) p1")
            expectClose(c.network.predictProbabilities(x).map { 1 - $0 }, proba.map { $0[0] }, "\(c.activation) p0")
        }
    }

    @Test func lossAndGradients() throws {
        let (x, y, alpha, cases) = try Self.loadCases()
        for c in cases {
            var batch = fullBatch(x, y, c.network)
            let loss = batch.loss(c.network, alpha: alpha)
            #expect(isClose(loss, ReferenceFixture.double(c.raw["loss"])), "\(c.activation) loss \(loss)")
            var gradients = MLPGradients(zerosLike: c.network)
            batch.backward(c.network, alpha: alpha, into: &gradients)
            let coefGrads = (c.raw["coef_grads"] as? [Any] ?? []).map { ReferenceFixture.matrix($0).flatMap { $0 } }
            let interceptGrads = (c.raw["intercept_grads"] as? [Any] ?? []).map { ReferenceFixture.doubles($0) }
            for l in 0..<3 {
                expectClose(gradients.weights[l].elements, coefGrads[l], "\(c.activation) coef_grads[\(l)]")
                expectClose(gradients.biases[l], interceptGrads[l], "\(c.activation) intercept_grads[\(l)]")
            }
        }
    }

    @Test func threeAdamStepsMatchScikitLearn() throws {
        let fixture = try ReferenceFixture.load("mlp")
        let (x, y, alpha, cases) = try Self.loadCases()
        let lr = ReferenceFixture.double(fixture["learning_rate_init"])
        for c in cases {
            var network = c.network
            var optimizer = AdamOptimizer(for: network, learningRateInit: lr)
            var gradients = MLPGradients(zerosLike: network)
            let reportedLosses = ReferenceFixture.doubles(c.raw["loss_reported_by_partial_fit_steps_1_2_3"])
            for step in 1...3 {
                var batch = fullBatch(x, y, network)
                let lossBefore = batch.loss(network, alpha: alpha)
                #expect(isClose(lossBefore, reportedLosses[step - 1], relative: 1e-12), "\(c.activation) loss before step \(step)")
                batch.backward(network, alpha: alpha, into: &gradients)
                optimizer.update(&network, with: gradients)
                let key = step == 1 ? "adam_after_1_step" : "adam_after_\(step)_steps"
                let expected = try #require(c.raw[key] as? [String: Any])
                let coefs = (expected["coefs_"] as? [Any] ?? []).map { ReferenceFixture.matrix($0).flatMap { $0 } }
                let intercepts = (expected["intercepts_"] as? [Any] ?? []).map { ReferenceFixture.doubles($0) }
                for l in 0..<3 {
                    expectClose(network.weights[l].elements, coefs[l], "\(c.activation) step \(step) coefs[\(l)]")
                    expectClose(network.biases[l], intercepts[l], "\(c.activation) step \(step) intercepts[\(l)]")
                }
                #expect(isClose(optimizer.learningRate, ReferenceFixture.double(expected["lr_t"])), "lr_t step \(step)")
                if let m = expected["m"] as? [Any], let v = expected["v"] as? [Any] {
                    let flatM = ReferenceFixture.flattened(m), flatV = ReferenceFixture.flattened(v)
                    let ourM = optimizer.mWeights.flatMap { $0 } + optimizer.mBiases.flatMap { $0 }
                    let ourV = optimizer.vWeights.flatMap { $0 } + optimizer.vBiases.flatMap { $0 }
                    expectClose(ourM, flatM, "\(c.activation) m step \(step)")
                    expectClose(ourV, flatV, "\(c.activation) v step \(step)")
                }
            }
            var batch = fullBatch(x, y, network)
            #expect(isClose(batch.loss(network, alpha: alpha), ReferenceFixture.double(c.raw["loss_after_3_steps"])))
            _ = batch
        }
    }
}
