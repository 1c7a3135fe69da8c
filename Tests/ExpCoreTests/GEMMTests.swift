import Testing
@testable import ExpCore

@Suite("GEMM kernels")
struct GEMMTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (3, 5, 7), (4, 16, 8), (5, 17, 9), (13, 1, 31), (200, 50, 100), (37, 95, 64), (7, 0, 3), (0, 4, 4),
        (200, 64, 1), (19, 7, 1), (64, 200, 1), (200, 1, 64), (3, 1, 2), (1, 95, 64), (1, 50, 17), (1, 3, 9), (1, 1, 8),
    ]

    func random<S: KernelScalar>(_ rows: Int, _ columns: Int, _ g: inout SeededGenerator) -> Matrix<S> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in S(g.uniform(-1, 1)) })
    }

    func check<S: KernelScalar>(_: S.Type) {
        var g = SeededGenerator(seed: 11)
        for (m, k, n) in Self.shapes {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a: Matrix<S> = ta ? random(k, m, &g) : random(m, k, &g)
                    let b: Matrix<S> = tb ? random(n, k, &g) : random(k, n, &g)
                    let fast = GEMM.product(a, transposeA: ta, b, transposeB: tb)
                    let slow = GEMM.reference(a, transposeA: ta, b, transposeB: tb)
                    // Bit-identical, not merely close: same summation order, no fusion.
                    #expect(fast.elements.map { Double($0).bitPattern } == slow.elements.map { Double($0).bitPattern },
                            "m=\(m) k=\(k) n=\(n) ta=\(ta) tb=\(tb)")
                }
            }
        }
    }

    @Test func fastKernelEqualsReferenceBitForBitDouble() { check(Double.self) }
    @Test func fastKernelEqualsReferenceBitForBitFloat() { check(Float.self) }

    @Test func knownProduct() {
        let a = Matrix<Double>([[1, 2], [3, 4], [5, 6]])
        let b = Matrix<Double>([[1, 0, 2], [0, 1, 3]])
        #expect(GEMM.product(a, b) == Matrix([[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        #expect(GEMM.product(a, transposeA: true, a) == Matrix([[35, 44], [44, 56]]))
    }
}

@Suite("GEMM fused accumulation (opt-in)")
struct GEMMFusedTests {
    @Test func fusedKernelEqualsFusedReferenceBitForBit() {
        var g = SeededGenerator(seed: 12)
        for (m, k, n) in GEMMTests.shapes {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = Matrix<Double>(rows: ta ? k : m, columns: ta ? m : k,
                                           elements: (0..<(m * k)).map { _ in g.uniform(-1, 1) })
                    let b = Matrix<Double>(rows: tb ? n : k, columns: tb ? k : n,
                                           elements: (0..<(k * n)).map { _ in g.uniform(-1, 1) })
                    let fast = GEMM.product(a, transposeA: ta, b, transposeB: tb, accumulation: .fused)
                    let slow = GEMM.reference(a, transposeA: ta, b, transposeB: tb, accumulation: .fused)
                    #expect(fast.elements.map(\.bitPattern) == slow.elements.map(\.bitPattern))
                }
            }
        }
    }

    @Test func fusedTrainingIsDeterministicAndCloseToSeparate() throws {
        let (x, y) = MLPTrainingTests.problem(rows: 200, seed: 3)
        var config = MLPConfiguration(hiddenLayerSizes: [8])
        config.maxIter = 5
        var g1 = SeededGenerator(seed: 1), g2 = SeededGenerator(seed: 1), g3 = SeededGenerator(seed: 1)
        config.accumulation = .fused
        let a = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g1)
        let b = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g2)
        config.accumulation = .separate
        let c = try MLPClassifier<Double>.fit(x, labels: y, configuration: config, generator: &g3)
        #expect(a.network == b.network)
        #expect(a.network.accumulation == .fused && c.network.accumulation == .separate)
        for (p, q) in zip(a.predictProbabilities(x), c.predictProbabilities(x)) { #expect(abs(p - q) < 1e-9) }
    }
}
