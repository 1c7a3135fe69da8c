import ExpTestSupport
import Foundation
import Testing
@testable import ExpCore

@Suite("f_classif and SelectKBest: parity with scikit-learn (f_classif.json)")
struct FClassifTests {
    /// One `synthetic` entry of f_classif.json.
    struct Synthetic {
        let x: Matrix<Double>
        let labels: [Int]
        let f: [Double]
        let p: [Double]
        let dfn: Int, dfd: Int
        let support: [Int: [Int]]
    }

    static func root() throws -> [String: Any] { try ReferenceFixture.load("f_classif") }

    static func synthetic(_ name: String) throws -> Synthetic {
        let entry = try #require((try root()["synthetic"] as? [String: Any])?[name] as? [String: Any])
        let support = try #require(entry["selectkbest_support_indices"] as? [String: Any])
        var supportByK: [Int: [Int]] = [:]
        for (key, value) in support { supportByK[try #require(Int(key))] = ReferenceFixture.ints(value) }
        return Synthetic(
            x: Matrix(ReferenceFixture.matrix(entry["X"])), labels: ReferenceFixture.ints(entry["y"]),
            f: ReferenceFixture.doubles(entry["F"]), p: ReferenceFixture.doubles(entry["p"]),
            dfn: try #require((entry["dfn"] as? NSNumber)?.intValue),
            dfd: try #require((entry["dfd"] as? NSNumber)?.intValue),
            support: supportByK)
    }

    // MARK: Synthetic fixtures

    @Test("A (30×4, binary): F and p at 1e-12, constant column 2 → NaN, duplicate column 3 == column 1")
    func syntheticA() throws {
        let a = try Self.synthetic("A_binary_const_dup")
        let test = try FClassif.compute(a.x, labels: a.labels)
        #expect(test.degreesOfFreedomBetween == a.dfn && test.degreesOfFreedomWithin == a.dfd)
        #expect(test.classLabels == [0, 1])
        expectClose(test.scores, a.f, relative: 1e-12, absolute: 0, "F")
        expectClose(test.pValues, a.p, relative: 1e-12, absolute: 0, "p")
        #expect(test.scores[2].isNaN && test.pValues[2].isNaN)
        #expect(test.scores[3] == test.scores[1])
        #expect(test.constantFeatureIndices == [2])  // sklearn: "Features [2] are constant."
    }

    @Test("A: SelectKBest support for k = 1...4 (k = 1 → [3]: ties go to the higher index)")
    func syntheticASelection() throws {
        let a = try Self.synthetic("A_binary_const_dup")
        #expect(a.support.count == 4)
        for (k, expected) in a.support.sorted(by: { $0.key < $1.key }) {
            let selector = try SelectKBest.fit(a.x, labels: a.labels, k: k)
            #expect(selector.selectedIndices == expected, "k=\(k)")
        }
    }

    @Test("B (24×4, 3 classes): F and p at 1e-12, F = +∞ with p = 0, column 3 property-only")
    func syntheticB() throws {
        let b = try Self.synthetic("B_3class_inf_const01")
        let test = try FClassif.compute(b.x, labels: b.labels)
        #expect(test.degreesOfFreedomBetween == b.dfn && test.degreesOfFreedomWithin == b.dfd)
        #expect(test.classLabels == [0, 1, 2])
        expectClose(Array(test.scores[0..<2]), Array(b.f[0..<2]), relative: 1e-12, absolute: 0, "F")
        expectClose(Array(test.pValues[0..<2]), Array(b.p[0..<2]), relative: 1e-12, absolute: 0, "p")
        #expect(test.scores[2] == .infinity)
        #expect(test.pValues[2] == 0)
        // Column 3 is the constant 0.1: exactly 0/0, but sklearn's formula leaves rounding residue
        // (it reports F = −3.5, p = NaN). Only require NaN, or a score that ranks last.
        let f3 = test.scores[3]
        #expect(f3.isNaN || f3 < test.scores[0..<3].min() ?? 0, "F[3] = \(f3)")
        #expect(test.pValues[3].isNaN || f3 >= 0)
        for (k, expected) in b.support {
            #expect(try SelectKBest.fit(b.x, labels: b.labels, k: k).selectedIndices == expected, "k=\(k)")
        }
    }

    // MARK: The CSV (skipped when ../shared/data is absent)

    @Test(
        "CSV: F at 1e-12 relative (sequential-sum replication), p at 1e-10, constant feature 93 → NaN",
        .enabled(if: TaiwanBankruptcyCSV.isAvailable, "needs ../shared/data/taiwan_bankruptcy.csv next to the package"))
    func csvParity() throws {
        let table = try TaiwanBankruptcyCSV.load()
        let csv = try #require(try Self.root()["csv"] as? [String: Any])
        let expectedF = ReferenceFixture.doubles(csv["F"])
        let expectedP = ReferenceFixture.doubles(csv["p"])
        #expect(table.features.rows == 6819 && table.features.columns == 95)

        let test = try FClassif.compute(table.features, labels: table.labels)
        #expect(test.classLabels == [0, 1] && test.classCounts == [6599, 220])
        #expect(test.degreesOfFreedomWithin == 6817)
        expectClose(test.scores, expectedF, relative: 1e-12, absolute: 0, "F")
        expectClose(test.pValues, expectedP, relative: 1e-10, absolute: 1e-300, "p")
        #expect(test.scores[93].isNaN && test.pValues[93].isNaN)
        #expect(test.constantFeatureIndices == [93])
        let fError = maxRelativeError(test.scores, expectedF)
        let pError = maxRelativeError(test.pValues, expectedP, floor: 1e-300)
        let bitIdentical = zip(test.scores, expectedF).filter { $0 == $1 || ($0.isNaN && $1.isNaN) }.count
        print("f_classif on the CSV: F max relative error \(fError) (\(bitIdentical)/95 bit-identical), p \(pError)")
    }

    @Test(
        "CSV: SelectKBest support for k = 10, 20, 50, 94, 95, exactly (k = 20 keeps 77, not 65)",
        .enabled(if: TaiwanBankruptcyCSV.isAvailable, "needs ../shared/data/taiwan_bankruptcy.csv next to the package"))
    func csvSelection() throws {
        let table = try TaiwanBankruptcyCSV.load()
        let csv = try #require(try Self.root()["csv"] as? [String: Any])
        let selection = try #require(csv["selectkbest"] as? [String: Any])
        let support = try #require(selection["support_indices"] as? [String: Any])
        let test = try FClassif.compute(table.features, labels: table.labels)
        #expect(test.scores[65] == test.scores[77] && test.scores[63] == test.scores[76])
        for k in [10, 20, 50, 94, 95] {
            let expected = ReferenceFixture.ints(support[String(k)])
            let selector = try SelectKBest(scores: test.scores, pValues: test.pValues, k: k)
            #expect(selector.selectedIndices == expected, "k=\(k)")
            #expect(try SelectKBest.fit(table.features, labels: table.labels, k: k).selectedIndices == expected)
        }
        let k20 = try SelectKBest(scores: test.scores, pValues: test.pValues, k: 20).selectedIndices
        #expect(k20.contains(77) && !k20.contains(65))
        let k94 = try SelectKBest(scores: test.scores, pValues: test.pValues, k: 94).selectedIndices
        #expect(!k94.contains(93))
        // The full ascending rank order, as sklearn's stable argsort gives it.
        let order = ReferenceFixture.ints(selection["full_rank_order_ascending"])
        let cleaned = test.scores.map { $0.isNaN ? -Double.greatestFiniteMagnitude : $0 }
        let ours = cleaned.indices.sorted { cleaned[$0] < cleaned[$1] || (cleaned[$0] == cleaned[$1] && $0 < $1) }
        #expect(ours == order)
    }

    // MARK: SelectKBest rules and errors

    @Test("Tie and NaN rule: equal scores keep the higher index; NaN ranks below everything")
    func supportRule() {
        let scores = [1.0, 2, 2, .nan, -1e300, 2]
        #expect(SelectKBest.supportIndices(scores: scores, k: 1) == [5])
        #expect(SelectKBest.supportIndices(scores: scores, k: 2) == [2, 5])
        #expect(SelectKBest.supportIndices(scores: scores, k: 3) == [1, 2, 5])
        #expect(SelectKBest.supportIndices(scores: scores, k: 5) == [0, 1, 2, 4, 5])
        #expect(SelectKBest.supportIndices(scores: scores, k: 6) == [0, 1, 2, 3, 4, 5])
        #expect(SelectKBest.supportIndices(scores: [.nan, .nan, .nan], k: 1) == [2])
    }

    @Test("k outside 1...featureCount throws invalidParameter(k_best); k == featureCount keeps all")
    func invalidK() throws {
        let a = try Self.synthetic("A_binary_const_dup")
        for k in [0, -1, 5] {
            #expect {
                try SelectKBest.fit(a.x, labels: a.labels, k: k)
            } throws: { error in
                guard case let .invalidParameter(name, _) = error as? ExpCoreError else { return false }
                return name == "k_best"
            }
        }
        #expect(try SelectKBest.fit(a.x, labels: a.labels, k: 4).selectedIndices == [0, 1, 2, 3])
    }

    @Test("Input errors: label count, a single class, non-finite values, too few rows")
    func inputErrors() throws {
        let x = Matrix<Double>([[1, 2], [3, 4], [5, 6], [7, 9]])
        #expect(throws: ExpCoreError.shapeMismatch("3 labels for 4 rows")) {
            try FClassif.compute(x, labels: [0, 1, 0])
        }
        #expect(throws: ExpCoreError.singleClass(label: 1)) { try FClassif.compute(x, labels: [1, 1, 1, 1]) }
        var bad = x
        bad[2, 1] = .nan
        #expect(throws: ExpCoreError.nonFiniteInput(row: 2, column: 1)) {
            try FClassif.compute(bad, labels: [0, 1, 0, 1])
        }
        bad[2, 1] = 6
        bad[1, 0] = -.infinity
        #expect(throws: ExpCoreError.nonFiniteInput(row: 1, column: 0)) {
            try FClassif.compute(bad, labels: [0, 1, 0, 1])
        }
        #expect(throws: ExpCoreError.self) { try FClassif.compute(x.gatheringRows([0, 1]), labels: [0, 1]) }
    }

    @Test("Labels need not be 0/1 or sorted: classes are taken in ascending label order")
    func arbitraryLabels() throws {
        let a = try Self.synthetic("A_binary_const_dup")
        let relabelled = a.labels.map { $0 == 0 ? 7 : -3 }
        let reference = try FClassif.compute(a.x, labels: a.labels)
        let test = try FClassif.compute(a.x, labels: relabelled)
        #expect(test.classLabels == [-3, 7] && test.classCounts == reference.classCounts.reversed())
        // Two classes: swapping their order changes only the order of additions.
        expectClose(test.scores, reference.scores, relative: 1e-13, absolute: 0, "F")
    }

    @Test("transform keeps the selected columns in ascending order; Codable round trip")
    func transformAndCodable() throws {
        let a = try Self.synthetic("A_binary_const_dup")
        let selector = try SelectKBest.fit(a.x, labels: a.labels, k: 2)
        #expect(selector.featureCount == 4 && selector.k == 2)
        let reduced = selector.transform(a.x)
        #expect(reduced.columns == 2 && reduced.rows == 30)
        #expect(reduced.column(0) == a.x.column(1) && reduced.column(1) == a.x.column(3))
        #expect(selector.transform(a.x.converted(to: Float.self)) == reduced.converted(to: Float.self))

        // Scores hold NaN (constant column), so JSON needs a non-conforming-float strategy.
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let decoded = try decoder.decode(SelectKBest.self, from: try encoder.encode(selector))
        #expect(decoded.selectedIndices == selector.selectedIndices && decoded.k == 2)
        #expect(decoded.scores[2].isNaN && decoded.scores[3] == selector.scores[3])
    }
}
