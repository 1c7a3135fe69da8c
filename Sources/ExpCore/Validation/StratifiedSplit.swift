/// A stratified shuffle split into two parts. sklearn: `train_test_split(stratify=y)`, i.e.
/// `StratifiedShuffleSplit(n_splits=1)._iter_indices`.
///
/// Sizes follow scikit-learn exactly: `n_test = ceil(testFraction · n)`, and per-class counts
/// come from `_approximate_mode` (floors of the proportional shares, leftovers to the largest
/// remainders, exact ties broken at random). Row membership and order come from our generator.
public struct StratifiedSplit: Sendable, Equatable, Codable {
    /// Training rows, in shuffled order (as scikit-learn returns them).
    public let train: [Int]
    /// Test rows, in shuffled order.
    public let test: [Int]

    /// Splits row indices `0..<labels.count` so that about `testFraction` of each class is in `test`.
    /// - Throws: ``ExpCoreError/invalidParameter(name:reason:)`` for a fraction outside (0, 1) and
    ///   ``ExpCoreError/insufficientSamples(_:)`` when a class has fewer than 2 members or a part
    ///   would be too small to hold every class.
    public init(labels: [Int], testFraction: Double, parameterName: String = "test_fraction",
                generator: inout SeededGenerator) throws {
        guard testFraction > 0 && testFraction < 1 else {
            throw ExpCoreError.invalidParameter(
                name: parameterName, reason: "must be in (0, 1), got \(testFraction)")
        }
        let n = labels.count
        let nTest = Int((testFraction * Double(n)).rounded(.up))
        let nTrain = n - nTest
        let classes = Array(Set(labels)).sorted()
        var counts = [Int](repeating: 0, count: classes.count)
        var members = [[Int]](repeating: [], count: classes.count)
        let codeOf = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        for (i, label) in labels.enumerated() {
            let c = codeOf[label] ?? 0
            counts[c] += 1
            members[c].append(i)
        }
        if let smallest = counts.min(), smallest < 2 {
            throw ExpCoreError.insufficientSamples(
                "the least populated class has only \(smallest) member; a stratified split needs 2")
        }
        guard nTrain >= classes.count, nTest >= classes.count else {
            throw ExpCoreError.insufficientSamples(
                "\(parameterName)=\(testFraction) on \(n) rows leaves \(nTrain) train / \(nTest) test rows for \(classes.count) classes")
        }
        let trainCounts = Self.approximateMode(counts, draws: nTrain, generator: &generator)
        let remaining = zip(counts, trainCounts).map { $0 - $1 }
        let testCounts = Self.approximateMode(remaining, draws: nTest, generator: &generator)
        var train: [Int] = [], test: [Int] = []
        for c in classes.indices {
            let permutation = generator.permutation(counts[c])
            let shuffled = permutation.map { members[c][$0] }
            train.append(contentsOf: shuffled[0..<trainCounts[c]])
            test.append(contentsOf: shuffled[trainCounts[c]..<(trainCounts[c] + testCounts[c])])
        }
        generator.shuffle(&train)
        generator.shuffle(&test)
        self.train = train
        self.test = test
    }

    /// sklearn `utils._approximate_mode`: the most likely per-class counts of `draws` samples
    /// drawn without replacement from classes of sizes `counts`.
    static func approximateMode(_ counts: [Int], draws: Int, generator: inout SeededGenerator) -> [Int] {
        let total = counts.reduce(0, +)
        let factor = Double(draws) / Double(total)
        let continuous = counts.map { Double($0) * factor }
        var floored = continuous.map { Int($0.rounded(.down)) }
        var needToAdd = draws - floored.reduce(0, +)
        if needToAdd > 0 {
            let remainder = zip(continuous, floored).map { $0 - Double($1) }
            for value in Set(remainder).sorted(by: >) {
                var candidates = remainder.indices.filter { remainder[$0] == value }
                let addNow = min(candidates.count, needToAdd)
                generator.shuffle(&candidates)
                for c in candidates.prefix(addNow) { floored[c] += 1 }
                needToAdd -= addNow
                if needToAdd == 0 { break }
            }
        }
        return floored
    }
}

/// A stratified three-way split: a held-out test part, then a validation part carved from the rest.
public struct StratifiedThreeWaySplit: Sendable, Equatable, Codable {
    public let train: [Int]
    public let validation: [Int]
    public let test: [Int]

    /// `testFraction` of all rows goes to `test`; `validationFraction` of the remaining rows to
    /// `validation` (as two successive `train_test_split` calls would).
    public init(labels: [Int], validationFraction: Double, testFraction: Double,
                generator: inout SeededGenerator) throws {
        let outer = try StratifiedSplit(labels: labels, testFraction: testFraction, generator: &generator)
        let innerLabels = outer.train.map { labels[$0] }
        let inner = try StratifiedSplit(labels: innerLabels, testFraction: validationFraction,
                                        parameterName: "validation_fraction", generator: &generator)
        self.train = inner.train.map { outer.train[$0] }
        self.validation = inner.test.map { outer.train[$0] }
        self.test = outer.test
    }
}
