/// Synthetic Minority Over-sampling (Chawla et al., "SMOTE", JAIR 16, 2002), for binary labels.
/// imblearn: `SMOTE(k_neighbors=5, sampling_strategy='auto')` (`BaseSMOTE._make_samples`).
///
/// The minority class is grown to the majority count. Each synthetic row is
/// `x_i + u · (x_nn − x_i)` where `x_i` is a minority row drawn uniformly, `x_nn` one of its
/// `k` nearest minority neighbours drawn uniformly, and `u ∈ [0, 1)`. As in imblearn, all
/// `(row, neighbour)` draws come first, then all steps; the output is the input rows unchanged,
/// followed by the synthetic rows. Only the random stream differs from imblearn (numpy's cannot be
/// reproduced), so tests check properties, not values.
public struct SMOTE: Sendable, Equatable {
    /// imblearn: `k_neighbors`.
    public var kNeighbors: Int

    public init(kNeighbors: Int = 5) { self.kNeighbors = kNeighbors }

    /// - Throws: ``ExpCoreError/singleClass(label:)`` when there is one class and
    ///   ``ExpCoreError/insufficientSamples(_:)`` when the minority has `kNeighbors` rows or fewer.
    public func fitResample(_ x: Matrix<Double>, labels: [Int], generator: inout SeededGenerator) throws -> ResampledData {
        precondition(labels.count == x.rows, "labels and rows differ")
        guard kNeighbors >= 1 else {
            throw ExpCoreError.invalidParameter(name: "k_neighbors", reason: "must be at least 1")
        }
        let positives = labels.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0 && negatives > 0 else {
            throw ExpCoreError.singleClass(label: positives > 0 ? 1 : 0)
        }
        let minorityLabel = positives < negatives ? 1 : 0
        let minorityRows = labels.indices.filter { labels[$0] == minorityLabel }
        let newCount = max(positives, negatives) - minorityRows.count
        if newCount == 0 { return ResampledData(features: x, labels: labels) }
        guard minorityRows.count > kNeighbors else {
            throw ExpCoreError.insufficientSamples(
                "SMOTE with k_neighbors=\(kNeighbors) needs more than \(kNeighbors) minority rows, got \(minorityRows.count)")
        }
        let minority = x.gatheringRows(minorityRows)
        let neighbours = NearestNeighbors.kNeighbors(of: minority, k: kNeighbors)
        let draws = (0..<newCount).map { _ in generator.nextInt(below: minorityRows.count * kNeighbors) }
        let steps = (0..<newCount).map { _ in generator.nextUnit() }
        let d = x.columns
        var synthetic = Matrix<Double>(rows: newCount, columns: d)
        for s in 0..<newCount {
            let row = draws[s] / kNeighbors
            let neighbour = neighbours[row][draws[s] % kNeighbors]
            let step = steps[s]
            for f in 0..<d {
                let base = minority[row, f]
                synthetic[s, f] = base + step * (minority[neighbour, f] - base)
            }
        }
        return ResampledData(
            features: x.appendingRows(synthetic),
            labels: labels + Array(repeating: minorityLabel, count: newCount),
            syntheticCount: newCount)
    }
}
