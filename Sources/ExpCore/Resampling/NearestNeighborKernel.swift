/// The exact 1-nearest-neighbour search behind Tomek links, register-blocked and symmetric.
///
/// Points are packed into panels of 8 (feature-major inside a panel). For every pair of panels
/// (a ≤ b) a 4 × 8 micro-kernel computes `Σ_f (x_j[f] − x_i[f])²` in ascending f from zero, the
/// same operations in the same order as ``NearestNeighbors/kNeighbors(of:k:)``, so distances are
/// bit-identical to it; and since `(−t)² = t²` exactly, `d(i, j) = d(j, i)` bit for bit, which lets
/// one tile update the best neighbour of both its rows and its columns (half the work).
/// Ties go to the lower index whatever the visiting order, so the result is deterministic.
///
/// Audited unsafe code: panels are zero-padded to whole panels; lanes past `n` are skipped.
enum NearestNeighborKernel {
    static let panel = 8

    static func nearest(_ points: Matrix<Double>) -> [Int] {
        let n = points.rows, d = points.columns
        precondition(n >= 2, "need at least two points")
        let panels = (n + panel - 1) / panel
        var packed = [Double](repeating: 0, count: panels * d * panel)
        points.elements.withUnsafeBufferPointer { x in
            packed.withUnsafeMutableBufferPointer { p in
                for i in 0..<n {
                    let base = (i / panel) * d * panel + i % panel
                    for f in 0..<d { p[base + f * panel] = x[i * d + f] }
                }
            }
        }
        var bestDistance = [Double](repeating: .infinity, count: n)
        var bestIndex = [Int](repeating: Int.max, count: n)
        packed.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            bestDistance.withUnsafeMutableBufferPointer { bd in
                bestIndex.withUnsafeMutableBufferPointer { bi in
                    withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 8) { tile in
                        guard let t = tile.baseAddress else { return }
                        for a in 0..<panels {
                            let pa = base + a * d * panel
                            for b in a..<panels {
                                let pb = base + b * d * panel
                                for half in 0..<2 {
                                    kernel(d, queries: pa + half * 4, candidates: pb, into: t)
                                    update(tile: t, rowBase: a * panel + half * 4, columnBase: b * panel, n: n,
                                           symmetric: a != b, bestDistance: bd, bestIndex: bi)
                                }
                            }
                        }
                    }
                }
            }
        }
        return bestIndex
    }

    /// `tile[2r + h][lane] = Σ_f (c[f][4h + lane] − q[f][r])²` for 4 queries r and 8 candidates.
    @inline(__always)
    static func kernel(_ d: Int, queries q: UnsafePointer<Double>, candidates c: UnsafePointer<Double>,
                       into tile: UnsafeMutablePointer<SIMD4<Double>>) {
        var a00 = SIMD4<Double>(), a01 = SIMD4<Double>(), a10 = SIMD4<Double>(), a11 = SIMD4<Double>()
        var a20 = SIMD4<Double>(), a21 = SIMD4<Double>(), a30 = SIMD4<Double>(), a31 = SIMD4<Double>()
        var qp = q, cp = UnsafeRawPointer(c)
        for _ in 0..<d {
            let c0 = cp.loadUnaligned(as: SIMD4<Double>.self)
            let c1 = cp.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
            var x = SIMD4<Double>(repeating: qp[0])
            var t0 = c0 - x, t1 = c1 - x
            a00 = a00 + t0 * t0; a01 = a01 + t1 * t1
            x = SIMD4<Double>(repeating: qp[1])
            t0 = c0 - x; t1 = c1 - x
            a10 = a10 + t0 * t0; a11 = a11 + t1 * t1
            x = SIMD4<Double>(repeating: qp[2])
            t0 = c0 - x; t1 = c1 - x
            a20 = a20 + t0 * t0; a21 = a21 + t1 * t1
            x = SIMD4<Double>(repeating: qp[3])
            t0 = c0 - x; t1 = c1 - x
            a30 = a30 + t0 * t0; a31 = a31 + t1 * t1
            qp += panel
            cp += panel * MemoryLayout<Double>.stride
        }
        tile[0] = a00; tile[1] = a01; tile[2] = a10; tile[3] = a11
        tile[4] = a20; tile[5] = a21; tile[6] = a30; tile[7] = a31
    }

    /// Folds one 4 × 8 tile into the running nearest neighbours of its rows (and, off the diagonal,
    /// of its columns). Smaller distance wins; equal distances go to the lower index.
    @inline(__always)
    static func update(tile: UnsafeMutablePointer<SIMD4<Double>>, rowBase: Int, columnBase: Int, n: Int,
                       symmetric: Bool, bestDistance bd: UnsafeMutableBufferPointer<Double>,
                       bestIndex bi: UnsafeMutableBufferPointer<Int>) {
        for r in 0..<4 {
            let i = rowBase + r
            if i >= n { break }
            for lane in 0..<8 {
                let j = columnBase + lane
                if j >= n { break }
                if i == j { continue }
                let dist = tile[2 * r + lane / 4][lane % 4]
                if dist < bd[i] || (dist == bd[i] && j < bi[i]) { bd[i] = dist; bi[i] = j }
                if symmetric && (dist < bd[j] || (dist == bd[j] && i < bi[j])) { bd[j] = dist; bi[j] = i }
            }
        }
    }
}
