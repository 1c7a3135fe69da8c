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
    /// How products are accumulated. Both modes sum k in ascending order from +0 and are
    /// deterministic on every machine; they differ from each other in the last bits.
    public enum Accumulation: String, Sendable, Codable, CaseIterable {
        /// `acc + a·b` with two roundings (the default; equal to the plain three-loop definition).
        case separate
        /// `fma(a, b, acc)` with one rounding (opt-in, about 25 % faster): exactly rounded, so still
        /// bit-identical across machines; every x86-64 build here targets AVX2+FMA, and arm64 has FMA.
        case fused
    }

    /// Rows of op(A) per micro-kernel tile.
    @usableFromInline static let tileRows = 4

    /// `C = op(A) · op(B)`, overwriting `c`, which must already be `m × n`.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    public static func multiply<S: KernelScalar>(
        _ a: Matrix<S>, transposeA: Bool = false,
        _ b: Matrix<S>, transposeB: Bool = false,
        into c: inout Matrix<S>, accumulation: Accumulation = .separate
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
                        c: cp, ldc: n, accumulation: accumulation)
                }
            }
        }
    }

    /// A new matrix `op(A) · op(B)`.
    public static func product<S: KernelScalar>(
        _ a: Matrix<S>, transposeA: Bool = false, _ b: Matrix<S>, transposeB: Bool = false,
        accumulation: Accumulation = .separate
    ) -> Matrix<S> {
        var c = Matrix<S>(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c, accumulation: accumulation)
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
        c: UnsafeMutablePointer<S>, ldc: Int, accumulation: Accumulation = .separate
    ) {
        switch accumulation {
        case .separate:
            multiply(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                     b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, ldc: ldc,
                     using: SeparateMultiplyAdd<S.Vector>.self)
        case .fused:
            multiply(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                     b: b, bRowStride: bRowStride, bColumnStride: bColumnStride, c: c, ldc: ldc,
                     using: FusedMultiplyAdd<S.Vector>.self)
        }
    }

    @inline(__always)
    static func multiply<S: KernelScalar, Op: MultiplyAdd>(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<S>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<S>, bRowStride: Int, bColumnStride: Int,
        c: UnsafeMutablePointer<S>, ldc: Int, using _: Op.Type
    ) where Op.V == S.Vector {
        if m == 0 || n == 0 { return }
        // A network's single output unit makes n = 1 (matrix-vector) and k = 1 (outer product)
        // products; padded to a 2-vector tile they would waste up to 7/8 of the work.
        if k == 1 {
            outerProduct(m: m, n: n, a: a, aRowStride: aRowStride, b: b, bColumnStride: bColumnStride, c: c, ldc: ldc,
                         using: Op.self)
            return
        }
        if n == 1 {
            matrixVector(m: m, k: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                         b: b, bRowStride: bRowStride, c: c, ldc: ldc, using: Op.self)
            return
        }
        // One row (a single prediction): packing B would cost more than the product itself.
        if m == 1 {
            vectorMatrix(n: n, k: k, a: a, aColumnStride: aColumnStride, b: b, bRowStride: bRowStride,
                         bColumnStride: bColumnStride, c: c, using: Op.self)
            return
        }
        let width = S.Vector.scalarCount
        let tileColumns = 2 * width
        let mr = tileRows
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = 0 } }
            return
        }
        let columnPanels = (n + tileColumns - 1) / tileColumns
        let panelScalars = k * tileColumns
        let vectorBytes = MemoryLayout<S.Vector>.stride
        // Pack op(B) into panels of k × (2 vectors), zero-padded past n; 64-byte aligned so the
        // micro-kernel can use aligned vector loads.
        withUnsafeTemporaryAllocation(
            byteCount: columnPanels * panelScalars * MemoryLayout<S>.stride, alignment: 64
        ) { rawB in
            guard let baseB = rawB.baseAddress else { return }
            let packedB = baseB.bindMemory(to: S.self, capacity: columnPanels * panelScalars)
            packB(k: k, n: n, b: b, rowStride: bRowStride, columnStride: bColumnStride,
                  tileColumns: tileColumns, into: packedB)
            withUnsafeTemporaryAllocation(of: S.self, capacity: mr * k) { packedA in
                withUnsafeTemporaryAllocation(byteCount: mr * 2 * vectorBytes, alignment: 64) { rawTile in
                    guard let pa = packedA.baseAddress, let pt = rawTile.baseAddress else { return }
                    let tile = pt.bindMemory(to: S.self, capacity: mr * tileColumns)
                    var i0 = 0
                    while i0 < m {
                        let rows = min(mr, m - i0)
                        // Full row blocks read op(A) in place; the last partial block is copied
                        // into a zero-padded panel so the kernel never reads past row m.
                        var aBlock = a + i0 * aRowStride
                        var rs = aRowStride, cs = aColumnStride
                        if rows == mr && aRowStride == 1 && columnPanels > 1 && MemoryLayout<S>.stride == 8 {
                            // op(A) = Aᵀ: a row block is 4 adjacent columns of A, one cache line
                            // per p; copy it once into a contiguous panel reused by every column panel.
                            // Measured (ExpBench, A/B): float64 (200×100)ᵀ(200×50) 24 → 27.5 GFLOP/s;
                            // for float32 the copy costs more than it saves (53 → 45), so it is skipped.
                            for p in 0..<k {
                                let src = a + p * aColumnStride + i0
                                for r in 0..<mr { pa[p * mr + r] = src[r] }
                            }
                            aBlock = UnsafePointer(pa)
                            rs = 1
                            cs = mr
                        } else if rows < mr {
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
                            let panelB = UnsafeRawPointer(packedB + panel * panelScalars)
                            if rows == mr && cols == tileColumns {
                                microKernel(k, aBlock, rowStride: rs, columnStride: cs, panelB,
                                            using: Op.self, UnsafeMutableRawPointer(c + i0 * ldc + j0),
                                            rowBytes: ldc * MemoryLayout<S>.stride)
                                continue
                            }
                            // An edge tile: compute the whole padded tile, store the valid part.
                            microKernel(k, aBlock, rowStride: rs, columnStride: cs, panelB,
                                        using: Op.self, pt, rowBytes: 2 * vectorBytes)
                            for r in 0..<rows {
                                let dst = c + (i0 + r) * ldc + j0
                                let src = tile + r * tileColumns
                                for j in 0..<cols { dst[j] = src[j] }
                            }
                        }
                        i0 += mr
                    }
                }
            }
        }
    }

    /// `c[i] = Σ_p op(A)(i, p)·b[p]` for n = 1: four rows at a time in one vector, each lane summed
    /// over p in ascending order from zero, so every element equals the reference bit for bit.
    @inline(__always)
    static func matrixVector<S: KernelScalar, Op: MultiplyAdd>(
        m: Int, k: Int, a: UnsafePointer<S>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<S>, bRowStride: Int, c: UnsafeMutablePointer<S>, ldc: Int, using _: Op.Type
    ) where Op.V == S.Vector {
        typealias V = S.Vector
        let w = V.scalarCount
        var i0 = 0
        while i0 + w <= m {
            var acc = V()
            var ap = a + i0 * aRowStride
            if aRowStride == 1 {
                for p in 0..<k {
                    acc = Op.apply(acc, UnsafeRawPointer(ap).loadUnaligned(as: V.self), V(repeating: b[p * bRowStride]))
                    ap += aColumnStride
                }
            } else {
                for p in 0..<k {
                    var x = V()
                    for lane in 0..<w { x[lane] = ap[lane * aRowStride] }
                    acc = Op.apply(acc, x, V(repeating: b[p * bRowStride]))
                    ap += aColumnStride
                }
            }
            for lane in 0..<w { c[(i0 + lane) * ldc] = acc[lane] }
            i0 += w
        }
        while i0 < m {
            var s: S = 0
            for p in 0..<k {
                let x = a[i0 * aRowStride + p * aColumnStride], y = b[p * bRowStride]
                s = Op.scalar(s, x, y)
            }
            c[i0 * ldc] = s
            i0 += 1
        }
    }

    /// `c[j] = Σ_p a[p]·op(B)(p, j)` for m = 1: a vector of columns at a time, each lane summed over
    /// p in ascending order from zero, so every element equals the reference bit for bit.
    @inline(__always)
    static func vectorMatrix<S: KernelScalar, Op: MultiplyAdd>(
        n: Int, k: Int, a: UnsafePointer<S>, aColumnStride: Int, b: UnsafePointer<S>, bRowStride: Int,
        bColumnStride: Int, c: UnsafeMutablePointer<S>, using _: Op.Type
    ) where Op.V == S.Vector {
        typealias V = S.Vector
        let w = V.scalarCount
        var j0 = 0
        if bColumnStride == 1 {
            while j0 + w <= n {
                var acc = V()
                for p in 0..<k {
                    let y = UnsafeRawPointer(b + p * bRowStride + j0).loadUnaligned(as: V.self)
                    acc = Op.apply(acc, y, V(repeating: a[p * aColumnStride]))
                }
                for lane in 0..<w { c[j0 + lane] = acc[lane] }
                j0 += w
            }
        }
        while j0 < n {
            var s: S = 0
            for p in 0..<k { s = Op.scalar(s, a[p * aColumnStride], b[p * bRowStride + j0 * bColumnStride]) }
            c[j0] = s
            j0 += 1
        }
    }

    /// `c[i][j] = 0 + a[i]·b[j]` for k = 1 (the `0 +` turns −0 into +0, as the reference sum does).
    @inline(__always)
    static func outerProduct<S: KernelScalar, Op: MultiplyAdd>(
        m: Int, n: Int, a: UnsafePointer<S>, aRowStride: Int, b: UnsafePointer<S>, bColumnStride: Int,
        c: UnsafeMutablePointer<S>, ldc: Int, using _: Op.Type
    ) where Op.V == S.Vector {
        for i in 0..<m {
            let x = a[i * aRowStride]
            let row = c + i * ldc
            for j in 0..<n { row[j] = Op.scalar(0, x, b[j * bColumnStride]) }
        }
    }

    /// Copies op(B) (k × n) into column panels of width `tileColumns`, each stored k-major
    /// (`panel[p * tileColumns + lane]`), with zeros past column n.
    @inline(__always)
    static func packB<S: KernelScalar>(
        k: Int, n: Int, b: UnsafePointer<S>, rowStride: Int, columnStride: Int, tileColumns: Int,
        into packed: UnsafeMutablePointer<S>
    ) {
        let panels = (n + tileColumns - 1) / tileColumns
        for panel in 0..<panels {
            let j0 = panel * tileColumns
            let cols = min(tileColumns, n - j0)
            let dst = packed + panel * k * tileColumns
            if columnStride == 1 {
                // Rows of op(B) are contiguous: copy row segments.
                for p in 0..<k {
                    let src = b + p * rowStride + j0
                    let out = dst + p * tileColumns
                    for lane in 0..<cols { out[lane] = src[lane] }
                    for lane in cols..<tileColumns { out[lane] = 0 }
                }
            } else {
                // op(B) = Bᵀ: read each column of op(B) (a row of B) contiguously.
                for lane in 0..<tileColumns {
                    if lane < cols {
                        let src = b + (j0 + lane) * columnStride
                        for p in 0..<k { dst[p * tileColumns + lane] = src[p * rowStride] }
                    } else {
                        for p in 0..<k { dst[p * tileColumns + lane] = 0 }
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
    static func microKernel<V, Op: MultiplyAdd>(
        _ k: Int, _ a: UnsafePointer<V.Scalar>, rowStride rs: Int, columnStride cs: Int, _ b: UnsafeRawPointer,
        using _: Op.Type, _ out: UnsafeMutableRawPointer, rowBytes: Int
    ) where Op.V == V {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var ap = a, bp = b
        for _ in 0..<k {
            let b0 = bp.load(as: V.self)
            let b1 = bp.load(fromByteOffset: MemoryLayout<V>.stride, as: V.self)
            var x: V
            x = V(repeating: ap[0])
            c00 = Op.apply(c00, x, b0); c01 = Op.apply(c01, x, b1)
            x = V(repeating: ap[1 * rs])
            c10 = Op.apply(c10, x, b0); c11 = Op.apply(c11, x, b1)
            x = V(repeating: ap[2 * rs])
            c20 = Op.apply(c20, x, b0); c21 = Op.apply(c21, x, b1)
            x = V(repeating: ap[3 * rs])
            c30 = Op.apply(c30, x, b0); c31 = Op.apply(c31, x, b1)
            ap += cs
            bp += 2 * MemoryLayout<V>.stride
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
        _ a: Matrix<S>, transposeA: Bool = false, _ b: Matrix<S>, transposeB: Bool = false,
        accumulation: Accumulation = .separate
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
                    s = accumulation == .separate ? s + x * y : s.addingProduct(x, y)
                }
                c[i, j] = s
            }
        }
        return c
    }
}

/// The accumulation step of the micro-kernel, chosen at compile time per specialization.
@usableFromInline
protocol MultiplyAdd {
    associatedtype V: SIMD, BitwiseCopyable where V.Scalar: BinaryFloatingPoint
    static func apply(_ acc: V, _ x: V, _ y: V) -> V
    static func scalar(_ acc: V.Scalar, _ x: V.Scalar, _ y: V.Scalar) -> V.Scalar
}

/// `acc + x·y`, two roundings. Swift never contracts this into an FMA (KERNELS.md §3).
@usableFromInline
enum SeparateMultiplyAdd<V: SIMD & BitwiseCopyable>: MultiplyAdd where V.Scalar: BinaryFloatingPoint {
    @inline(__always) @usableFromInline
    static func apply(_ acc: V, _ x: V, _ y: V) -> V { acc + x * y }
    @inline(__always) @usableFromInline
    static func scalar(_ acc: V.Scalar, _ x: V.Scalar, _ y: V.Scalar) -> V.Scalar { acc + x * y }
}

/// `fma(x, y, acc)`, one rounding (`vfmadd231pd` on AVX2+FMA, `fmla` on arm64).
@usableFromInline
enum FusedMultiplyAdd<V: SIMD & BitwiseCopyable>: MultiplyAdd where V.Scalar: BinaryFloatingPoint {
    @inline(__always) @usableFromInline
    static func apply(_ acc: V, _ x: V, _ y: V) -> V { acc.addingProduct(x, y) }
    @inline(__always) @usableFromInline
    static func scalar(_ acc: V.Scalar, _ x: V.Scalar, _ y: V.Scalar) -> V.Scalar { acc.addingProduct(x, y) }
}
