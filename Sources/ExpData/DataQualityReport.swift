import ExpCore

/// A data-quality summary of a ``Dataset``: size, class balance, missing cells, constant
/// columns, extreme outliers, mixed-scale columns, identical columns, duplicate rows, and the
/// SHA-256 of the source. `Codable` for `--format json`; ``renderTable()`` gives the plain-text
/// form of `exp data check`.
///
/// The rules, stated here and in the output:
/// - **Quantiles** use linear interpolation between order statistics of the non-missing values
///   (numpy's default `linear` method).
/// - **Constant column**: every non-missing value is the same (or all values are missing).
/// - **Extreme outlier** (``outlierRule``): a value outside `[q01 − 10·R, q99 + 10·R]`, where
///   `R = q99 − q01` is the spread of the central 98% of the column; only columns with `R > 0`
///   are checked. This flags ratio columns in [0, 1] that hold a few cells near 1e10.
/// - **Mixed-scale column** (``mixedScaleRule``): at least 1% of the non-missing cells have
///   `|x| ≤ 1` and at least one has `|x| ≥ 10⁶`. This flags columns where many cells are
///   around 1e8–1e10 and the rest are small ratios, which the outlier rule cannot see because
///   the large values reach q99.
/// - **Duplicate row**: a row whose features (bit for bit, missing equal to missing) and label
///   equal those of an earlier row; `duplicateRows` counts the later copies.
/// - **Identical columns**: two non-constant feature columns with the same value in every row.
///
/// Column indices in the report are 0-based feature indices (the label is not counted); row
/// numbers are 1-based data rows (the header is not counted).
///
/// ```swift
/// let report = DataQualityReport(try DataLoader.load("builtin:bankruptcy"))
/// print(report.renderTable())
/// ```
public struct DataQualityReport: Codable, Sendable, Equatable {
    /// A class and how many rows hold it.
    public struct ClassCount: Codable, Sendable, Equatable {
        public var value: String
        public var count: Int
        public var fraction: Double
    }

    /// A feature column.
    public struct ColumnRef: Codable, Sendable, Equatable {
        /// The 0-based feature index.
        public var index: Int
        public var name: String
    }

    /// A feature column and a count of cells in it.
    public struct ColumnCount: Codable, Sendable, Equatable {
        public var index: Int
        public var name: String
        public var count: Int
    }

    /// A column with extreme outliers, with the numbers behind the rule.
    public struct OutlierColumn: Codable, Sendable, Equatable {
        public var index: Int
        public var name: String
        /// The number of cells outside `[lower, upper]`.
        public var count: Int
        public var q01: Double
        public var q99: Double
        public var lower: Double
        public var upper: Double
        public var min: Double
        public var max: Double
    }

    /// Two rows (1-based data rows) with the same content; `second` repeats `first`.
    public struct RowPair: Codable, Sendable, Equatable {
        public var first: Int
        public var second: Int
    }

    /// Two identical columns.
    public struct ColumnPair: Codable, Sendable, Equatable {
        public var first: ColumnRef
        public var second: ColumnRef
    }

    /// Per-column statistics over the non-missing values (nil when the column is all missing).
    public struct ColumnSummary: Codable, Sendable, Equatable {
        public var index: Int
        public var name: String
        public var missing: Int
        public var min: Double?
        public var q01: Double?
        public var median: Double?
        public var q99: Double?
        public var max: Double?
        public var constant: Bool
        public var extremeOutliers: Int
        public var mixedScale: Bool
    }

    /// The extreme-outlier rule, as printed.
    public static let outlierRule = "value outside [q01 - 10*R, q99 + 10*R], R = q99 - q01, for columns with R > 0"
    /// The mixed-scale rule, as printed.
    public static let mixedScaleRule = "at least 1% of cells with |x| <= 1 and at least one cell with |x| >= 1e6"
    /// At most this many duplicate row pairs are listed.
    public static let duplicateExampleLimit = 5

    public var source: String
    public var sha256: String
    public var rows: Int
    /// All columns of the source: the features plus the label.
    public var columns: Int
    public var featureCount: Int
    public var labelName: String
    public var negativeClass: ClassCount
    public var positiveClass: ClassCount
    public var missingCells: Int
    public var rowsWithMissing: Int
    /// Columns with at least one missing cell.
    public var missingByColumn: [ColumnCount]
    public var constantColumns: [ColumnRef]
    public var outlierRule: String
    public var outlierColumns: [OutlierColumn]
    public var mixedScaleRule: String
    /// Columns of mixed scale; `count` is the number of cells with `|x| ≥ 10⁶`.
    public var mixedScaleColumns: [ColumnCount]
    public var identicalColumns: [ColumnPair]
    public var duplicateRows: Int
    /// The first few duplicate rows, each with the earlier row it repeats.
    public var duplicateRowExamples: [RowPair]
    /// Statistics of every feature column, in column order.
    public var columnSummaries: [ColumnSummary]

