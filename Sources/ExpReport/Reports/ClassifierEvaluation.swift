import ExpCore
import ExpData

/// The curves and tables of one set of binary predictions (out-of-fold or holdout): ROC and
/// precision–recall curves, the confusion matrix at the decision threshold and a threshold
/// trade-off table. Every number comes from ExpCore's metrics (scikit-learn parity).
struct ClassifierEvaluation {
    let labels: [Int]
    let scores: [Double]
    let threshold: Double
    let classNames: LabelEncoding
    let roc: ROCCurve
    let precisionRecall: PrecisionRecallCurve
    let metrics: MetricSet

    /// The thresholds of the trade-off table, besides the decision threshold and the best-F1 one.
    static let tableThresholds = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

    /// - Throws: ``ReportError`` when the labels or scores are invalid (lengths, non-finite scores).
    init(labels: [Int], scores: [Double], threshold: Double, classNames: LabelEncoding?) throws {
        do {
            roc = try ROCCurve(labels: labels, scores: scores)
            precisionRecall = try PrecisionRecallCurve(labels: labels, scores: scores)
            metrics = try BinaryMetrics.evaluate(labels: labels, scores: scores, threshold: threshold)
        } catch let error as ExpCoreError {
            throw ReportError("cannot evaluate the predictions: \(error.description)")
        }
        self.labels = labels
        self.scores = scores
        self.threshold = threshold
        self.classNames = classNames ?? LabelEncoding(negative: "0", positive: "1")
    }

    var positives: Int { labels.reduce(0, +) }
    var prevalence: Double { Double(positives) / Double(labels.count) }

    /// The threshold with the highest F1 on the precision–recall curve (ties: the higher
    /// threshold, which flags fewer rows), or nil when no threshold gives a positive F1.
    var bestF1Threshold: Double? {
        var best: (f1: Double, threshold: Double)?
        for (i, t) in precisionRecall.thresholds.enumerated() {
            let p = precisionRecall.precisions[i], r = precisionRecall.recalls[i]
            let f1 = p + r > 0 ? 2 * p * r / (p + r) : 0
            if f1 > 0 && (best.map { f1 >= $0.f1 } ?? true) { best = (f1, t) }
        }
        return best?.threshold
    }

    func confusion(at t: Double) -> ConfusionMatrix {
        // Validated in init; the threshold is finite.
        (try? ConfusionMatrix(labels: labels, scores: scores, threshold: t))
            ?? ConfusionMatrix(trueNegatives: 0, falsePositives: 0, falseNegatives: 0, truePositives: 0)
    }

    /// The ROC and precision–recall charts side by side.
    func curvesChart(title: String, seriesName: String) -> ChartGrid {
        let auc = roc.area, ap = precisionRecall.averagePrecision
        let rocChart = LineChart(
            title: "ROC curve", subtitle: "\(ReportNumber.integer(labels.count)) predictions, \(ReportNumber.integer(positives)) positive",
            xLabel: "false-positive rate", yLabel: "true-positive rate",
            series: [.init("\(seriesName) (AUC \(ReportNumber.fixed(auc, decimals: 3)))",
                           points: zip(roc.falsePositiveRates, roc.truePositiveRates).map { .init($0, $1) })],
            xDomain: 0...1, yDomain: 0...1, references: [.init(from: (0, 0), to: (1, 1), label: "chance")])
        // As sklearn's PrecisionRecallDisplay: steps ("steps-post") in the curve's own order,
        // recall falling from 1 to 0.
        let points = zip(precisionRecall.recalls, precisionRecall.precisions).map { LineChart.DataPoint($0, $1) }
        let prChart = LineChart(
            title: "Precision–recall curve", subtitle: "prevalence \(ReportNumber.fixed(prevalence, decimals: 3))",
            xLabel: "recall", yLabel: "precision",
            series: [.init("\(seriesName) (AP \(ReportNumber.fixed(ap, decimals: 3)))", points: points,
                           color: Palette.color(3), step: true)],
            xDomain: 0...1, yDomain: 0...1,
            references: [.init(from: (0, prevalence), to: (1, prevalence), label: "no skill")])
        return ChartGrid(title: title, charts: [rocChart, prChart], columns: 2,
                         cellSize: ChartSize(width: 480, height: 440))
    }

