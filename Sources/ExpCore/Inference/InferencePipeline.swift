import Dispatch

/// The fitted inference pipeline of a promoted model, mirroring scikit-learn's
/// `Pipeline([SimpleImputer, SelectKBest, StandardScaler, MLPClassifier]).predict_proba`:
/// impute missing raw values (when an imputer was fitted), keep the selected raw columns, scale
/// them, and run the network.
///
/// Every row is computed independently and in a fixed order, so a row's probability is the same
/// bit for bit whether it is scored alone, in a batch, or on several threads.
public struct InferencePipeline: Sendable, Equatable {
    /// Raw feature columns the pipeline expects, in training order.
    public let inputFeatureCount: Int
    /// Fitted on all raw columns; present when the training data had missing values.
    public let imputer: SimpleImputer?
    /// Raw column indices kept by SelectKBest, ascending.
    public let selectedIndices: [Int]
    /// Fitted on the selected (and resampled) training columns.
    public let scaler: StandardScaler
    public let network: TrainedNetwork

    /// - Throws: ``ExpCoreError/shapeMismatch(_:)`` when the parts do not fit together.
    public init(inputFeatureCount: Int, imputer: SimpleImputer?, selectedIndices: [Int], scaler: StandardScaler,
                network: TrainedNetwork) throws {
        guard inputFeatureCount >= 1 else { throw ExpCoreError.shapeMismatch("the pipeline needs at least one input feature") }
        if let imputer, imputer.featureCount != inputFeatureCount {
            throw ExpCoreError.shapeMismatch(
                "the imputer has \(imputer.featureCount) columns, the input schema \(inputFeatureCount)")
        }
        guard !selectedIndices.isEmpty, zip(selectedIndices, selectedIndices.dropFirst()).allSatisfy({ $0 < $1 }),
              let first = selectedIndices.first, let last = selectedIndices.last,
              first >= 0, last < inputFeatureCount else {
            throw ExpCoreError.shapeMismatch(
                "selected feature indices must be ascending, distinct and within 0..<\(inputFeatureCount)")
        }
        guard scaler.featureCount == selectedIndices.count else {
            throw ExpCoreError.shapeMismatch(
                "the scaler has \(scaler.featureCount) columns, the selection \(selectedIndices.count)")
        }
        guard network.featureCount == selectedIndices.count else {
            throw ExpCoreError.shapeMismatch(
                "the network expects \(network.featureCount) inputs, the selection gives \(selectedIndices.count)")
        }
        guard network.layerSizes.last == 1 else {
            throw ExpCoreError.shapeMismatch("a binary network has one output unit, not \(network.layerSizes.last ?? 0)")
        }
        guard scaler.mean.allSatisfy(\.isFinite), scaler.scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ExpCoreError.shapeMismatch("the scaler's mean and scale must be finite, and every scale positive")
        }
        guard network.isFinite else { throw ExpCoreError.nonFiniteWeights }
        self.inputFeatureCount = inputFeatureCount
        self.imputer = imputer
        self.selectedIndices = selectedIndices
        self.scaler = scaler
        self.network = network
    }

    /// The number of selected features (SelectKBest's k).
    public var selectedCount: Int { selectedIndices.count }

    /// P(positive class) for every row of `raw` (one column per raw input feature, in training order).
    ///
    /// - Parameter threads: rows are split into fixed blocks scored on up to this many threads;
    ///   the result does not depend on it.
    /// - Throws: ``ExpCoreError/shapeMismatch(_:)`` for the wrong column count, and
    ///   ``ExpCoreError/nonFiniteInput(row:column:)`` for ±∞ anywhere, or for NaN when the pipeline
    ///   has no imputer.
    public func predictProbabilities(_ raw: Matrix<Double>, threads: Int = 1) throws -> [Double] {
        guard raw.columns == inputFeatureCount else {
            throw ExpCoreError.shapeMismatch("expected \(inputFeatureCount) input columns, got \(raw.columns)")
        }
        try Self.checkFinite(raw.elements, columns: raw.columns, allowNaN: imputer != nil)
        return score(raw, columnOf: selectedIndices, threads: threads)
    }

    /// P(positive class) for rows that hold exactly the selected features, in ``selectedIndices``
    /// order (the feature manifest's order). NaN is imputed when the pipeline has an imputer. A
    /// row's probability is the same bit for bit as from its full raw row.
    ///
    /// - Parameter threads: as for ``predictProbabilities(_:threads:)``; the result does not depend on it.
    public func predictProbabilities(selected x: Matrix<Double>, threads: Int = 1) throws -> [Double] {
        guard x.columns == selectedCount else {
            throw ExpCoreError.shapeMismatch("expected \(selectedCount) selected features, got \(x.columns)")
        }
        try Self.checkFinite(x.elements, columns: x.columns, allowNaN: imputer != nil)
        return score(x, columnOf: Array(0..<selectedCount), threads: threads)
    }

    /// Rows per block: large enough to amortise the matrix products, small enough for L2.
    static let blockRows = 512

    /// Scores `input`, whose column `columnOf[j]` holds selected feature `j`.
    private func score(_ input: Matrix<Double>, columnOf: [Int], threads: Int) -> [Double] {
        let rows = input.rows
        var out = [Double](repeating: 0, count: rows)
        guard rows > 0 else { return out }
        let blocks = (rows + Self.blockRows - 1) / Self.blockRows
        out.withUnsafeMutableBufferPointer { output in
            input.elements.withUnsafeBufferPointer { source in
                // Both buffers outlive every block: concurrentPerform returns only when all are done.
                nonisolated(unsafe) let output = output
                nonisolated(unsafe) let source = source
                let workers = min(max(1, threads), blocks)
                if workers == 1 {
                    for b in 0..<blocks { scoreBlock(b, source: source, columns: input.columns, columnOf: columnOf,
                                                     rows: rows, into: output) }
                } else {
                    // Blocks write disjoint ranges of `output`; each row's value does not depend on
                    // the block or thread that computes it.
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        var b = worker
                        while b < blocks {
                            scoreBlock(b, source: source, columns: input.columns, columnOf: columnOf, rows: rows,
                                       into: output)
                            b += workers
                        }
                    }
                }
            }
        }
        return out
    }

    /// Gathers, imputes and scales block `b` in one pass, then runs the network on it.
    ///
    /// The scaled value is `(x − mean) / scale` in Double, exactly as ``StandardScaler/transform(_:)``
    /// computes it, so probabilities equal those of the step-by-step pipeline bit for bit.
    private func scoreBlock(_ b: Int, source: UnsafeBufferPointer<Double>, columns: Int, columnOf: [Int], rows: Int,
                            into output: UnsafeMutableBufferPointer<Double>) {
        let start = b * Self.blockRows, end = min(rows, start + Self.blockRows)
        let k = selectedCount
        var x = Matrix<Double>(rows: end - start, columns: k)
        let fill = imputer?.statistics
        x.elements.withUnsafeMutableBufferPointer { x in
            columnOf.withUnsafeBufferPointer { columnOf in
                selectedIndices.withUnsafeBufferPointer { selected in
                    scaler.mean.withUnsafeBufferPointer { mean in
                        scaler.scale.withUnsafeBufferPointer { scale in
                            for r in start..<end {
                                let base = (r - start) * k, row = r * columns
                                for j in 0..<k {
                                    var v = source[row + columnOf[j]]
                                    if v.isNaN, let fill { v = fill[selected[j]] }
                                    x[base + j] = (v - mean[j]) / scale[j]
                                }
                            }
                        }
                    }
                }
            }
        }
        let p = network.predictProbabilities(x)
        for i in p.indices { output[start + i] = p[i] }
    }

    private static func checkFinite(_ values: [Double], columns: Int, allowNaN: Bool) throws {
        for (i, v) in values.enumerated() where !v.isFinite {
            if v.isNaN && allowNaN { continue }
            throw ExpCoreError.nonFiniteInput(row: i / columns, column: i % columns)
        }
    }
}
