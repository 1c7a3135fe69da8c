/// A fitted binary multi-layer perceptron trained with Adam on the cross-entropy loss.
/// sklearn: `MLPClassifier(solver='adam')` (`_fit_stochastic`), binary case.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42, stream: [trial, fold])
/// let model = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &rng)
/// let p = model.predictProbabilities(xTest)
/// ```
/// Training follows scikit-learn step by step: Glorot-uniform init, then (with early stopping) a
/// stratified validation split, then per epoch a shuffle of the sample indices, mini-batches of
/// `min(200, n)` rows, one Adam step per batch, and the stopping rule on `tol` and
/// `n_iter_no_change`. With early stopping the best weights are restored at the end. Every random
/// draw comes from `generator`, and every reduction has a fixed order, so the same inputs and seed
/// give bit-identical weights on any machine, run or thread.
public struct MLPClassifier<S: KernelScalar>: Sendable, Codable, Equatable {
    public let configuration: MLPConfiguration
    public let network: MLPNetwork<S>
    /// Mean training loss of each epoch. sklearn: `loss_curve_`.
    public let lossCurve: [Double]
    /// The early-stopping score of each epoch (accuracy, or −log-loss). sklearn: `validation_scores_`.
    public let validationScores: [Double]
    /// Validation log-loss of each epoch (empty without early stopping).
    public let validationLogLoss: [Double]
    /// Epochs run. sklearn: `n_iter_`.
    public let epochs: Int
    /// The epoch whose weights were kept (1-based; the last epoch without early stopping).
    public let bestEpoch: Int
    /// Adam steps taken. sklearn: `t_ / batch` summed, i.e. the optimizer's `t`.
    public let steps: Int
    /// False when training stopped at `max_iter` (sklearn raises a ConvergenceWarning).
    public let converged: Bool

    /// P(positive) for every row. sklearn: `predict_proba(X)[:, 1]`.
    public func predictProbabilities(_ x: Matrix<S>) -> [S] { network.predictProbabilities(x) }

