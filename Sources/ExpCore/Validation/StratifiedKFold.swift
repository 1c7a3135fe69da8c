/// Stratified k-fold assignment. sklearn: `StratifiedKFold(n_splits, shuffle=True).split`
/// (`_make_test_folds`).
///
/// The per-fold class counts follow scikit-learn's allocation exactly: classes are encoded in
/// order of first appearance, the sorted encoded labels are dealt round-robin to the folds
/// (`bincount(y_order[i::n_splits])`), and only which rows of a class go to which fold is
/// random. So fold sizes and per-class counts equal scikit-learn's for any seed; row membership
/// comes from our ``SeededGenerator`` (numpy's stream cannot be reproduced).
public struct StratifiedKFold: Sendable, Equatable, Codable {
    /// The test fold of every row, in `0..<foldCount`.
    public let foldOfRow: [Int]
    public let foldCount: Int

    /// Assigns `labels` to `folds` stratified folds, shuffling each class with `generator`.
    /// - Throws: ``ExpCoreError/invalidParameter(name:reason:)`` when `folds < 2` or when a class
    ///   has fewer members than folds (every test fold must contain every class).
    public init(labels: [Int], folds: Int, generator: inout SeededGenerator) throws {
        guard folds >= 2 else {
            throw ExpCoreError.invalidParameter(name: "folds", reason: "must be at least 2, got \(folds)")
        }
        guard folds <= labels.count else {
            throw ExpCoreError.invalidParameter(
                name: "folds", reason: "\(folds) folds need at least \(folds) rows, got \(labels.count)")
        }
        // Encode classes in order of first appearance (sklearn's class_perm).
        var codeOf: [Int: Int] = [:]
        var encoded = [Int](repeating: 0, count: labels.count)
        for (i, label) in labels.enumerated() {
            if let c = codeOf[label] {
                encoded[i] = c
            } else {
                let c = codeOf.count
                codeOf[label] = c
                encoded[i] = c
            }
        }
        let classCount = codeOf.count
        var counts = [Int](repeating: 0, count: classCount)
        for c in encoded { counts[c] += 1 }
        if let smallest = counts.min(), smallest < folds {
            let label = codeOf.first { counts[$0.value] == smallest }?.key ?? 0
            throw ExpCoreError.invalidParameter(
                name: "folds",
                reason: "\(folds) folds but class \(label) has only \(smallest) members; every fold needs each class")
        }
        // allocation[f][c] = bincount(y_order[f::folds]) where y_order = sort(encoded).
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: folds)
        var position = 0
        for c in 0..<classCount {
            for _ in 0..<counts[c] {
                allocation[position % folds][c] += 1
                position += 1
            }
        }
        var assignment = [Int](repeating: 0, count: labels.count)
        for c in 0..<classCount {
            var foldsForClass: [Int] = []
            foldsForClass.reserveCapacity(counts[c])
            for f in 0..<folds {
                foldsForClass.append(contentsOf: repeatElement(f, count: allocation[f][c]))
            }
            generator.shuffle(&foldsForClass)
            var next = 0
            for i in encoded.indices where encoded[i] == c {
                assignment[i] = foldsForClass[next]
                next += 1
            }
        }
        self.foldOfRow = assignment
        self.foldCount = folds
    }

    /// The ascending row indices of fold `fold`'s training and test sets.
    public func split(_ fold: Int) -> (train: [Int], test: [Int]) {
        precondition(fold >= 0 && fold < foldCount, "fold out of range")
        var train: [Int] = [], test: [Int] = []
        for (i, f) in foldOfRow.enumerated() {
            if f == fold { test.append(i) } else { train.append(i) }
        }
        return (train, test)
    }

    /// Every fold's split, in fold order.
    public var splits: [(train: [Int], test: [Int])] { (0..<foldCount).map(split) }
}
