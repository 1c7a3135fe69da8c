import ExpCore

extension SweepExperimentReport {
    /// The leak measured on the sweep's own data (`exp report sweep --leakage`): the best
    /// configuration cross-validated leak-free, as the sweep does, and with selection and
    /// resampling fitted on all development rows before the split (the common mistake). Plain
    /// values; the runner measures them and the CLI passes them in.
    public struct Leakage: Sendable, Hashable {
        /// One cross-validation of the configuration.
        public struct Run: Sendable, Hashable {
            /// The resampler (`none`, `smote`, `smote-tomek`).
            public var resampling: String
            /// True when selection and resampling were fitted on all development rows before the split.
            public var beforeSplit: Bool
            /// Mean and population std over the folds, by metric name.
            public var metrics: [String: MetricSummaryValue]

            public init(resampling: String, beforeSplit: Bool, metrics: [String: MetricSummaryValue]) {
                self.resampling = resampling
                self.beforeSplit = beforeSplit
                self.metrics = metrics
            }
        }

        /// The trial whose configuration was measured (the best one).
        public var trialID: Int64
        /// sklearn: `SelectKBest(k=…)` of the configuration: a number, or `all`.
        public var kBest: String
        /// imblearn: `SMOTE(k_neighbors=…)` of the measured resampler.
        public var kNeighbors: Int
        /// The imputation strategy when the data has missing cells (the leaky run imputes all
        /// development rows first); nil when it has none.
        public var imputation: String?
        public var developmentRows: Int
        /// Rows added by over-sampling all development rows, and rows removed by Tomek links.
        public var syntheticRows: Int
        public var removedRows: Int
        /// The rows the leaky cross-validation ran on, and the synthetic rows among them.
        public var resampledRows: Int
        public var syntheticRowsKept: Int
        /// The configuration as the sweep ran it (leak-free).
        public var configuration: Run
        /// The measured resampler inside the training folds, when the configuration resamples
        /// nothing (then it, not ``configuration``, is what ``leaky`` is compared with).
        public var resampledBaseline: Run?
        /// Selection and resampling fitted before the split.
        public var leaky: Run

        public init(trialID: Int64, kBest: String, kNeighbors: Int, imputation: String?, developmentRows: Int,
                    syntheticRows: Int, removedRows: Int, resampledRows: Int, syntheticRowsKept: Int,
                    configuration: Run, resampledBaseline: Run? = nil, leaky: Run) {
            self.trialID = trialID
            self.kBest = kBest
            self.kNeighbors = kNeighbors
            self.imputation = imputation
            self.developmentRows = developmentRows
            self.syntheticRows = syntheticRows
            self.removedRows = removedRows
            self.resampledRows = resampledRows
            self.syntheticRowsKept = syntheticRowsKept
            self.configuration = configuration
            self.resampledBaseline = resampledBaseline
            self.leaky = leaky
        }

        /// The leak-free run the leaky one is compared with: the same resampler, inside the folds.
        public var baseline: Run { resampledBaseline ?? configuration }
    }