    /// The confusion matrix at the decision threshold, as a table.
    func confusionTable() -> Markdown.Table {
        let m = confusion(at: threshold)
        let neg = Markdown.escape(classNames.negative), pos = Markdown.escape(classNames.positive)
        var table = Markdown.Table(["actual \\ predicted", "\(neg) (negative)", "\(pos) (positive)", "total"],
                                   right: [1, 2, 3])
        table.append(["\(neg) (negative)", ReportNumber.integer(m.trueNegatives), ReportNumber.integer(m.falsePositives),
                      ReportNumber.integer(m.trueNegatives + m.falsePositives)])
        table.append(["\(pos) (positive)", ReportNumber.integer(m.falseNegatives), ReportNumber.integer(m.truePositives),
                      ReportNumber.integer(m.falseNegatives + m.truePositives)])
        return table
    }

    /// Precision, recall and F1 at several thresholds, the decision threshold and the best-F1
    /// threshold marked.
    func thresholdTable() -> Markdown.Table {
        var thresholds = Self.tableThresholds
        if !thresholds.contains(threshold) { thresholds.append(threshold) }
        let best = bestF1Threshold
        if let best, !thresholds.contains(best) { thresholds.append(best) }
        thresholds.sort()
        var table = Markdown.Table(["threshold", "flagged", "TP", "FP", "FN", "precision", "recall", "F1", "note"],
                                   right: [0, 1, 2, 3, 4, 5, 6, 7])
        for t in thresholds {
            let m = confusion(at: t)
            var notes: [String] = []
            if t == threshold { notes.append("decision threshold") }
            if t == best { notes.append("best F1") }
            table.append([
                ReportNumber.trimmed(t), ReportNumber.integer(m.predictedPositives),
                ReportNumber.integer(m.truePositives), ReportNumber.integer(m.falsePositives),
                ReportNumber.integer(m.falseNegatives), ReportNumber.fixed(m.precision, decimals: 3),
                ReportNumber.fixed(m.recall, decimals: 3), ReportNumber.fixed(m.f1, decimals: 3), notes.joined(separator: ", "),
            ])
        }
        return table
    }

    /// The sections: curves, confusion matrix and threshold table.
    func write(into report: inout ReportBuilder, chartID: String, title: String, seriesName: String, level: Int) {
        report.chart(chartID, curvesChart(title: title, seriesName: seriesName))
        report.block("ROC-AUC \(ReportNumber.fixed(roc.area, decimals: 4)), average precision "
            + "\(ReportNumber.fixed(precisionRecall.averagePrecision, decimals: 4)) on \(ReportNumber.integer(labels.count)) "
            + "predictions (\(ReportNumber.integer(positives)) positive, prevalence \(ReportNumber.percent(prevalence, decimals: 2))). "
            + "The dashed lines are what a classifier without skill achieves.")
        report.heading(level, "Confusion matrix at threshold \(ReportNumber.trimmed(threshold))")
        report.table(confusionTable())
        let m = confusion(at: threshold)
        report.block("Accuracy \(ReportNumber.fixed(m.accuracy, decimals: 4)), precision \(ReportNumber.fixed(m.precision, decimals: 4)), "
            + "recall \(ReportNumber.fixed(m.recall, decimals: 4)), F1 \(ReportNumber.fixed(m.f1, decimals: 4)).")
        report.heading(level, "Threshold trade-off")
        report.block("A row is flagged positive when its predicted probability is at least the threshold. "
            + "Lowering the threshold flags more rows: recall can only rise, while precision may fall.")
        report.table(thresholdTable())
    }
}
