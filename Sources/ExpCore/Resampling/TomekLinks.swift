/// Tomek links under-sampling (Tomek, "Two modifications of CNN", IEEE SMC 1976).
/// imblearn: `TomekLinks(sampling_strategy=...)`.
///
/// Rows i and j form a link when each is the other's nearest neighbour and their labels differ.
/// With ``Strategy/all`` both members of every link are removed (as `SMOTETomek` does); with
/// ``Strategy/notMinority`` (imblearn's default 'auto') only the member outside the minority
/// class. Kept rows stay in their original order (`sample_indices_ = flatnonzero(~links)`).
public struct TomekLinks: Sendable, Equatable {
    public enum Strategy: Sendable, Equatable {
        /// imblearn: `sampling_strategy='all'`.
        case all
        /// imblearn: `sampling_strategy='auto'`.
        case notMinority
    }

    public var strategy: Strategy

    public init(strategy: Strategy = .all) { self.strategy = strategy }

    /// The links as ascending pairs `(i, j)` with `i < j`, in ascending order of `i`.
    public static func links(_ x: Matrix<Double>, labels: [Int]) -> [(Int, Int)] {
        guard x.rows >= 2 else { return [] }
        let nearest = NearestNeighbors.nearestNeighbor(of: x)
        var pairs: [(Int, Int)] = []
        for i in 0..<x.rows {
            let j = nearest[i]
            if i < j && nearest[j] == i && labels[i] != labels[j] { pairs.append((i, j)) }
        }
        return pairs
    }

    /// The indices of the rows kept, ascending.
    public func keptIndices(_ x: Matrix<Double>, labels: [Int]) -> [Int] {
        var removed = [Bool](repeating: false, count: x.rows)
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        let minority = counts.min { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }?.key
        for (i, j) in Self.links(x, labels: labels) {
            for member in [i, j] where strategy == .all || labels[member] != minority {
                removed[member] = true
            }
        }
        return removed.indices.filter { !removed[$0] }
    }

    public func fitResample(_ x: Matrix<Double>, labels: [Int]) -> ResampledData {
        let kept = keptIndices(x, labels: labels)
        return ResampledData(
            features: x.gatheringRows(kept), labels: kept.map { labels[$0] },
            removedCount: x.rows - kept.count)
    }
}
