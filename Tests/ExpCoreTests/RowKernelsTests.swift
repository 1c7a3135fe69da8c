import Testing
@testable import ExpCore

/// The vectorized bias kernels must equal the scalar loops they replaced, bit for bit, for every
/// width (vector multiples and ragged tails) and for signed zeros.
@Suite("Row kernels")
struct RowKernelsTests {
    static let shapes: [(rows: Int, columns: Int)] = [
        (0, 5), (1, 1), (3, 7), (200, 8), (200, 16), (17, 33), (5, 64), (200, 100), (9, 95), (4, 31), (2, 0),
    ]

    func values<S: KernelScalar>(_ count: Int, _ g: inout SeededGenerator) -> [S] {
        (0..<count).map { i in
            // Signed zeros and huge magnitudes among ordinary values, so rounding and the sign
            // of zero sums are exercised.
            switch i % 11 {
            case 3: return -0.0
            case 7: return S(g.uniform(-1, 1)) * S(1e30)
            default: return S(g.uniform(-1, 1))
            }
        }
    }

    func bits<S: KernelScalar>(_ x: [S]) -> [UInt64] { x.map { Double($0).bitPattern } }

    func check<S: KernelScalar>(_: S.Type) {
        var g = SeededGenerator(seed: 5)
        for (rows, n) in Self.shapes {
            // Row broadcast: z[r][j] = z[r][j] + b[j].
            let b: [S] = values(n, &g)
            let z0: [S] = values(rows * n + 3, &g)  // three spare elements stay untouched
            var fast = z0
            RowKernels.addRowVector(b, to: &fast, rows: rows, columns: n)
            var slow = z0
            for r in 0..<rows { for j in 0..<n { slow[r * n + j] = slow[r * n + j] + b[j] } }
            #expect(bits(fast) == bits(slow), "addRowVector rows=\(rows) columns=\(n)")

            // Column sums from +0, rows ascending.
            let d: [S] = values(rows * n, &g)
            var sums = [S](repeating: 7, count: n)
            RowKernels.columnSums(d, rows: rows, columns: n, into: &sums)
            var expected = [S](repeating: 0, count: n)
            for r in 0..<rows { for j in 0..<n { expected[j] = expected[j] + d[r * n + j] } }
            #expect(bits(sums) == bits(expected), "columnSums rows=\(rows) columns=\(n)")

            // Row gather, with repeats and in any order.
            let indices = rows == 0 ? [] : [rows - 1, 0, rows / 2, rows - 1]
            var gathered = [S](repeating: 0, count: indices.count * n)
            RowKernels.gatherRows(d, sourceRows: rows, columns: n, indices: indices, into: &gathered)
            #expect(bits(gathered) == bits(indices.flatMap { Array(d[($0 * n)..<($0 * n + n)]) }), "gatherRows \(rows)×\(n)")
        }
    }

    @Test func equalScalarLoopsBitForBitDouble() { check(Double.self) }
    @Test func equalScalarLoopsBitForBitFloat() { check(Float.self) }

    @Test func sumOfNegativeZerosIsPositiveZeroAsInTheLoop() {
        var sums = [Double](repeating: 1, count: 5)
        RowKernels.columnSums([Double](repeating: -0.0, count: 10), rows: 2, columns: 5, into: &sums)
        #expect(sums.allSatisfy { $0 == 0 && $0.sign == .plus })
    }
}
