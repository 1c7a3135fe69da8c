import ExpCore
import ExpData

/// "1,234 large cells", "1 large cell".
func plural(_ count: Int, _ noun: String) -> String {
    "\(ReportNumber.integer(count)) \(noun)\(count == 1 ? "" : "s")"
}

/// The exploratory analysis of a data set (`exp report data`): shape, SHA-256 and class
/// balance; data quality (missing cells, constant and outlier columns); per-feature summary
/// statistics; the F-test ranking of all features; the distributions of the top features by
/// class; and the correlation of the top features.
///
/// ```swift
/// let data = try DataLoader.load("builtin:bankruptcy")
/// let report = try DataReport(dataset: data).render()
/// report.markdown          // exploratory_analysis.md
/// report.charts.count      // the SVG files it links
/// ```
public struct DataReport: Sendable {
    public struct Options: Sendable, Hashable {
        /// The Markdown file name; charts are named after it.
        public var fileName: String
        /// Features in the F-ranking bar chart.
        public var rankingChartCount: Int
        /// Top features whose distributions by class are drawn.
        public var distributionCount: Int
        /// Top features in the correlation heatmap.
        public var correlationCount: Int
        /// Who made the report, e.g. `exp 0.1.0` (printed under the title; nil to omit).
        public var generatedBy: String?

        public init(fileName: String = "exploratory_analysis.md", rankingChartCount: Int = 30,
                    distributionCount: Int = 6, correlationCount: Int = 12, generatedBy: String? = nil) {
            self.fileName = fileName
            self.rankingChartCount = max(1, rankingChartCount)
            self.distributionCount = max(1, distributionCount)
            self.correlationCount = max(2, correlationCount)
            self.generatedBy = generatedBy
        }
    }

    /// Summary statistics of one feature over its non-missing cells.
    public struct FeatureStatistics: Sendable, Equatable {
        public var index: Int
        public var name: String
        public var count: Int
        public var missing: Int
        public var mean: Double
        /// Sample standard deviation (ddof = 1, as pandas' `describe`).
        public var standardDeviation: Double
        public var minimum: Double
        public var lowerQuartile: Double
        public var median: Double
        public var upperQuartile: Double
        public var maximum: Double
    }

    public var dataset: Dataset
    public var options: Options

    public init(dataset: Dataset, options: Options = Options()) {
        self.dataset = dataset
        self.options = options
    }

    /// The columns of the feature matrix.
    func columns() -> [[Double]] {
        let n = dataset.rowCount, p = dataset.featureCount
        let x = dataset.features.elements
        var out = [[Double]](repeating: [], count: p)
        for j in 0..<p {
            var column = [Double]()
            column.reserveCapacity(n)
            for i in 0..<n { column.append(x[i * p + j]) }
            out[j] = column
        }
        return out
    }

    /// Per-feature statistics (NaN for an all-missing column).
    public func featureStatistics() -> [FeatureStatistics] {
        columns().enumerated().map { j, column in
            let values = column.filter { !$0.isNaN }.sorted()
            let empty = values.isEmpty
            func q(_ p: Double) -> Double { empty ? .nan : Statistics.quantile(sorted: values, p) }
            return FeatureStatistics(
                index: j, name: dataset.featureNames[j], count: values.count, missing: column.count - values.count,
                mean: Statistics.mean(values), standardDeviation: Statistics.standardDeviation(values, ddof: 1),
                minimum: values.first ?? .nan, lowerQuartile: q(0.25), median: q(0.5), upperQuartile: q(0.75),
                maximum: values.last ?? .nan)
        }
    }

    /// The F-test of every feature (missing cells filled with the column median first), and the
    /// feature indices from the highest F down (NaN last; ties by column order).
    /// - Throws: ``ReportError`` when the test is undefined (one class, too few rows).
    public func fTest() throws -> (test: FClassif, ranking: [Int]) {
        var x = dataset.features
        do {
            if SimpleImputer.hasMissing(x) { x = try SimpleImputer.fit(x).transform(x) }
            let test = try FClassif.compute(x, labels: dataset.labels)
            let key = test.scores.map { $0.isNaN ? -Double.infinity : $0 }
            let ranking = key.indices.sorted { key[$0] > key[$1] || (key[$0] == key[$1] && $0 < $1) }
            return (test, ranking)
        } catch let error as ExpCoreError {
            throw ReportError("cannot rank the features of \(dataset.source): \(error.description)")
        }
    }