    func writeLeakage(into report: inout ReportBuilder) {
        guard let l = leakage else { return }
        report.heading(2, "Leakage check on this sweep's data")
        let trial = trials.first { $0.id == l.trialID }
        let name = trial.map(label) ?? "trial \(l.trialID)"
        let rows = ReportNumber.integer(l.developmentRows)
        let selects = l.kBest != "all"
        let selection = "SelectKBest (F-test, k = \(Markdown.escape(l.kBest)))"
        let measured = resamplerName(l.leaky.resampling)
        let seeds = "with the sweep's \(folds) folds, the sweep seed for resampling and the trial seed for the MLP"
        var intro = "Measured by `\(reportCommand)` on the best configuration, \(name) "
            + "(\(Markdown.code("k_best: " + l.kBest)), \(Markdown.code("resampling: " + l.configuration.resampling))), "
        if l.resampledBaseline == nil {
            intro += "cross-validated twice on the \(rows) development rows \(seeds)."
        } else {
            intro += "which resamples nothing, so moving its resampler before the split would change nothing. Measured "
                + "instead: \(measured) (k_neighbors = \(l.kNeighbors)) with the configuration's other settings, "
                + "cross-validated on the \(rows) development rows once inside the training folds and once before the "
                + "split, \(seeds); the difference between these two is the leak. The configuration as the sweep ran it "
                + "is shown for reference."
        }
        report.block(intro)

        let reproduction = trial.map { reproductionStatement(of: $0, by: l.configuration) }
        var steps = [String]()
        if let imputation = l.imputation { steps.append("\(Markdown.escape(imputation)) imputation") }
        if selects { steps.append(selection) }
        var leakFreeSteps = steps
        leakFreeSteps += ["\(measured) (k_neighbors = \(l.kNeighbors))", "standardisation", "the MLP"]
        var leakFree = "**Leak-free**, as the sweep does it: " + Self.list(leakFreeSteps) + " are fitted on each "
            + "training fold only; the test folds hold original rows only."
        var bullets: [String] = []
        if l.resampledBaseline == nil {
            if let reproduction { leakFree += " " + reproduction }
        } else {
            bullets.append("**As run**, for reference: the configuration without resampling, exactly as in the sweep."
                + (reproduction.map { " " + $0 } ?? ""))
        }
        bullets.append(leakFree)
        var leaky = "**Leaky**, the common mistake: " + Self.list(steps + [measured]) + " fitted on all \(rows) "
            + "development rows before the split" + (selects ? "" : " (`k_best: all`, so nothing is selected)")
            + ": \(ReportNumber.integer(l.syntheticRows)) synthetic rows added"
        if l.removedRows > 0 { leaky += " and \(ReportNumber.integer(l.removedRows)) rows removed by Tomek links" }
        leaky += ", \(ReportNumber.integer(l.resampledRows)) rows in all. The same \(folds)-fold cross-validation then "
            + "runs on these rows: each original row keeps its fold, the \(ReportNumber.integer(l.syntheticRowsKept)) "
            + "synthetic rows among them are dealt to the folds at random (seeded), and standardisation and the MLP "
            + "are fitted on each training fold with the same seeds. The test folds thus score synthetic rows, and a "
            + "training fold can hold synthetic rows interpolated from its own test rows."
        bullets.append(leaky)
        report.bullets(bullets)

        let baseline = l.baseline
        let names = orderedMetricNames(Set(baseline.metrics.keys).union(l.leaky.metrics.keys), first: metric)
        let reference = l.resampledBaseline == nil ? [] : ["as run (no resampling)"]
        var table = Markdown.Table(["metric"] + reference + ["leak-free", "leaky", "leaky − leak-free"],
                                   right: Set(1...(reference.count + 3)))
        func cell(_ run: Leakage.Run, _ name: String) -> String {
            run.metrics[name].map { ReportNumber.meanStd($0.mean, $0.std) } ?? "-"
        }
        for m in names {
            var row = [m == metric ? "**\(Markdown.escape(m))**" : Markdown.escape(m)]
            if l.resampledBaseline != nil { row.append(cell(l.configuration, m)) }
            row += [cell(baseline, m), cell(l.leaky, m)]
            if let a = baseline.metrics[m]?.mean, let b = l.leaky.metrics[m]?.mean {
                row.append(Self.signed(b - a))
            } else {
                row.append("-")
            }
            table.append(row)
        }
        report.block("Mean ± standard deviation over the \(folds) folds (population std, ddof = 0).")
        report.table(table)
        let losses = names.filter { BinaryMetric(rawValue: $0)?.direction == .lowerIsBetter }
        if !losses.isEmpty {
            report.block(Self.list(losses.map(Markdown.code)) + (losses.count == 1 ? " is a loss" : " are losses")
                + ": lower is better.")
        }
        if let a = baseline.metrics[metric]?.mean, let b = l.leaky.metrics[metric]?.mean, a.isFinite, b.isFinite {
            let m = Markdown.code(metric)
            let figures = "\(ReportNumber.fixed(b, decimals: 4)) leaky against \(ReportNumber.fixed(a, decimals: 4)) "
                + "leak-free (\(Self.signed(b - a)))"
            var conclusion: String
            if b == a {
                conclusion = "On this data the leak leaves \(m) unchanged at \(ReportNumber.fixed(a, decimals: 4))."
            } else if (b > a) == higherIsBetter {
                conclusion = "On this data the leak flatters \(m): \(figures)."
            } else {
                conclusion = "On this data the leak does not flatter \(m): \(figures)."
            }
            conclusion += " Only the leak-free figures estimate how the configuration scores on rows it has not seen."
            report.block(conclusion)
        }
    }

    /// Whether `run` reproduces the stored metrics of `trial` bit for bit, in words.
    func reproductionStatement(of trial: Trial, by run: Leakage.Run) -> String {
        func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
        let identical = Set(trial.metrics.keys) == Set(run.metrics.keys) && run.metrics.allSatisfy { name, value in
            trial.metrics[name].map { same($0.mean, value.mean) && same($0.std, value.std) } ?? false
        }
        if identical { return "This run reproduces the stored results of \(label(trial)) bit for bit." }
        let stored = trial.metrics[metric].map { ReportNumber.meanStd($0.mean, $0.std) } ?? "-"
        let rerun = run.metrics[metric].map { ReportNumber.meanStd($0.mean, $0.std) } ?? "-"
        return "This run differs from the stored results of \(label(trial)) (stored \(Markdown.code(metric)) \(stored), "
            + "re-run \(rerun)); the figures below come from the re-run."
    }

    /// A difference with its sign: `+0.0935`, `-0.0120`, `0.0000`.
    static func signed(_ x: Double) -> String {
        let text = ReportNumber.fixed(x, decimals: 4)
        return x > 0 && text.contains(where: { $0 >= "1" && $0 <= "9" }) ? "+" + text : text
    }
}
