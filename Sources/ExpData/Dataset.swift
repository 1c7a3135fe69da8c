import ExpCore

/// A binary-classification data set in memory: numeric features, a 0/1 label, and where it came
/// from.
///
/// - Features are row-major in ``features`` (one row per sample, one column per feature name);
///   NaN marks a missing cell, left for an imputer fitted later on training folds only.
/// - ``labels`` holds 1 for the positive class and 0 for the negative class, named in
///   ``classNames``.
/// - ``sha256`` is the SHA-256 of the source bytes (the file as read, or for built-in data the
///   CSV that `exp data synth` writes for the same options), so runs can refer to their data.
///
/// ```swift
/// let data = try DataLoader.load("builtin:bankruptcy")
/// data.rowCount       // 6819
/// data.positiveCount  // 220
/// ```
public struct Dataset: Sendable, Equatable {
    /// The feature column names, in column order.
    public var featureNames: [String]
    /// `rowCount × featureNames.count` feature values; NaN means missing.
    public var features: Matrix<Double>
    /// One label per row: 1 = positive class, 0 = negative class.
    public var labels: [Int]
    /// The name of the label column.
    public var labelName: String
    /// The class names behind 0 and 1.
    public var classNames: LabelEncoding
    /// Where the data came from: a file path or a `builtin:` source.
    public var source: String
    /// The SHA-256 of the source bytes, as 64 lowercase hexadecimal digits.
    public var sha256: String

    /// A data set from its parts.
    ///
    /// `features.columns` must equal `featureNames.count`, `labels.count` must equal
    /// `features.rows`, and every label must be 0 or 1 (checked with `precondition`, since the
    /// loaders guarantee it).
    public init(
        featureNames: [String], features: Matrix<Double>, labels: [Int], labelName: String,
        classNames: LabelEncoding, source: String, sha256: String
    ) {
        precondition(features.columns == featureNames.count, "feature names do not match the feature columns")
        precondition(labels.count == features.rows, "one label per row is required")
        precondition(labels.allSatisfy { $0 == 0 || $0 == 1 }, "labels must be 0 or 1")
        self.featureNames = featureNames
        self.features = features
        self.labels = labels
        self.labelName = labelName
        self.classNames = classNames
        self.source = source
        self.sha256 = sha256
    }

    /// The number of rows (samples).
    public var rowCount: Int { features.rows }
    /// The number of feature columns.
    public var featureCount: Int { features.columns }
    /// The number of rows of the positive class.
    public var positiveCount: Int { labels.reduce(0, +) }
    /// The number of rows of the negative class.
    public var negativeCount: Int { rowCount - positiveCount }

    /// The number of missing (NaN) cells in each feature column.
    public var missingCountPerColumn: [Int] {
        var counts = [Int](repeating: 0, count: featureCount)
        let c = featureCount
        for (k, value) in features.elements.enumerated() where value.isNaN {
            counts[k % c] += 1
        }
        return counts
    }

    /// The index of the feature called `name`, if any.
    public func featureIndex(named name: String) -> Int? {
        featureNames.firstIndex(of: name)
    }
}