    /// Renders the report.
    /// - Throws: ``ReportError`` when the F-test is undefined for the data.
    public func render() throws -> RenderedReport {
        let data = dataset
        let quality = DataQualityReport(data)
        let columns = columns()
        let stats = featureStatistics()
        let (test, ranking) = try fTest()
        var report = ReportBuilder(fileName: options.fileName)

        report.heading(1, "Exploratory analysis: \(data.source)")
        if let generatedBy = options.generatedBy {
            report.block("Generated by \(Markdown.escape(generatedBy)) (`exp report data`). Same data, same bytes.")
        }

        // MARK: The data set
        report.heading(2, "The data set")
        var facts = Markdown.Table(["", ""])
        facts.append(["source", Markdown.code(data.source)])
        facts.append(["shape", "\(ReportNumber.integer(data.rowCount)) rows × \(ReportNumber.integer(data.featureCount)) features (+ 1 label column)"])
        facts.append(["label", "\(Markdown.code(data.labelName)): positive class \(Markdown.code(data.classNames.positive)), negative class \(Markdown.code(data.classNames.negative))"])
        facts.append(["SHA-256", Markdown.code(data.sha256)])
        facts.append(["missing cells", "\(ReportNumber.integer(quality.missingCells)) in \(ReportNumber.integer(quality.rowsWithMissing)) rows"])
        report.table(facts)

        report.heading(3, "Class balance")
        let negatives = data.negativeCount, positives = data.positiveCount
        var balance = Markdown.Table(["class", "label value", "rows", "share"], right: [2, 3])
        balance.append(["negative (0)", Markdown.code(data.classNames.negative), ReportNumber.integer(negatives),
                        ReportNumber.percent(quality.negativeClass.fraction, decimals: 2)])
        balance.append(["positive (1)", Markdown.code(data.classNames.positive), ReportNumber.integer(positives),
                        ReportNumber.percent(quality.positiveClass.fraction, decimals: 2)])
        report.table(balance)
        if positives > 0 && negatives > 0 {
            let (rare, common) = positives <= negatives ? ("positive", "negative") : ("negative", "positive")
            let ratio = Double(max(positives, negatives)) / Double(min(positives, negatives))
            report.block("One \(rare) row for every \(ReportNumber.fixed(ratio, decimals: 1)) \(common) rows. "
                + "Accuracy is therefore a poor yardstick here: predicting the majority class everywhere scores "
                + "\(ReportNumber.percent(Double(max(positives, negatives)) / Double(data.rowCount), decimals: 1)).")
        }
        report.chart("class-balance", BarChart(
            title: "Class balance of \(data.labelName)", subtitle: "\(ReportNumber.integer(data.rowCount)) rows",
            bars: [
                .init("\(data.classNames.negative) (negative)", Double(negatives), color: Palette.negativeClass,
                      annotation: "\(ReportNumber.integer(negatives)) (\(ReportNumber.percent(quality.negativeClass.fraction)))"),
                .init("\(data.classNames.positive) (positive)", Double(positives), color: Palette.positiveClass,
                      annotation: "\(ReportNumber.integer(positives)) (\(ReportNumber.percent(quality.positiveClass.fraction)))"),
            ], valueLabel: "rows", categoryLabel: data.labelName, size: ChartSize(width: 520, height: 360)))

        // MARK: Data quality
        writeQuality(quality, into: &report)

        // MARK: Summary statistics
        report.heading(2, "Per-feature summary statistics")
        report.block("Over the non-missing cells of each column; standard deviation with n − 1 (as pandas' `describe`). "
            + "Four significant digits.")
        var summary = Markdown.Table(["#", "feature", "missing", "mean", "std", "min", "25 %", "median", "75 %", "max"],
                                     right: [0, 2, 3, 4, 5, 6, 7, 8, 9])
        for s in stats {
            summary.append([String(s.index), Markdown.escape(s.name), ReportNumber.integer(s.missing)]
                + [s.mean, s.standardDeviation, s.minimum, s.lowerQuartile, s.median, s.upperQuartile, s.maximum]
                .map { ReportNumber.significant($0, digits: 4) })
        }
        report.table(summary)

        // MARK: F-test ranking
        report.heading(2, "F-test ranking of the features")
        report.block("The one-way ANOVA F-test of each feature against the label (scikit-learn's `f_classif`, the score "
            + "behind `SelectKBest`), on all \(ReportNumber.integer(data.rowCount)) rows"
            + (quality.missingCells > 0 ? " with missing cells filled with the column median" : "")
            + ". A high F means the class means lie far apart relative to the spread within the classes. "
            + "This ranking is descriptive only: the sweeps repeat the selection inside each training fold, "
            + "so the held-out rows never influence which features a model sees.")
        let top = Array(ranking.prefix(options.rankingChartCount))
        report.chart("f-ranking", BarChart(
            title: "Top \(top.count) features by F-score",
            subtitle: "one-way ANOVA F against \(data.labelName); \(test.degreesOfFreedomBetween) and \(test.degreesOfFreedomWithin) degrees of freedom",
            bars: top.map { .init(data.featureNames[$0], test.scores[$0].isFinite ? test.scores[$0] : 0,
                                  annotation: ReportNumber.significant(test.scores[$0], digits: 4)) },
            orientation: .horizontal, valueLabel: "F-score"))
        var fTable = Markdown.Table(["rank", "feature", "column", "F", "p-value"], right: [0, 2, 3, 4])
        for (rank, j) in ranking.enumerated() {
            let constant = test.scores[j].isNaN
            fTable.append([String(rank + 1), Markdown.escape(data.featureNames[j]), String(j),
                           constant ? "n/a (constant)" : ReportNumber.significant(test.scores[j], digits: 4),
                           constant ? "n/a" : ReportNumber.significant(test.pValues[j], digits: 3)])
        }
        report.table(fTable)

        // MARK: Distributions by class
        let distributed = Array(ranking.prefix(options.distributionCount))
        report.heading(2, "Distributions of the top \(distributed.count) features by class")
        report.block("Each class is normalised to 100 %, so the rare class stays visible. The bins cover each class's "
            + "values up to three interquartile ranges beyond its quartiles; the few values further out (the huge cells "
            + "of heavy-tailed columns) are counted in the edge bins.")
        let histograms = distributed.map { j -> HistogramChart in
            let column = columns[j]
            var groups = [HistogramChart.Group]()
            for (label, color) in [(0, Palette.negativeClass), (1, Palette.positiveClass)] {
                let values = column.indices.filter { data.labels[$0] == label }.map { column[$0] }
                groups.append(.init("\(data.labelName) = \(data.classNames.name(of: label))", values: values, color: color))
            }
            var chart = HistogramChart(title: ChartText.truncate(data.featureNames[j], 52), xLabel: "value", groups: groups)
            let b = chart.binning()
            let clipped = b.clippedBelow + b.clippedAbove
            chart.subtitle = (test.scores[j].isNaN ? "constant" : "F = \(ReportNumber.significant(test.scores[j], digits: 4))")
                + (clipped > 0 ? "; \(plural(clipped, "outlying value")) counted in the edge bins" : "")
            return chart
        }
        report.chart("distributions", ChartGrid(title: "Distributions by class of the top features by F", charts: histograms,
                                                columns: 2))
        var byClass = Markdown.Table(["feature", "mean (\(Markdown.escape(data.classNames.negative)))",
                                      "mean (\(Markdown.escape(data.classNames.positive)))",
                                      "median (\(Markdown.escape(data.classNames.negative)))",
                                      "median (\(Markdown.escape(data.classNames.positive)))"], right: [1, 2, 3, 4])
        for j in distributed {
            var cells = [Markdown.escape(data.featureNames[j])]
            var medians: [String] = []
            for label in [0, 1] {
                let values = columns[j].indices.filter { data.labels[$0] == label && !columns[j][$0].isNaN }.map { columns[j][$0] }
                cells.append(ReportNumber.significant(Statistics.mean(values), digits: 4))
                medians.append(values.isEmpty ? "nan" : ReportNumber.significant(Statistics.quantile(sorted: values.sorted(), 0.5), digits: 4))
            }
            byClass.append(cells + medians)
        }
        report.table(byClass)

        // MARK: Correlation
        let correlated = Array(ranking.prefix(min(options.correlationCount, data.featureCount)))
        report.heading(2, "Correlation of the top \(correlated.count) features")
        let matrix = correlated.map { a in correlated.map { b in a == b ? 1 : Statistics.correlation(columns[a], columns[b]) } }
        report.block("Pearson correlation over the rows where both cells are present. Strongly correlated features carry "
            + "the same information twice; SelectKBest scores them independently and may keep both.")
        report.chart("correlation", HeatmapChart(
            title: "Correlation of the top \(correlated.count) features by F",
            subtitle: "Pearson r; blue negative, red positive", rowLabels: correlated.map { data.featureNames[$0] },
            columnLabels: correlated.map { data.featureNames[$0] }, values: matrix, colorScale: .diverging(),
            scaleLabel: "r"))
        var pairs: [(a: Int, b: Int, r: Double)] = []
        for i in correlated.indices {
            for k in correlated.indices where k > i && matrix[i][k].magnitude >= 0.9 {
                pairs.append((correlated[i], correlated[k], matrix[i][k]))
            }
        }
        if pairs.isEmpty {
            report.block("No pair of these features has |r| ≥ 0.9.")
        } else {
            var table = Markdown.Table(["feature", "feature", "r"], right: [2])
            for pair in pairs {
                table.append([Markdown.escape(data.featureNames[pair.a]), Markdown.escape(data.featureNames[pair.b]),
                              ReportNumber.fixed(pair.r, decimals: 3)])
            }
            report.block("Pairs with |r| ≥ 0.9:")
            report.table(table)
        }
        return report.finish(markdownFileName: options.fileName)
    }

