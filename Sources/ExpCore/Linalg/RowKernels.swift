/// The row-wise kernels around the GEMMs of a mini-batch: adding the bias row to every row,
/// summing the columns of δ for the bias gradient, and gathering rows into a batch.
///
/// Each output element sees the same operations in the same order as the scalar loops they
/// replace (`z[r][j] = z[r][j] + b[j]`; `s[j] = ((0 + d[0][j]) + d[1][j]) + …`, rows ascending),
/// so results are bit-identical to them; only the columns go `S.Vector.scalarCount` at a time.
/// The scalar forms compiled to one element per iteration with overflow-checked index arithmetic
/// (about 15 % of a float32 sweep in `perf`).
///
/// Audited unsafe code: each function checks its buffer sizes with a precondition before it
/// takes pointers, and every access stays below `rows × columns`.
@usableFromInline
enum RowKernels {
    /// `z[r][j] = z[r][j] + b[j]` for the first `rows` rows of the row-major `rows × columns`
    /// matrix `z`. numpy: `z += b`.
    @inlinable
    static func addRowVector<S: KernelScalar>(_ b: [S], to z: inout [S], rows: Int, columns n: Int) {
        precondition(b.count >= n && z.count >= rows * n, "addRowVector: buffers too small")
        let width = S.Vector.scalarCount
        let vectorEnd = n - n % width
        b.withUnsafeBufferPointer { bias in
            z.withUnsafeMutableBufferPointer { z in
                guard let bias = bias.baseAddress, let z = z.baseAddress else { return }
                let biasBytes = UnsafeRawPointer(bias)
                for r in 0..<rows {
                    let row = z + r &* n
                    let rowBytes = UnsafeMutableRawPointer(row)
                    var j = 0
                    while j < vectorEnd {
                        let offset = j &* MemoryLayout<S>.stride
                        let sum = rowBytes.loadUnaligned(fromByteOffset: offset, as: S.Vector.self)
                            + biasBytes.loadUnaligned(fromByteOffset: offset, as: S.Vector.self)
                        rowBytes.storeBytes(of: sum, toByteOffset: offset, as: S.Vector.self)
                        j &+= width
                    }
                    while j < n {
                        row[j] = row[j] + bias[j]
                        j &+= 1
                    }
                }
            }
        }
    }

    /// `sums[j] = Σ_r d[r][j]`, rows ascending from zero, over the `rows × columns` row-major `d`.
    /// numpy: `d.sum(axis=0)` (whose pairwise order differs; ours is the plain loop's).
    @inlinable
    static func columnSums<S: KernelScalar>(_ d: [S], rows: Int, columns n: Int, into sums: inout [S]) {
        precondition(d.count >= rows * n && sums.count >= n, "columnSums: buffers too small")
        let width = S.Vector.scalarCount
        let stride = MemoryLayout<S>.stride
        let rowBytes = n &* stride
        d.withUnsafeBufferPointer { d in
            sums.withUnsafeMutableBufferPointer { sums in
                guard let d = d.baseAddress, let out = sums.baseAddress else { return }
                let source = UnsafeRawPointer(d)
                let target = UnsafeMutableRawPointer(out)
                var j = 0
                // Four vectors of columns at a time: four independent addition chains.
                while j &+ 4 &* width <= n {
                    var s0 = S.Vector(), s1 = S.Vector(), s2 = S.Vector(), s3 = S.Vector()
                    var p = source + j &* stride
                    let step = width &* stride
                    for _ in 0..<rows {
                        s0 = s0 + p.loadUnaligned(as: S.Vector.self)
                        s1 = s1 + p.loadUnaligned(fromByteOffset: step, as: S.Vector.self)
                        s2 = s2 + p.loadUnaligned(fromByteOffset: 2 &* step, as: S.Vector.self)
                        s3 = s3 + p.loadUnaligned(fromByteOffset: 3 &* step, as: S.Vector.self)
                        p += rowBytes
                    }
                    let base = j &* stride
                    target.storeBytes(of: s0, toByteOffset: base, as: S.Vector.self)
                    target.storeBytes(of: s1, toByteOffset: base &+ step, as: S.Vector.self)
                    target.storeBytes(of: s2, toByteOffset: base &+ 2 &* step, as: S.Vector.self)
                    target.storeBytes(of: s3, toByteOffset: base &+ 3 &* step, as: S.Vector.self)
                    j &+= 4 &* width
                }
                while j &+ width <= n {
                    var s = S.Vector()
                    var p = source + j &* stride
                    for _ in 0..<rows {
                        s = s + p.loadUnaligned(as: S.Vector.self)
                        p += rowBytes
                    }
                    target.storeBytes(of: s, toByteOffset: j &* stride, as: S.Vector.self)
                    j &+= width
                }
                while j < n {
                    var s: S = 0
                    for r in 0..<rows { s = s + d[r &* n &+ j] }
                    out[j] = s
                    j &+= 1
                }
            }
        }
    }

    /// Copies rows `indices` of the row-major `source` (`columns` wide, `sourceRows` tall) into
    /// consecutive rows of `destination`. numpy: `x[indices]`.
    @inlinable
    static func gatherRows<S: KernelScalar, Indices: Collection<Int>>(
        _ source: [S], sourceRows: Int, columns: Int, indices: Indices, into destination: inout [S]
    ) {
        precondition(source.count >= sourceRows * columns && destination.count >= indices.count * columns,
                     "gatherRows: buffers too small")
        source.withUnsafeBufferPointer { src in
            destination.withUnsafeMutableBufferPointer { dst in
                guard let src = src.baseAddress, let dst = dst.baseAddress else { return }
                var row = dst
                for i in indices {
                    precondition(i >= 0 && i < sourceRows, "row index out of range")
                    row.update(from: src + i &* columns, count: columns)
                    row += columns
                }
            }
        }
    }
}