    /// Computes the report for `dataset`.
    public init(_ dataset: Dataset) {
        let n = dataset.rowCount
        let p = dataset.featureCount
        let x = dataset.features
        source = dataset.source
        sha256 = dataset.sha256
        rows = n
        columns = p + 1
        featureCount = p
        labelName = dataset.labelName
        let positives = dataset.positiveCount
        negativeClass = ClassCount(
            value: dataset.classNames.negative, count: n - positives, fraction: n > 0 ? Double(n - positives) / Double(n) : 0)
        positiveClass = ClassCount(
            value: dataset.classNames.positive, count: positives, fraction: n > 0 ? Double(positives) / Double(n) : 0)
        outlierRule = Self.outlierRule
        mixedScaleRule = Self.mixedScaleRule

        // Columns extracted in one pass over the row-major elements.
        var columnValues = [[Double]](repeating: [], count: p)
        x.elements.withUnsafeBufferPointer { elements in
            for j in 0..<p {
                columnValues[j] = (0..<n).map { elements[$0 * p + j] }
            }
        }

        var summaries: [ColumnSummary] = []
        var missingByColumn: [ColumnCount] = []
        var constantColumns: [ColumnRef] = []
        var outlierColumns: [OutlierColumn] = []
        var mixedScaleColumns: [ColumnCount] = []
        for j in 0..<p {
            let name = dataset.featureNames[j]
            let values = columnValues[j].filter { !$0.isNaN }.sorted()
            let missing = n - values.count
            if missing > 0 { missingByColumn.append(ColumnCount(index: j, name: name, count: missing)) }
            var summary = ColumnSummary(
                index: j, name: name, missing: missing, min: nil, q01: nil, median: nil, q99: nil, max: nil,
                constant: true, extremeOutliers: 0, mixedScale: false)
            if let lowest = values.first, let highest = values.last {
                let q01 = Self.quantile(values, 0.01), q99 = Self.quantile(values, 0.99)
                summary.min = lowest
                summary.max = highest
                summary.q01 = q01
                summary.median = Self.quantile(values, 0.5)
                summary.q99 = q99
                summary.constant = lowest == highest
                let spread = q99 - q01
                if spread > 0 {
                    let lower = q01 - 10 * spread, upper = q99 + 10 * spread
                    let count = values.reduce(0) { $0 + ($1 < lower || $1 > upper ? 1 : 0) }
                    summary.extremeOutliers = count
                    if count > 0 {
                        outlierColumns.append(
                            OutlierColumn(
                                index: j, name: name, count: count, q01: q01, q99: q99, lower: lower, upper: upper,
                                min: lowest, max: highest))
                    }
                }
                let small = values.reduce(0) { $0 + ($1.magnitude <= 1 ? 1 : 0) }
                let large = values.reduce(0) { $0 + ($1.magnitude >= 1e6 ? 1 : 0) }
                if large > 0 && small * 100 >= values.count {
                    summary.mixedScale = true
                    mixedScaleColumns.append(ColumnCount(index: j, name: name, count: large))
                }
            }
            if summary.constant { constantColumns.append(ColumnRef(index: j, name: name)) }
            summaries.append(summary)
        }
        self.columnSummaries = summaries
        self.missingByColumn = missingByColumn
        self.constantColumns = constantColumns
        self.outlierColumns = outlierColumns
        self.mixedScaleColumns = mixedScaleColumns
        missingCells = missingByColumn.reduce(0) { $0 + $1.count }
        rowsWithMissing = (0..<n).reduce(0) { count, i in count + (x.row(i).contains { $0.isNaN } ? 1 : 0) }

        // Duplicate rows: the bit patterns of the row (NaN made canonical) plus the label.
        var firstRow: [[UInt64]: Int] = [:]
        var duplicates = 0
        var examples: [RowPair] = []
        for i in 0..<n {
            var key = x.row(i).map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }
            key.append(UInt64(dataset.labels[i]))
            if let earlier = firstRow[key] {
                duplicates += 1
                if examples.count < Self.duplicateExampleLimit {
                    examples.append(RowPair(first: earlier + 1, second: i + 1))
                }
            } else {
                firstRow[key] = i
            }
        }
        duplicateRows = duplicates
        duplicateRowExamples = examples

        // Identical non-constant columns: group by content, report each later column with the
        // first column of its group.
        var firstColumn: [[UInt64]: Int] = [:]
        var pairs: [ColumnPair] = []
        for j in 0..<p where !summaries[j].constant {
            let key = columnValues[j].map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }
            if let earlier = firstColumn[key] {
                pairs.append(
                    ColumnPair(
                        first: ColumnRef(index: earlier, name: dataset.featureNames[earlier]),
                        second: ColumnRef(index: j, name: dataset.featureNames[j])))
            } else {
                firstColumn[key] = j
            }
        }
        identicalColumns = pairs
    }

    /// The `q`-quantile of ascending, non-empty `sorted` by linear interpolation (numpy
    /// `quantile(method="linear")`).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let low = Int(h.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        let t = h - Double(low)
        return sorted[low] + t * (sorted[high] - sorted[low])
    }
}
