import Testing

@testable import ExpCore

@Suite("Inference pipeline")
struct InferencePipelineTests {
    /// 6 raw features, 3 selected, a fitted imputer and scaler, and a random 3→5→1 network.
    static func pipeline(float32: Bool = false, imputer: Bool = true) throws -> InferencePipeline {
        var g = SeededGenerator(seed: 9)
        let imputerValue = imputer
            ? SimpleImputer(strategy: .median, statistics: [0.5, -1, 2, 3, 0.25, 7]) : nil
        let scaler = StandardScaler(mean: [0.1, -0.2, 1.5], variance: [4, 0.25, 9], scale: [2, 0.5, 3], samplesSeen: 10)
        let network: TrainedNetwork = float32
            ? .float32(MLPNetwork<Float>.glorotUniform(layerSizes: [3, 5, 1], activation: .relu, generator: &g))
            : .float64(MLPNetwork<Double>.glorotUniform(layerSizes: [3, 5, 1], activation: .tanh, generator: &g))
        return try InferencePipeline(inputFeatureCount: 6, imputer: imputerValue, selectedIndices: [1, 3, 4],
                                     scaler: scaler, network: network)
    }

    static func rows(_ n: Int, seed: UInt64 = 3) -> Matrix<Double> {
        var g = SeededGenerator(seed: seed)
        return Matrix(rows: n, columns: 6, elements: (0..<(n * 6)).map { _ in g.uniform(-3, 3) })
    }

    /// The step-by-step scikit-learn order: impute, select, scale, network.
    static func stepByStep(_ p: InferencePipeline, _ x: Matrix<Double>) -> [Double] {
        let imputed = p.imputer?.transform(x) ?? x
        let scaled = p.scaler.transform(imputed.selectingColumns(p.selectedIndices))
        switch p.network {
        case let .float64(n): return n.predictProbabilities(scaled)
        case let .float32(n): return n.predictProbabilities(scaled.converted(to: Float.self)).map { Double($0) }
        }
    }

    @Test("batch probabilities equal the step-by-step pipeline bit for bit, in float64 and float32",
          arguments: [false, true])
    func matchesSteps(float32: Bool) throws {
        let p = try Self.pipeline(float32: float32)
        var x = Self.rows(1_300)
        x.elements[7] = .nan        // row 1, column 1 (selected): imputed with -1
        x.elements[6 * 900 + 4] = .nan
        let expected = Self.stepByStep(p, x)
        let got = try p.predictProbabilities(x)
        #expect(got.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(got.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("threads, block boundaries and single rows do not change a probability")
    func independentOfBlocking() throws {
        let p = try Self.pipeline()
        let x = Self.rows(InferencePipeline.blockRows * 2 + 37)
        let one = try p.predictProbabilities(x, threads: 1)
        let two = try p.predictProbabilities(x, threads: 2)
        let four = try p.predictProbabilities(x, threads: 4)
        #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
        #expect(one.map(\.bitPattern) == four.map(\.bitPattern))
        for r in [0, InferencePipeline.blockRows - 1, InferencePipeline.blockRows, x.rows - 1] {
            let single = try p.predictProbabilities(Matrix(rows: 1, columns: 6, elements: Array(x.row(r))))
            #expect(single[0].bitPattern == one[r].bitPattern)
        }
        #expect(try p.predictProbabilities(Matrix(rows: 0, columns: 6)).isEmpty)
    }

    @Test("the selected-features form gives the same probabilities as full rows")
    func selectedForm() throws {
        let p = try Self.pipeline()
        let x = Self.rows(20)
        let full = try p.predictProbabilities(x)
        let selected = try p.predictProbabilities(selected: x.selectingColumns(p.selectedIndices))
        #expect(full.map(\.bitPattern) == selected.map(\.bitPattern))
    }

    @Test("bad input names the problem")
    func errors() throws {
        let p = try Self.pipeline(imputer: false)
        #expect(throws: ExpCoreError.shapeMismatch("expected 6 input columns, got 5")) {
            try p.predictProbabilities(Matrix(rows: 1, columns: 5))
        }
        var x = Self.rows(3)
        x.elements[2 * 6 + 3] = .nan
        #expect(throws: ExpCoreError.nonFiniteInput(row: 2, column: 3)) { try p.predictProbabilities(x) }
        let q = try Self.pipeline(imputer: true)
        x.elements[5] = .infinity
        #expect(throws: ExpCoreError.nonFiniteInput(row: 0, column: 5)) { try q.predictProbabilities(x) }
        #expect(throws: ExpCoreError.shapeMismatch("expected 3 selected features, got 6")) {
            try q.predictProbabilities(selected: x)
        }
    }

    @Test("parts that do not fit together are refused")
    func construction() throws {
        let p = try Self.pipeline()
        #expect(throws: ExpCoreError.self) {
            try InferencePipeline(inputFeatureCount: 6, imputer: nil, selectedIndices: [1, 1, 4], scaler: p.scaler,
                                  network: p.network)
        }
        #expect(throws: ExpCoreError.self) {
            try InferencePipeline(inputFeatureCount: 4, imputer: nil, selectedIndices: [1, 3, 4], scaler: p.scaler,
                                  network: p.network)
        }
        #expect(throws: ExpCoreError.self) {
            try InferencePipeline(inputFeatureCount: 6, imputer: SimpleImputer(statistics: [1, 2]),
                                  selectedIndices: [1, 3, 4], scaler: p.scaler, network: p.network)
        }
        let zeroScale = StandardScaler(mean: [0, 0, 0], variance: [1, 1, 1], scale: [1, 0, 1], samplesSeen: 2)
        #expect(throws: ExpCoreError.self) {
            try InferencePipeline(inputFeatureCount: 6, imputer: nil, selectedIndices: [1, 3, 4], scaler: zeroScale,
                                  network: p.network)
        }
    }

    @Test("risk bands: low below 0.3, high at 0.7 or above")
    func riskBands() throws {
        let bands = RiskBands.default
        #expect(bands.level(0) == .low)
        #expect(bands.level(0.2999999) == .low)
        #expect(bands.level(0.3) == .medium)
        #expect(bands.level(0.6999) == .medium)
        #expect(bands.level(0.7) == .high)
        #expect(bands.level(1) == .high)
        #expect(throws: ExpCoreError.self) { try RiskBands(low: 0.8, high: 0.2) }
        #expect(throws: ExpCoreError.self) { try RiskBands(low: -0.1, high: 0.2) }
    }

    @Test("columns bind by name: any order, extras ignored, missing and duplicates named")
    func columnBinding() throws {
        let binding = try ColumnBinding(supplied: ["id", "b", "a", "c"], schema: ["a", "b", "c"])
        #expect(binding.sourceIndices == [2, 1, 3])
        #expect(binding.ignoredColumns == ["id"])
        let rows = Matrix<Double>([[9, 2, 1, 3]])
        #expect(binding.arrange(rows) == Matrix([[1, 2, 3]]))
        #expect(throws: ExpCoreError.missingColumns(["b", "c"])) {
            try ColumnBinding(supplied: ["a"], schema: ["a", "b", "c"])
        }
        #expect(throws: ExpCoreError.duplicateColumns(["a"])) {
            try ColumnBinding(supplied: ["a", "b", "a"], schema: ["a", "b"])
        }
        #expect(ExpCoreError.missingColumns(["b", "c"]).description == "missing columns: 'b', 'c'")
        // A duplicated column the schema does not use is only ignored.
        #expect(try ColumnBinding(supplied: ["x", "a", "x"], schema: ["a"]).ignoredColumns == ["x"])
    }
}
