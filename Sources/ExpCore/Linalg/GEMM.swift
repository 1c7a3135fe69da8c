/// General matrix multiplication `C = op(A) · op(B)` with a fixed summation order.
///
/// Every element of C is summed over k in ascending order starting from +0, with a separate
/// multiply and add (no fused multiply-add), so the result is bit-identical to the three-loop
/// ``reference(_:transposeA:_:transposeB:)`` on every CPU, build flag and thread count
/// (../shared/notes/KERNELS.md §3). Speed comes from packing op(A) into 4-row panels and op(B)
/// into 2-vector-wide panels, and a 4 × 2-vector register-blocked micro-kernel (4×8 doubles or
/// 4×16 floats, 8 accumulators: sized for the 16 AVX2 registers).
///
/// BLAS: `dgemm`/`sgemm` with `alpha = 1, beta = 0`.
public enum GEMM {
    /// Rows of op(A) per micro-kernel tile.
    @usableFromInline static let tileRows = 4

    /// `C = op(A) · op(B)`, overwriting `c`, which must already be `m × n`.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    public static func multiply<S: KernelScalar>(
        _ a: Matrix<S>, transposeA: Bool = false,
        _ b: Matrix<S>, transposeB: Bool = false,
        into c: inout Matrix<S>
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "inner dimensions differ: \(k) vs \(kb)")
        precondition(c.rows == m && c.columns == n, "output is \(c.rows)×\(c.columns), expected \(m)×\(n)")
        let lda = a.columns, ldb = b.columns
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    guard let ap = pa.baseAddress, let bp = pb.baseAddress, let cp = pc.baseAddress else {
                        // An empty operand: C (if any) is a sum over k = 0 terms.
                        for i in pc.indices { pc[i] = 0 }
                        return
                    }
                    multiply(
                        m: m, n: n, k: k,
                        a: ap, aRowStride: transposeA ? 1 : lda, aColumnStride: transposeA ? lda : 1,
                        b: bp, bRowStride: transposeB ? 1 : ldb, bColumnStride: transposeB ? ldb : 1,
                        c: cp, ldc: n)
                }
            }
        }
    }

    /// A new matrix `op(A) · op(B)`.
    public static func product<S: KernelScalar>(
        _ a: Matrix<S>, transposeA: Bool = false, _ b: Matrix<S>, transposeB: Bool = false
    ) -> Matrix<S> {
        var c = Matrix<S>(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// The pointer-level kernel: op(A)(i, p) is `a[i * aRowStride + p * aColumnStride]`,
    /// op(B)(p, j) is `b[p * bRowStride + j * bColumnStride]`, and C is row-major with `ldc`.
    ///
    /// Audited unsafe code: every read stays inside `i < m`, `p < k`, `j < n`; packed panels are
    /// zero-padded to whole tiles and only the valid part of each tile is stored.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    public static func multiply<S: KernelScalar>(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<S>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<S>, bRowStride: Int, bColumnStride: Int,
        c: UnsafeMutablePointer<S>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        let width = S.Vector.scalarCount
        let tileColumns = 2 * width
        let mr = tileRows
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = 0 } }
            return
        }
        let columnPanels = (n + tileColumns - 1) / tileColumns
        // Pack op(B) into panels of k × (2 vectors), zero-padded past n.
        withUnsafeTemporaryAllocation(of: S.Vector.self, capacity: columnPanels * k * 2) { packedB in
            for panel in 0..<columnPanels {
                let j0 = panel * tileColumns
                for p in 0..<k {
                    var v0 = S.Vector(), v1 = S.Vector()
                    let row = b + p * bRowStride
                    for lane in 0..<width {
                        let j = j0 + lane
                        if j < n { v0[lane] = row[j * bColumnStride] }
                        let j2 = j + width
                        if j2 < n { v1[lane] = row[j2 * bColumnStride] }
                    }
                    packedB[(panel * k + p) * 2] = v0
                    packedB[(panel * k + p) * 2 + 1] = v1
                }
            }
            withUnsafeTemporaryAllocation(of: S.self, capacity: mr * k) { packedA in
                withUnsafeTemporaryAllocation(of: S.Vector.self, capacity: mr * 2) { tile in
                    guard let pa = packedA.baseAddress, let pb = packedB.baseAddress,
                          let pt = tile.baseAddress else { return }
                    var i0 = 0
                    while i0 < m {
                        let rows = min(mr, m - i0)
                        // Full row blocks read op(A) in place; the last partial block is copied
                        // into a zero-padded panel so the kernel never reads past row m.
                        var aBlock = a + i0 * aRowStride
                        var rs = aRowStride, cs = aColumnStride
                        if rows < mr {
                            for p in 0..<k {
                                for r in 0..<mr {
                                    pa[p * mr + r] = r < rows ? a[(i0 + r) * aRowStride + p * aColumnStride] : 0
                                }
                            }
                            aBlock = UnsafePointer(pa)
                            rs = 1
                            cs = mr
                        }
                        for panel in 0..<columnPanels {
                            let j0 = panel * tileColumns
                            let cols = min(tileColumns, n - j0)
                            if rows == mr && cols == tileColumns {
                                microKernel(k, aBlock, rowStride: rs, columnStride: cs, pb + panel * k * 2, UnsafeMutableRawPointer(c + i0 * ldc + j0),
                                            rowBytes: ldc * MemoryLayout<S>.stride)
                                continue
                            }
                            // An edge tile: compute the whole padded tile, store the valid part.
                            microKernel(k, aBlock, rowStride: rs, columnStride: cs, pb + panel * k * 2, UnsafeMutableRawPointer(pt),
                                        rowBytes: 2 * MemoryLayout<S.Vector>.stride)
                            UnsafeMutableRawPointer(pt).withMemoryRebound(to: S.self, capacity: mr * tileColumns) { t in
                                for r in 0..<rows {
                                    let dst = c + (i0 + r) * ldc + j0
                                    let src = t + r * tileColumns
                                    for j in 0..<cols { dst[j] = src[j] }
                                }
                            }
                        }
                        i0 += mr
                    }
                }
            }
        }
    }

    /// The 4 × (2 vectors) micro-kernel: `out = Σₚ a[p]ᵀ b[p]`, written as 4 rows of 2 vectors `rowBytes` apart,, summed in ascending p from zero
    /// with separate multiply and add. `a` holds 4 scalars per p and `b` two vectors per p.
    /// (4 rows keep the 8 accumulators, 2 B vectors, a broadcast and a product temporary
    /// inside 16 registers; 6 rows spill under AVX2 without FMA.)
    @inline(__always)
    static func microKernel<V: SIMD>(
        _ k: Int, _ a: UnsafePointer<V.Scalar>, rowStride rs: Int, columnStride cs: Int, _ b: UnsafePointer<V>,
        _ out: UnsafeMutableRawPointer, rowBytes: Int
    ) where V.Scalar: BinaryFloatingPoint, V: BitwiseCopyable {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var ap = a, bp = b
        for _ in 0..<k {
            let b0 = bp[0], b1 = bp[1]
            var x: V
            x = V(repeating: ap[0])
            c00 = c00 + x * b0; c01 = c01 + x * b1
            x = V(repeating: ap[1 * rs])
            c10 = c10 + x * b0; c11 = c11 + x * b1
            x = V(repeating: ap[2 * rs])
            c20 = c20 + x * b0; c21 = c21 + x * b1
            x = V(repeating: ap[3 * rs])
            c30 = c30 + x * b0; c31 = c31 + x * b1
            ap += cs
            bp += 2
        }
        let half = MemoryLayout<V>.stride
        out.storeBytes(of: c00, as: V.self); out.storeBytes(of: c01, toByteOffset: half, as: V.self)
        var row = out + rowBytes
        row.storeBytes(of: c10, as: V.self); row.storeBytes(of: c11, toByteOffset: half, as: V.self)
        row += rowBytes
        row.storeBytes(of: c20, as: V.self); row.storeBytes(of: c21, toByteOffset: half, as: V.self)
        row += rowBytes
        row.storeBytes(of: c30, as: V.self); row.storeBytes(of: c31, toByteOffset: half, as: V.self)
    }

    /// The three-loop definition, summing k in ascending order from +0 with no fusion. The fast
    /// kernel must equal it bit for bit; tests and benchmarks use it as the reference.
    public static func reference<S: KernelScalar>(
        _ a: Matrix<S>, transposeA: Bool = false, _ b: Matrix<S>, transposeB: Bool = false
    ) -> Matrix<S> {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        var c = Matrix<S>(rows: m, columns: n)
        for i in 0..<m {
            for j in 0..<n {
                var s: S = 0
                for p in 0..<k {
                    let x = transposeA ? a[p, i] : a[i, p]
                    let y = transposeB ? b[j, p] : b[p, j]
                    s = s + x * y
                }
                c[i, j] = s
            }
        }
        return c
    }
}
