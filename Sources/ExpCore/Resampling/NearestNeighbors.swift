/// Exact brute-force k-nearest neighbours under the Euclidean distance.
/// sklearn: `NearestNeighbors(n_neighbors, algorithm='brute').kneighbors(X)` on the fitted points.
///
/// Each squared distance is summed over features in ascending order from zero (`Σ (x_f − y_f)²`,
/// no fusion), so distances and neighbour lists are bit-identical on every machine. Ties are broken
/// by the lower row index. A query point never counts as its own neighbour (scikit-learn instead
/// relies on the point itself coming first, which fails for exact duplicates).
///
/// Cost: O(n²·d). Distances of one query to all points are computed on a feature-major copy of
/// the data, so the inner loop runs over contiguous candidates and vectorizes.
public enum NearestNeighbors {
    /// The indices of the `k` nearest other points of every row of `points`, nearest first.
    /// - Precondition: `k < points.rows`.
    public static func kNeighbors(of points: Matrix<Double>, k: Int) -> [[Int]] {
        precondition(k >= 1 && k < points.rows, "k must be in 1..<rows")
        let n = points.rows, d = points.columns
        let featureMajor = points.transposed()
        var distances = [Double](repeating: 0, count: n)
        var result: [[Int]] = []
        result.reserveCapacity(n)
        featureMajor.elements.withUnsafeBufferPointer { columns in
            distances.withUnsafeMutableBufferPointer { dist in
                for i in 0..<n {
                    squaredDistances(from: i, featureMajor: columns, rows: n, features: d, into: dist)
                    result.append(smallest(k, of: dist, excluding: i))
                }
            }
        }
        return result
    }

    /// The nearest other point of every row (k = 1), as a flat array; equal to
    /// `kNeighbors(of:k: 1)` but about an order of magnitude faster (``NearestNeighborKernel``).
    public static func nearestNeighbor(of points: Matrix<Double>) -> [Int] {
        precondition(points.rows >= 2, "need at least two points")
        return NearestNeighborKernel.nearest(points)
    }

    /// `dist[j] = Σ_f (x[j][f] − x[i][f])²`, summed in ascending f for every j.
    @inline(__always)
    static func squaredDistances(
        from i: Int, featureMajor x: UnsafeBufferPointer<Double>, rows n: Int, features d: Int,
        into dist: UnsafeMutableBufferPointer<Double>
    ) {
        for j in 0..<n { dist[j] = 0 }
        for f in 0..<d {
            let column = x.baseAddress.map { $0 + f * n }
            guard let column else { return }
            let q = column[i]
            for j in 0..<n {
                let delta = column[j] - q
                dist[j] = dist[j] + delta * delta
            }
        }
    }

    /// The `k` indices with the smallest distances, excluding `self`, ordered by (distance, index).
    @inline(__always)
    static func smallest(_ k: Int, of dist: UnsafeMutableBufferPointer<Double>, excluding me: Int) -> [Int] {
        var best: [(Double, Int)] = []
        best.reserveCapacity(k + 1)
        for j in 0..<dist.count where j != me {
            let dj = dist[j]
            if best.count == k {
                guard let last = best.last, dj < last.0 else { continue }
            }
            // Insertion keeps (distance, index) order; equal distances keep the lower index first.
            var pos = best.count
            while pos > 0 && best[pos - 1].0 > dj { pos -= 1 }
            best.insert((dj, j), at: pos)
            if best.count > k { best.removeLast() }
        }
        return best.map { $0.1 }
    }
}