    private func writeQuality(_ quality: DataQualityReport, into report: inout ReportBuilder) {
        report.heading(2, "Data quality")
        report.heading(3, "Missing cells per column")
        if quality.missingByColumn.isEmpty {
            report.block("No missing cells.")
        } else {
            report.block("\(ReportNumber.integer(quality.missingCells)) missing cells in \(quality.missingByColumn.count) columns "
                + "(\(ReportNumber.integer(quality.rowsWithMissing)) rows have at least one); the sweeps impute them with the "
                + "median of each training fold.")
            var table = Markdown.Table(["column", "feature", "missing", "share"], right: [0, 2, 3])
            let sorted = quality.missingByColumn.sorted { $0.count > $1.count || ($0.count == $1.count && $0.index < $1.index) }
            for c in sorted {
                table.append([String(c.index), Markdown.escape(c.name), ReportNumber.integer(c.count),
                              ReportNumber.percent(Double(c.count) / Double(max(1, quality.rows)), decimals: 2)])
            }
            report.table(table)
        }
        report.heading(3, "Constant columns")
        if quality.constantColumns.isEmpty {
            report.block("None.")
        } else {
            let one = quality.constantColumns.count == 1
            report.block("\(quality.constantColumns.count) column\(one ? " holds" : "s hold") a single value and "
                + (one ? "carries no information (its F-score is undefined): " : "carry no information (their F-scores are undefined): ")
                + quality.constantColumns.map { "\(Markdown.escape($0.name)) (column \($0.index))" }.joined(separator: ", ") + ".")
        }
        report.heading(3, "Outlier columns")
        report.block("Rule: \(Markdown.escape(quality.outlierRule)).")
        if quality.outlierColumns.isEmpty {
            report.block("No column has extreme outliers.")
        } else {
            var table = Markdown.Table(["column", "feature", "outlier cells", "q01", "q99", "min", "max"], right: [0, 2, 3, 4, 5, 6])
            for c in quality.outlierColumns {
                table.append([String(c.index), Markdown.escape(c.name), ReportNumber.integer(c.count)]
                    + [c.q01, c.q99, c.min, c.max].map { ReportNumber.significant($0, digits: 4) })
            }
            report.table(table)
        }
        if !quality.mixedScaleColumns.isEmpty {
            report.block("Mixed-scale columns (\(Markdown.escape(quality.mixedScaleRule))): "
                + quality.mixedScaleColumns.map { "\(Markdown.escape($0.name)) (\(plural($0.count, "large cell")))" }
                .joined(separator: ", ") + ". Standardisation inside each fold keeps them from dominating.")
        }
        if !quality.identicalColumns.isEmpty {
            report.block("Identical columns: " + quality.identicalColumns.map {
                "\(Markdown.escape($0.first.name)) = \(Markdown.escape($0.second.name))"
            }.joined(separator: "; ") + ".")
        }
        report.block(quality.duplicateRows == 0 ? "No duplicate rows."
            : "\(ReportNumber.integer(quality.duplicateRows)) duplicate rows (a later row equal to an earlier one, label included).")
    }
}
