import Testing
@testable import ExpCore

/// split.json: scikit-learn's per-fold counts are deterministic given the class counts and the
/// order of first appearance, so they must match exactly; membership is checked by properties.
@Suite("Stratified splits")
struct SplitTests {
    /// Labels shaped like the reference CSV: 6,819 rows, 220 positives, row 0 positive.
    static var referenceLabels: [Int] {
        var g = SeededGenerator(seed: 5)
        var y = [1] + Array(repeating: 1, count: 219) + Array(repeating: 0, count: 6599)
        var rest = Array(y[1...])
        g.shuffle(&rest)
        y = [1] + rest
        return y
    }

    @Test func stratifiedKFoldCountsMatchScikitLearn() throws {
        let fixture = try ReferenceFixture.load("split")
        let kfold = try #require(fixture["stratified_kfold"] as? [String: Any])
        let folds = try #require(kfold["folds"] as? [[String: Any]])
        let y = Self.referenceLabels
        for seed in [UInt64(42), 7] {
            var g = SeededGenerator(seed: seed)
            let split = try StratifiedKFold(labels: y, folds: 5, generator: &g)
            for (f, expected) in folds.enumerated() {
                let (train, test) = split.split(f)
                #expect(test.count == ReferenceFixture.ints([expected["test_size"] ?? 0])[0])
                #expect(test.filter { y[$0] == 1 }.count == (expected["test_pos"] as? Int))
                #expect(test.filter { y[$0] == 0 }.count == (expected["test_neg"] as? Int))
                #expect(train.filter { y[$0] == 1 }.count == (expected["train_pos"] as? Int))
                #expect(Set(train).isDisjoint(with: test) && train.count + test.count == y.count)
            }
        }
    }

    @Test func kFoldPropertiesOnAwkwardCounts() throws {
        var g = SeededGenerator(seed: 1)
        let y = (0..<103).map { $0 % 7 == 0 ? 1 : 0 }  // 15 positives, 88 negatives
        let split = try StratifiedKFold(labels: y, folds: 4, generator: &g)
        let sizes = (0..<4).map { f in split.foldOfRow.filter { $0 == f }.count }
        #expect(sizes.reduce(0, +) == 103 && (sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        for label in [0, 1] {
            let perFold = (0..<4).map { f in y.indices.filter { y[$0] == label && split.foldOfRow[$0] == f }.count }
            #expect((perFold.max() ?? 0) - (perFold.min() ?? 0) <= 1)
        }
    }

    @Test func tooManyFoldsForTheMinorityIsAnError() {
        var g = SeededGenerator(seed: 1)
        let y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: ExpCoreError.self) { try StratifiedKFold(labels: y, folds: 4, generator: &g) }
        #expect(throws: ExpCoreError.self) { try StratifiedKFold(labels: y, folds: 1, generator: &g) }
    }

    @Test func trainTestSplitCountsMatchScikitLearn() throws {
        let fixture = try ReferenceFixture.load("split")
        let expected = try #require(fixture["train_test_split"] as? [String: Any])
        let y = Self.referenceLabels
        var g = SeededGenerator(seed: 42)
        let split = try StratifiedSplit(labels: y, testFraction: 0.2, generator: &g)
        #expect(split.test.count == expected["n_test"] as? Int)
        #expect(split.train.count == expected["n_train"] as? Int)
        #expect(split.test.filter { y[$0] == 1 }.count == expected["test_pos"] as? Int)
        #expect(split.train.filter { y[$0] == 1 }.count == expected["train_pos"] as? Int)
        #expect(Set(split.train + split.test).count == y.count)
    }

    @Test func approximateModeBreaksOnlyExactTiesAtRandom() {
        var g = SeededGenerator(seed: 3)
        // sklearn docstring examples: _approximate_mode([2, 2, 2, 1], 2) is random among ties;
        // _approximate_mode([6, 3], 3) == [2, 1]; ([2, 2, 2, 1], 4) leaves the remainder to the 3 twos.
        #expect(StratifiedSplit.approximateMode([6, 3], draws: 3, generator: &g) == [2, 1])
        let r = StratifiedSplit.approximateMode([2, 2, 2, 1], draws: 4, generator: &g)
        #expect(r.reduce(0, +) == 4 && r[3] <= 1)
    }

    @Test func threeWaySplitPartitionsTheRows() throws {
        var g = SeededGenerator(seed: 9)
        let y = Self.referenceLabels
        let s = try StratifiedThreeWaySplit(labels: y, validationFraction: 0.1, testFraction: 0.2, generator: &g)
        #expect(Set(s.train).union(s.validation).union(s.test).count == y.count)
        #expect(s.test.count == 1364 && s.validation.count == 546)
        #expect(s.validation.filter { y[$0] == 1 }.count == 18)
    }
}
