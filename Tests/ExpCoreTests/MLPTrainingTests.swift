import ExpTestSupport
import Foundation
import Testing
@testable import ExpCore

@Suite("MLP training")
struct MLPTrainingTests {
    /// Two Gaussian blobs with an XOR-like twist so that hidden units matter.
    static func problem(rows: Int, seed: UInt64) -> (Matrix<Double>, [Int]) {
        var g = SeededGenerator(seed: seed)
        var x: [Double] = [], y: [Int] = []
        for _ in 0..<rows {
            let a = g.normal(), b = g.normal(), c = g.normal()
            x += [a, b, c, g.normal()]
            y.append(a * b + 0.3 * c > 0.2 ? 1 : 0)
        }
        return (Matrix(rows: rows, columns: 4, elements: x), y)
    }

    /// Central finite differences (ε = 1e-5) of the batch loss against the analytic gradient,
    /// as scikit-learn's `test_gradient`.
    @Test(arguments: Activation.allCases)
    func gradientMatchesFiniteDifferences(_ activation: Activation) {
        let (x, y) = Self.problem(rows: 9, seed: 5)
        var g = SeededGenerator(seed: 6)
        let network = MLPNetwork<Double>.glorotUniform(layerSizes: [4, 5, 3, 1], activation: activation, generator: &g)
        let alpha = 0.1
        func loss(_ net: MLPNetwork<Double>) -> Double {
            var b = MLPBackpropagation<Double>(layerSizes: net.layerSizes, rows: x.rows)
            b.loadBatch(x, labels: y.map(Double.init), indices: Array(0..<x.rows)[...])
            b.forward(net)
            return b.loss(net, alpha: alpha)
        }
        var batch = MLPBackpropagation<Double>(layerSizes: network.layerSizes, rows: x.rows)
        batch.loadBatch(x, labels: y.map(Double.init), indices: Array(0..<x.rows)[...])
        batch.forward(network)
        var gradients = MLPGradients(zerosLike: network)
        batch.backward(network, alpha: alpha, into: &gradients)
        let eps = 1e-5
        for l in network.weights.indices {
            for i in network.weights[l].elements.indices {
                var plus = network, minus = network
                plus.weights[l].elements[i] += eps
                minus.weights[l].elements[i] -= eps
                let numeric = (loss(plus) - loss(minus)) / (2 * eps)
                #expect(isClose(gradients.weights[l].elements[i], numeric, relative: 1e-5, absolute: 1e-8),
                        "W[\(l)][\(i)] \(gradients.weights[l].elements[i]) vs \(numeric)")
            }
            for j in network.biases[l].indices {
                var plus = network, minus = network
                plus.biases[l][j] += eps
                minus.biases[l][j] -= eps
                let numeric = (loss(plus) - loss(minus)) / (2 * eps)
                #expect(isClose(gradients.biases[l][j], numeric, relative: 1e-5, absolute: 1e-8))
            }
        }
    }

    /// One Adam step from zero moments equals the closed form w − lr·g/(|g| + ε·…) with
    /// lr_1 = lr·sqrt(1−β₂)/(1−β₁): m = (1−β₁)g, v = (1−β₂)g².
    @Test func oneAdamStepMatchesClosedForm() {
        var g = SeededGenerator(seed: 4)
        var network = MLPNetwork<Double>.glorotUniform(layerSizes: [3, 2, 1], activation: .tanh, generator: &g)
        let before = network
        var gradients = MLPGradients(zerosLike: network)
        for l in gradients.weights.indices {
            for i in gradients.weights[l].elements.indices { gradients.weights[l].elements[i] = g.uniform(-1, 1) }
            for j in gradients.biases[l].indices { gradients.biases[l][j] = g.uniform(-1, 1) }
        }
        var adam = AdamOptimizer(for: network, learningRateInit: 0.01)
        adam.update(&network, with: gradients)
        let lr1 = 0.01 * (1 - 0.999).squareRoot() / (1 - 0.9)
        #expect(isClose(adam.learningRate, lr1, relative: 1e-15))
        for l in network.weights.indices {
            for i in network.weights[l].elements.indices {
                let gi = gradients.weights[l].elements[i]
                let m = 0.1 * gi, v = (1 - 0.999) * gi * gi
                let expected = before.weights[l].elements[i] - lr1 * m / (v.squareRoot() + 1e-8)
                #expect(isClose(network.weights[l].elements[i], expected, relative: 1e-14, absolute: 1e-16))
            }
        }
    }

    func weightBits(_ model: MLPClassifier<Double>) -> [UInt64] {
        model.network.weights.flatMap { $0.elements.map(\.bitPattern) } + model.network.biases.flatMap { $0.map(\.bitPattern) }
    }

    var config: MLPConfiguration {
        var c = MLPConfiguration(hiddenLayerSizes: [16, 8])
        c.maxIter = 30
        c.batchSize = 64
        return c
    }

    @Test func trainingTwiceGivesBitIdenticalWeights() throws {
        let (x, y) = Self.problem(rows: 300, seed: 1)
        var g1 = SeededGenerator(seed: 99, stream: [1, 2])
        var g2 = SeededGenerator(seed: 99, stream: [1, 2])
        let a = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g1)
        let b = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g2)
        #expect(weightBits(a) == weightBits(b))
        #expect(a.lossCurve.map(\.bitPattern) == b.lossCurve.map(\.bitPattern))
        var g3 = SeededGenerator(seed: 100, stream: [1, 2])
        let c = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g3)
        #expect(weightBits(a) != weightBits(c))
    }

    @Test func concurrentTrainingsOnTwoThreadsAreBitIdentical() async throws {
        let (x, y) = Self.problem(rows: 300, seed: 1)
        let config = self.config
        let serial: [UInt64] = try {
            var g = SeededGenerator(seed: 7)
            return weightBits(try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g))
        }()
        let results = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var g = SeededGenerator(seed: 7)
                    let m = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g)
                    return m.network.weights.flatMap { $0.elements.map(\.bitPattern) }
                        + m.network.biases.flatMap { $0.map(\.bitPattern) }
                }
            }
            var all: [[UInt64]] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 2 && results.allSatisfy { $0 == serial })
    }

    @Test func learnsANonLinearProblem() throws {
        let (x, y) = Self.problem(rows: 600, seed: 2)
        var c = config
        c.maxIter = 150
        c.learningRateInit = 0.01
        var g = SeededGenerator(seed: 3)
        let model = try MLPClassifier<Double>.fit(x, labels: y, configuration: c, generator: &g)
        let p = model.predictProbabilities(x)
        let accuracy = Double(zip(p, y).filter { ($0 >= 0.5 ? 1 : 0) == $1 }.count) / Double(y.count)
        #expect(accuracy > 0.9, "training accuracy \(accuracy)")
        #expect(model.lossCurve.count == model.epochs)
        #expect(model.lossCurve.last ?? 1 < model.lossCurve.first ?? 0)
    }

    @Test("early stopping on a class of one row names early_stopping, not only the stratified split")
    func earlyStoppingOnATinyClass() throws {
        let (x, _) = Self.problem(rows: 20, seed: 4)
        let y = [1] + [Int](repeating: 0, count: 19)
        var c = config
        c.earlyStopping = true
        var g = SeededGenerator(seed: 5)
        do {
            _ = try MLPClassifier<Double>.fit(x, labels: y, configuration: c, generator: &g)
            Issue.record("expected an error")
        } catch let ExpCoreError.insufficientSamples(message) {
            #expect(message.hasPrefix("early_stopping holds out validation_fraction=0.1 of the 20 training rows (1 positive, 19 negative)"), "\(message)")
            #expect(message.contains("turn early_stopping off or use more data"))
        }
    }

    @Test(arguments: MLPConfiguration.EarlyStoppingMetric.allCases)
    func earlyStoppingRestoresTheBestEpoch(_ metric: MLPConfiguration.EarlyStoppingMetric) throws {
        let (x, y) = Self.problem(rows: 400, seed: 4)
        var c = config
        c.maxIter = 200
        c.earlyStopping = true
        c.earlyStoppingMetric = metric
        c.nIterNoChange = 5
        var g = SeededGenerator(seed: 5)
        let model = try MLPClassifier<Double>.fit(x, labels: y, configuration: c, generator: &g)
        #expect(model.validationScores.count == model.epochs)
        #expect(model.validationLogLoss.count == model.epochs)
        let best = model.validationScores.max() ?? 0
        #expect(model.validationScores[model.bestEpoch - 1] == best)
        // Stopped after n_iter_no_change + 1 epochs without improvement, or at max_iter.
        #expect(model.converged == (model.epochs < c.maxIter) || model.epochs == c.maxIter)
    }

    @Test func floatTrainingWorksAndIsDeterministic() throws {
        let (x, y) = Self.problem(rows: 300, seed: 1)
        let xf: Matrix<Float> = x.converted()
        var g1 = SeededGenerator(seed: 1), g2 = SeededGenerator(seed: 1)
        let a = try MLPClassifier<Float>.fit(xf, labels: y, configuration: config, generator: &g1)
        let b = try MLPClassifier<Float>.fit(xf, labels: y, configuration: config, generator: &g2)
        #expect(a.network == b.network)
        #expect(a.lossCurve.last ?? 1 < a.lossCurve.first ?? 0)
    }

    @Test func invalidInputIsRejectedWithTheParameterName() {
        let (x, y) = Self.problem(rows: 50, seed: 1)
        var g = SeededGenerator(seed: 1)
        var c = MLPConfiguration()
        c.alpha = -1
        #expect(throws: ExpCoreError.invalidParameter(name: "alpha", reason: "must be a finite number ≥ 0, got -1.0")) {
            try MLPClassifier<Double>.fit(x, labels: y, configuration: c, generator: &g)
        }
        c = MLPConfiguration(hiddenLayerSizes: [0])
        #expect(throws: ExpCoreError.self) { try MLPClassifier<Double>.fit(x, labels: y, configuration: c, generator: &g) }
        #expect(throws: ExpCoreError.singleClass(label: 0)) {
            try MLPClassifier<Double>.fit(x, labels: Array(repeating: 0, count: 50), configuration: MLPConfiguration(), generator: &g)
        }
        var bad = x
        bad[3, 2] = .nan
        #expect(throws: ExpCoreError.nonFiniteInput(row: 3, column: 2)) {
            try MLPClassifier<Double>.fit(bad, labels: y, configuration: MLPConfiguration(), generator: &g)
        }
    }

    @Test func divergenceIsReportedNotReturned() {
        let (x, y) = Self.problem(rows: 100, seed: 1)
        var c = MLPConfiguration(hiddenLayerSizes: [8])
        c.learningRateInit = 1e300
        c.maxIter = 5
        var g = SeededGenerator(seed: 1)
        #expect(throws: ExpCoreError.nonFiniteWeights) {
            try MLPClassifier<Double>.fit(x.converted(to: Double.self).scaled(by: 1e300), labels: y, configuration: c, generator: &g)
        }
    }
}

extension Matrix {
    func scaled(by factor: Scalar) -> Matrix { Matrix(rows: rows, columns: columns, elements: elements.map { $0 * factor }) }
}
