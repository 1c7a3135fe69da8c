/// Forward and backward passes over one mini-batch, with buffers allocated once and reused for
/// every batch of the same size. sklearn: `BaseMultilayerPerceptron._backprop`.
///
/// Operation order follows scikit-learn: `z = a·W + b`; loss = mean binary cross-entropy with
/// p clipped to [ε, 1−ε] (ε = `S.ulpOfOne`) plus `0.5·α·Σ‖W‖²/n`; `δ_out = p − y`;
/// `∂W = (aᵀδ + α·W)/n`; `∂b = Σδ/n` (row sums in order); `δ_prev = (δ·Wᵀ)·f′(a)`.
/// The loss is accumulated in Double; it only drives stopping and curves.
struct MLPBackpropagation<S: KernelScalar>: Sendable {
    let rows: Int
    /// `activations[0]` is the input batch; `activations[l + 1]` the output of layer l.
    var activations: [Matrix<S>]
    /// `deltas[l]`: the loss gradient with respect to layer l's pre-activation.
    var deltas: [Matrix<S>]
    var targets: [S]

    init(layerSizes: [Int], rows: Int) {
        self.rows = rows
        activations = layerSizes.map { Matrix(rows: rows, columns: $0) }
        deltas = layerSizes.dropFirst().map { Matrix(rows: rows, columns: $0) }
        targets = [S](repeating: 0, count: rows)
    }

    /// Copies rows `indices` of `x` and their labels into the batch buffers.
    mutating func loadBatch(_ x: Matrix<S>, labels: [S], indices: ArraySlice<Int>) {
        precondition(indices.count == rows)
        RowKernels.gatherRows(x.elements, sourceRows: x.rows, columns: x.columns, indices: indices,
                              into: &activations[0].elements)
        for (r, i) in indices.enumerated() { targets[r] = labels[i] }
    }

    /// The forward pass; returns the output probabilities' buffer index.
    mutating func forward(_ network: MLPNetwork<S>) {
        for l in network.weights.indices {
            network.forwardLayer(l, input: activations[l], output: &activations[l + 1], rows: rows)
        }
    }

    /// Loss of the current batch (after ``forward(_:)``) including the L2 term.
    func loss(_ network: MLPNetwork<S>, alpha: Double) -> Double {
        let eps = S.ulpOfOne
        guard let output = activations.last else { return 0 }
        var total = 0.0
        for i in 0..<rows {
            let p = min(max(output.elements[i], eps), 1 - eps)
            total += targets[i] == 1 ? S.log(p).doubleValue : S.log(1 - p).doubleValue
        }
        var loss = -(total / Double(rows))
        var squares = 0.0
        for w in network.weights {
            w.elements.withUnsafeBufferPointer { w in
                for value in w { squares += (value * value).doubleValue }
            }
        }
        loss += (0.5 * alpha) * squares / Double(rows)
        return loss
    }

    /// Fills `gradients` for the current batch (after ``forward(_:)``).
    mutating func backward(_ network: MLPNetwork<S>, alpha: Double, into gradients: inout MLPGradients<S>) {
        let last = network.weights.count - 1
        let n = S(rounding: Double(rows))
        let a = S(rounding: alpha)
        // δ_out = p − y (logistic output with cross-entropy).
        activations[last + 1].elements.withUnsafeBufferPointer { p in
            deltas[last].elements.withUnsafeMutableBufferPointer { d in
                for i in 0..<rows { d[i] = p[i] - targets[i] }
            }
        }
        var l = last
        while true {
            GEMM.multiply(activations[l], transposeA: true, deltas[l], into: &gradients.weights[l],
                          accumulation: network.accumulation)
            network.weights[l].elements.withUnsafeBufferPointer { w in
                gradients.weights[l].elements.withUnsafeMutableBufferPointer { g in
                    for i in 0..<g.count { g[i] = (g[i] + a * w[i]) / n }
                }
            }
            let width = deltas[l].columns
            RowKernels.columnSums(deltas[l].elements, rows: rows, columns: width, into: &gradients.biases[l])
            gradients.biases[l].withUnsafeMutableBufferPointer { sums in
                for j in 0..<width { sums[j] = sums[j] / n }
            }
            if l == 0 { break }
            GEMM.multiply(deltas[l], network.weights[l], transposeB: true, into: &deltas[l - 1],
                          accumulation: network.accumulation)
            network.activation.multiplyDerivative(
                activations: activations[l].elements, delta: &deltas[l - 1].elements, count: rows * deltas[l - 1].columns)
            l -= 1
        }
    }
}
