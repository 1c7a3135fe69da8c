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
        let fill = imputer.map { imputer in selectedIndices.map { imputer.statistics[$0] } }
        let columns = raw.columns
        return raw.elements.withUnsafeBufferPointer { elements in
            score(rows: raw.rows, value: { row, column in elements[row * columns + selectedIndices[column]] },
                  fill: fill, threads: threads)
        }
    }

    /// P(positive class) for rows that hold exactly the selected features, in ``selectedIndices``
    /// order (the feature manifest's order). NaN is imputed when the pipeline has an imputer.
    public func predictProbabilities(selected x: Matrix<Double>) throws -> [Double] {
        guard x.columns == selectedCount else {
            throw ExpCoreError.shapeMismatch("expected \(selectedCount) selected features, got \(x.columns)")
        }
        try Self.checkFinite(x.elements, columns: x.columns, allowNaN: imputer != nil)
        let fill = imputer.map { imputer in selectedIndices.map { imputer.statistics[$0] } }
        return score(rows: x.rows, value: { row, column in x.elements[row * x.columns + column] }, fill: fill, threads: 1)
    }

    /// Rows per block: large enough to amortise the matrix products, small enough for L2.
    static let blockRows = 512

    private func score(rows: Int, value: (Int, Int) -> Double, fill: [Double]?, threads: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        guard rows > 0 else { return out }
        let blocks = (rows + Self.blockRows - 1) / Self.blockRows
        let k = selectedCount
        func scoreBlock(_ b: Int, into output: UnsafeMutableBufferPointer<Double>) {
            let start = b * Self.blockRows, end = min(rows, start + Self.blockRows)
            var x = Matrix<Double>(rows: end - start, columns: k)
            x.elements.withUnsafeMutableBufferPointer { x in
                for r in start..<end {
                    let base = (r - start) * k
                    for j in 0..<k {
                        var v = value(r, j)
                        if v.isNaN, let fill { v = fill[j] }
                        x[base + j] = v
                    }
                }
            }
            let p = network.predictProbabilities(scaler.transform(x))
            for i in p.indices { output[start + i] = p[i] }
        }
        out.withUnsafeMutableBufferPointer { output in
            if threads <= 1 || blocks == 1 {
                for b in 0..<blocks { scoreBlock(b, into: output) }
            } else {
                // Blocks write disjoint ranges of `output`; each row's value is independent of the
                // block and thread that computes it.
                nonisolated(unsafe) let shared = output
                withoutActuallyEscaping(scoreBlock) { scoreBlock in
                    nonisolated(unsafe) let body = scoreBlock
                    DispatchQueue.concurrentPerform(iterations: min(threads, blocks)) { worker in
                        var b = worker
                        while b < blocks {
                            body(b, shared)
                            b += min(threads, blocks)
                        }
                    }
                }
            }
        }
        return out
    }

    private static func checkFinite(_ values: [Double], columns: Int, allowNaN: Bool) throws {
        for (i, v) in values.enumerated() where !v.isFinite {
            if v.isNaN && allowNaN { continue }
            throw ExpCoreError.nonFiniteInput(row: i / columns, column: i % columns)
        }
    }
}