    /// Fits a network to `x` (finite values) and binary `labels` (0/1).
    ///
    /// - Parameter shouldStop: asked before every epoch; when it returns true the fit stops with
    ///   ``ExpCoreError/interrupted`` (a caller whose work was cancelled, such as a trial whose
    ///   lease was lost, gets its thread back within one epoch). It never changes a result.
    /// - Throws: ``ExpCoreError`` for invalid parameters, non-finite input, a single class,
    ///   a shape mismatch, or training that diverged to non-finite weights.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    public static func fit(
        _ x: Matrix<S>, labels: [Int], configuration config: MLPConfiguration,
        generator: inout SeededGenerator, shouldStop: () -> Bool = { false }
    ) throws -> MLPClassifier {
        try config.validate()
        guard labels.count == x.rows else {
            throw ExpCoreError.shapeMismatch("\(x.rows) rows but \(labels.count) labels")
        }
        guard x.rows >= 2, x.columns >= 1 else {
            throw ExpCoreError.insufficientSamples("training needs at least 2 rows and 1 feature")
        }
        if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw ExpCoreError.invalidParameter(name: "labels", reason: "row \(bad) has label \(labels[bad]); expected 0 or 1")
        }
        let positives = labels.reduce(0, +)
        if positives == 0 || positives == labels.count { throw ExpCoreError.singleClass(label: labels[0]) }
        if let bad = x.elements.firstIndex(where: { !$0.isFinite }) {
            throw ExpCoreError.nonFiniteInput(row: bad / x.columns, column: bad % x.columns)
        }

        let layerSizes = [x.columns] + config.hiddenLayerSizes + [1]
        var network = MLPNetwork<S>.glorotUniform(
            layerSizes: layerSizes, activation: config.activation, accumulation: config.accumulation,
            generator: &generator)

        // Early stopping: a stratified validation split drawn after the initial weights.
        var trainX = x, trainLabels = labels
        var validationX = Matrix<S>(rows: 0, columns: x.columns), validationLabels: [Int] = []
        if config.earlyStopping {
            let split: StratifiedSplit
            do {
                split = try StratifiedSplit(labels: labels, testFraction: config.validationFraction,
                                            parameterName: "validation_fraction", generator: &generator)
            } catch let ExpCoreError.insufficientSamples(message) {
                // Name the cause in the user's terms: early stopping is what needs the split.
                let positives = labels.reduce(0, +)
                throw ExpCoreError.insufficientSamples("""
                    early_stopping holds out validation_fraction=\(config.validationFraction) of the \(labels.count) training \
                    rows (\(positives) positive, \(labels.count - positives) negative) as a stratified validation split, \
                    which these rows cannot give (\(message)); turn early_stopping off or use more data
                    """)
            }
            trainX = x.gatheringRows(split.train)
            trainLabels = split.train.map { labels[$0] }
            validationX = x.gatheringRows(split.test)
            validationLabels = split.test.map { labels[$0] }
        }
        let n = trainX.rows
        let targets = trainLabels.map { S(rounding: Double($0)) }
        let batchSize = min(max(config.batchSize ?? 200, 1), n)
        var fullBatch = MLPBackpropagation<S>(layerSizes: layerSizes, rows: batchSize)
        var lastBatch = n % batchSize == 0 ? nil : MLPBackpropagation<S>(layerSizes: layerSizes, rows: n % batchSize)
        var gradients = MLPGradients<S>(zerosLike: network)
        var optimizer = AdamOptimizer<S>(
            for: network, learningRateInit: config.learningRateInit,
            beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon)

        var sampleIndices = Array(0..<n)
        var lossCurve: [Double] = [], validationScores: [Double] = [], validationLogLoss: [Double] = []
        var bestLoss = Double.infinity, bestScore = -Double.infinity
        var bestNetwork = network, bestEpoch = 0
        var noImprovement = 0
        var converged = false
        var epoch = 0
        while epoch < config.maxIter {
            if shouldStop() { throw ExpCoreError.interrupted }
            if config.shuffle { generator.shuffle(&sampleIndices) }
            var accumulatedLoss = 0.0
            var start = 0
            while start < n {
                let end = min(start + batchSize, n)
                let batchIndices = sampleIndices[start..<end]
                if end - start == batchSize {
                    accumulatedLoss += Self.step(&fullBatch, batchIndices, trainX, targets, &network,
                                                 &gradients, &optimizer, config.alpha)
                } else if var partial = lastBatch {
                    lastBatch = nil  // keep the buffer uniquely referenced while it is mutated
                    accumulatedLoss += Self.step(&partial, batchIndices, trainX, targets, &network,
                                                 &gradients, &optimizer, config.alpha)
                    lastBatch = partial
                }
                start = end
            }
            epoch += 1
            let loss = accumulatedLoss / Double(n)
            lossCurve.append(loss)
            if !loss.isFinite { throw ExpCoreError.nonFiniteWeights }

            if config.earlyStopping {
                let p = network.predictProbabilities(validationX)
                let logLoss = Self.meanLogLoss(p, validationLabels)
                validationLogLoss.append(logLoss)
                let score: Double
                switch config.earlyStoppingMetric {
                case .accuracy: score = Self.accuracy(p, validationLabels)
                case .logLoss: score = -logLoss
                }
                validationScores.append(score)
                if score < bestScore + config.tol { noImprovement += 1 } else { noImprovement = 0 }
                if score > bestScore {
                    bestScore = score
                    bestNetwork = network
                    bestEpoch = epoch
                }
            } else {
                if loss > bestLoss - config.tol { noImprovement += 1 } else { noImprovement = 0 }
                if loss < bestLoss { bestLoss = loss }
                bestEpoch = epoch
            }
            if noImprovement > config.nIterNoChange {
                converged = true
                break
            }
        }
        let final = config.earlyStopping ? bestNetwork : network
        guard final.isFinite else { throw ExpCoreError.nonFiniteWeights }
        return MLPClassifier(
            configuration: config, network: final, lossCurve: lossCurve,
            validationScores: validationScores, validationLogLoss: validationLogLoss,
            epochs: epoch, bestEpoch: config.earlyStopping ? bestEpoch : epoch,
            steps: optimizer.step, converged: converged)
    }

    /// One mini-batch: forward, loss, backward, Adam update. Returns loss × batch rows.
    @inline(__always)
    static func step(
        _ batch: inout MLPBackpropagation<S>, _ indices: ArraySlice<Int>, _ x: Matrix<S>, _ targets: [S],
        _ network: inout MLPNetwork<S>, _ gradients: inout MLPGradients<S>,
        _ optimizer: inout AdamOptimizer<S>, _ alpha: Double
    ) -> Double {
        batch.loadBatch(x, labels: targets, indices: indices)
        batch.forward(network)
        let loss = batch.loss(network, alpha: alpha)
        batch.backward(network, alpha: alpha, into: &gradients)
        optimizer.update(&network, with: gradients)
        return loss * Double(indices.count)
    }

    /// Accuracy with scikit-learn's `predict` rule for a logistic output: positive when p > 0.5.
    static func accuracy(_ p: [S], _ labels: [Int]) -> Double {
        var correct = 0
        for (pi, y) in zip(p, labels) where (pi > 0.5 ? 1 : 0) == y { correct += 1 }
        return Double(correct) / Double(labels.count)
    }

    /// Mean binary cross-entropy with p clipped to [ε, 1−ε], summed in order.
    static func meanLogLoss(_ p: [S], _ labels: [Int]) -> Double {
        let eps = S.ulpOfOne.doubleValue
        var total = 0.0
        for (pi, y) in zip(p, labels) {
            let q = min(max(pi.doubleValue, eps), 1 - eps)
            total += y == 1 ? ElementaryFunctions.log(q) : ElementaryFunctions.log(1 - q)
        }
        return -total / Double(labels.count)
    }
}
