import ExpCore
import ExpData

/// The model card of a registered model (`exp report model NAME[@ALIAS|:VERSION]`), built from
/// plain values the caller maps from the registry and the bundle: identity (name, version,
/// aliases, digest, bundle), promotion record, holdout metrics with ROC and precision–recall
/// curves, the confusion matrix and a threshold table, the selected features, the data schema
/// and the lineage back to the sweep and trial.
public struct ModelReport: Sendable {
    /// Where the model came from.
    public struct Lineage: Sendable, Hashable {
        public var sweepID: Int64
        public var sweepName: String
        public var trialID: Int64
        public var trialNumber: Int
        public var specHash: String?
        public var datasetDescription: String?
        public var datasetSHA256: String
        public var foldHash: String?
        /// The command that created the sweep.
        public var command: String?
        /// The seed of the final fit.
        public var seed: UInt64?

        public init(sweepID: Int64, sweepName: String, trialID: Int64, trialNumber: Int, specHash: String? = nil,
                    datasetDescription: String? = nil, datasetSHA256: String, foldHash: String? = nil,
                    command: String? = nil, seed: UInt64? = nil) {
            self.sweepID = sweepID
            self.sweepName = sweepName
            self.trialID = trialID
            self.trialNumber = trialNumber
            self.specHash = specHash
            self.datasetDescription = datasetDescription
            self.datasetSHA256 = datasetSHA256
            self.foldHash = foldHash
            self.command = command
            self.seed = seed
        }
    }

    /// A feature kept by SelectKBest in the final fit.
    public struct SelectedFeature: Sendable, Hashable {
        public var name: String
        /// The column index in the data set's features.
        public var column: Int
        /// The F-score and p-value of the final fit's selection.
        public var fScore: Double
        public var pValue: Double

        public init(name: String, column: Int, fScore: Double, pValue: Double) {
            self.name = name
            self.column = column
            self.fScore = fScore
            self.pValue = pValue
        }
    }

    /// The input the model expects.
    public struct Schema: Sendable, Hashable {
        /// Every input column, in order.
        public var featureNames: [String]
        public var labelName: String
        public var classNames: LabelEncoding

        public init(featureNames: [String], labelName: String, classNames: LabelEncoding) {
            self.featureNames = featureNames
            self.labelName = labelName
            self.classNames = classNames
        }
    }

    /// Who promoted the model, and when.
    public struct Promotion: Sendable, Hashable {
        public var by: String
        /// Unix seconds, as stored by the registry.
        public var at: Double
        public var note: String?

        public init(by: String, at: Double, note: String? = nil) {
            self.by = by
            self.at = at
            self.note = note
        }
    }

    /// How the final fit prepared its training rows, as the bundle and the trial's parameters
    /// record it: the card names these steps and no others.
    public struct Preparation: Sendable, Hashable {
        /// The imputation strategy (sklearn: `SimpleImputer(strategy=…)`) when the pipeline has an
        /// imputer; nil when it has none.
        public var imputation: String?
        /// The resampler of the training rows (`none`, `smote`, `smote-tomek`); nil when unknown.
        public var resampling: String?

        public init(imputation: String?, resampling: String?) {
            self.imputation = imputation
            self.resampling = resampling
        }
    }

    public struct Options: Sendable, Hashable {
        /// The Markdown file name; nil for `model_<name>_v<version>.md`.
        public var fileName: String?
        public var generatedBy: String?

        public init(fileName: String? = nil, generatedBy: String? = nil) {
            self.fileName = fileName
            self.generatedBy = generatedBy
        }
    }

    public var name: String
    public var version: Int
    public var aliases: [String]
    /// The bundle's digest, e.g. `sha256:…`.
    public var digest: String
    public var bundlePath: String
    public var lineage: Lineage
    /// The model's parameters (display values), in display order.
    public var parameters: [ReportParameter]
    /// The ranking metric of the sweep and the decision threshold.
    public var metric: String
    public var threshold: Double
    /// Cross-validation mean and std of the source trial, by metric name.
    public var crossValidationMetrics: [String: MetricSummaryValue]
    /// Holdout metrics as stored; empty to compute them from the labels and probabilities.
    public var holdoutMetrics: [String: Double]
    /// The holdout labels (0/1) and the model's probabilities for them, in the same order.
    public var holdoutLabels: [Int]
    public var holdoutProbabilities: [Double]
    public var selectedFeatures: [SelectedFeature]
    /// The steps of the final fit; nil states only that every step was fitted on training rows.
    public var preparation: Preparation?
    public var schema: Schema
    public var promotion: Promotion?
    public var expVersion: String?
    public var environment: [ReportParameter]
    public var options: Options

    public init(name: String, version: Int, aliases: [String] = [], digest: String, bundlePath: String,
                lineage: Lineage, parameters: [ReportParameter], metric: String, threshold: Double = 0.5,
                crossValidationMetrics: [String: MetricSummaryValue], holdoutMetrics: [String: Double] = [:],
                holdoutLabels: [Int], holdoutProbabilities: [Double], selectedFeatures: [SelectedFeature],
                preparation: Preparation? = nil, schema: Schema, promotion: Promotion? = nil, expVersion: String? = nil,
                environment: [ReportParameter] = [], options: Options = Options()) {
        self.name = name
        self.version = version
        self.aliases = aliases
        self.digest = digest
        self.bundlePath = bundlePath
        self.lineage = lineage
        self.parameters = parameters
        self.metric = metric
        self.threshold = threshold
        self.crossValidationMetrics = crossValidationMetrics
        self.holdoutMetrics = holdoutMetrics
        self.holdoutLabels = holdoutLabels
        self.holdoutProbabilities = holdoutProbabilities
        self.selectedFeatures = selectedFeatures
        self.preparation = preparation
        self.schema = schema
        self.promotion = promotion
        self.expVersion = expVersion
        self.environment = environment
        self.options = options
    }

    /// The Markdown file name.
    public var fileName: String {
        if let name = options.fileName { return name }
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return "model_\(safe)_v\(version).md"
    }

    /// Renders the model card.
    /// - Throws: ``ReportError`` when the holdout labels and probabilities are invalid.
    public func render() throws -> RenderedReport {
        guard holdoutLabels.count == holdoutProbabilities.count, !holdoutLabels.isEmpty else {
            throw ReportError("the holdout has \(holdoutLabels.count) labels and \(holdoutProbabilities.count) probabilities")
        }
        let evaluation = try ClassifierEvaluation(labels: holdoutLabels, scores: holdoutProbabilities, threshold: threshold,
                                                  classNames: schema.classNames)
        var report = ReportBuilder(fileName: fileName)
        report.heading(1, "Model card: \(name) v\(version)")
        if let generatedBy = options.generatedBy {
            report.block("Generated by \(Markdown.escape(generatedBy)) (`exp report model \(name):\(version)`) from the registry "
                + "and the bundle.")
        }
        var identity = Markdown.Table(["", ""])
        identity.append(["name", Markdown.escape(name)])
        identity.append(["version", String(version)])
        identity.append(["aliases", aliases.isEmpty ? "none" : aliases.sorted().map(Markdown.code).joined(separator: ", ")])
        identity.append(["digest", Markdown.code(digest)])
        identity.append(["bundle", Markdown.code(bundlePath)])
        if let p = promotion {
            identity.append(["promoted", "by \(Markdown.escape(p.by)) at \(UTCTimestamp.format(p.at))"
                + (p.note.map { ": " + Markdown.escape($0) } ?? "")])
        }
        identity.append(["source", "sweep \(lineage.sweepID) '\(Markdown.escape(lineage.sweepName))', trial \(lineage.trialID) (#\(lineage.trialNumber))"])
        report.table(identity)

        report.heading(2, "What it does")
        report.block(whatItDoes)

        report.heading(2, "Performance")
        let computed = evaluation.metrics
        let names = orderedMetricNames(Set(crossValidationMetrics.keys).union(holdoutMetrics.isEmpty ? computed.names : Array(holdoutMetrics.keys)),
                                       first: metric)
        var table = Markdown.Table(["metric", "cross-validation (mean ± std)", "holdout"], right: [1, 2])
        for m in names {
            let holdout = holdoutMetrics.isEmpty ? computed[name: m] : holdoutMetrics[m]
            table.append([m == metric ? "**\(Markdown.escape(m))**" : Markdown.escape(m),
                          crossValidationMetrics[m].map { ReportNumber.meanStd($0.mean, $0.std) } ?? "-",
                          holdout.map { ReportNumber.fixed($0, decimals: 4) } ?? "-"])
        }
        report.table(table)
        report.block("Cross-validation scores come from the sweep's folds; holdout scores from \(ReportNumber.integer(holdoutLabels.count)) "
            + "held-out rows." + holdoutComparison(computed))
        report.heading(3, "Holdout curves")
        evaluation.write(into: &report, chartID: "holdout-curves", title: "Holdout curves of \(name) v\(version)",
                         seriesName: "holdout", level: 3)

        report.heading(2, "Selected features")
        if selectedFeatures.isEmpty {
            report.block("No feature selection is recorded.")
        } else {
            let ordered = selectedFeatures.sorted {
                let a = $0.fScore.isNaN ? -Double.infinity : $0.fScore, b = $1.fScore.isNaN ? -Double.infinity : $1.fScore
                return a > b || (a == b && $0.column < $1.column)
            }
            report.block("\(selectedFeatures.count) of \(schema.featureNames.count) columns, by F-score of the final fit's "
                + "SelectKBest (fitted on the training rows).")
            report.chart("selected-features", BarChart(
                title: "Selected features by F-score", subtitle: "\(ordered.count) features",
                bars: ordered.map { .init($0.name, $0.fScore.isFinite ? $0.fScore : 0,
                                          annotation: ReportNumber.significant($0.fScore, digits: 4)) },
                orientation: .horizontal, valueLabel: "F-score"))
            var features = Markdown.Table(["rank", "feature", "column", "F", "p-value"], right: [0, 2, 3, 4])
            for (rank, f) in ordered.enumerated() {
                features.append([String(rank + 1), Markdown.escape(f.name), String(f.column),
                                 ReportNumber.significant(f.fScore, digits: 4), ReportNumber.significant(f.pValue, digits: 3)])
            }
            report.table(features)
        }

        report.heading(2, "Data schema")
        let selected = Set(selectedFeatures.map(\.column))
        report.block("Label \(Markdown.code(schema.labelName)): negative class \(Markdown.code(schema.classNames.negative)), positive "
            + "class \(Markdown.code(schema.classNames.positive)). Requests must carry all \(schema.featureNames.count) "
            + "feature columns by name; only the selected ones reach the network.")
        var columns = Markdown.Table(["column", "feature", "selected"], right: [0])
        for (j, feature) in schema.featureNames.enumerated() {
            columns.append([String(j), Markdown.escape(feature), selected.contains(j) ? "yes" : ""])
        }
        report.table(columns)

        report.heading(2, "Lineage")
        var rows: [(String, String)] = [
            ("sweep", "\(lineage.sweepID) '\(lineage.sweepName)'"), ("trial", "\(lineage.trialID) (#\(lineage.trialNumber))"),
        ]
        if let seed = lineage.seed { rows.append(("seed", String(seed))) }
        if let specHash = lineage.specHash { rows.append(("spec hash", specHash)) }
        if let d = lineage.datasetDescription { rows.append(("dataset", d)) }
        rows.append(("dataset sha256", lineage.datasetSHA256))
        if let foldHash = lineage.foldHash { rows.append(("fold hash", foldHash)) }
        if let command = lineage.command { rows.append(("command", command)) }
        rows.append(("bundle digest", digest))
        if let expVersion { rows.append(("exp version", expVersion)) }
        rows += environment.map { ($0.name, $0.value) }
        let width = rows.map(\.0.count).max() ?? 0
        report.block(Markdown.codeBlock(rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }
            .joined(separator: "\n"), language: "text"))
        report.heading(3, "Parameters")
        var params = Markdown.Table(["parameter", "value"])
        for p in parameters { params.append([Markdown.escape(p.name), Markdown.code(p.value)]) }
        report.table(params)
        report.block("The sweep report (`exp report sweep \(lineage.sweepID)`) shows how this trial compared with the others.")
        return report.finish(markdownFileName: fileName)
    }

    /// The pipeline in words, from ``preparation``.
    var whatItDoes: String {
        var steps: [String] = []
        if let imputation = preparation?.imputation { steps.append("imputes missing cells (\(Markdown.escape(imputation)))") }
        steps += ["keeps \(selectedFeatures.count) features", "standardises them", "scores"]
        var text = "A multi-layer perceptron that estimates the probability that \(Markdown.code(schema.labelName)) is "
            + "\(Markdown.code(schema.classNames.positive)) from \(schema.featureNames.count) numeric columns; the pipeline "
            + steps.dropLast().joined(separator: ", ") + " and " + (steps.last ?? "") + ". A row is flagged positive "
            + "when its probability is at least \(ReportNumber.trimmed(threshold)). "
        switch preparation?.resampling {
        case nil:
            text += "Every step was fitted on training rows only"
        case "none"?:
            text += "The selection and scaling were fitted on training rows only, without resampling"
        case let resampling?:
            text += "The selection, the resampling (\(resamplerName(resampling))) and the scaling were fitted on training "
                + "rows only"
        }
        return text + "; the holdout below was never seen during the sweep or the fit."
    }

    /// The ranking metric on the holdout against its cross-validation mean ± std, in words.
    func holdoutComparison(_ computed: MetricSet) -> String {
        guard let cv = crossValidationMetrics[metric], cv.mean.isFinite, cv.std.isFinite,
              let holdout = holdoutMetrics.isEmpty ? computed[name: metric] : holdoutMetrics[metric], holdout.isFinite
        else { return "" }
        let position = abs(holdout - cv.mean) <= cv.std ? "within one standard deviation of"
            : "more than one standard deviation " + (holdout > cv.mean ? "above" : "below")
        return " On \(Markdown.code(metric)) the holdout score, \(ReportNumber.fixed(holdout, decimals: 4)), lies \(position) "
            + "the cross-validation mean (\(ReportNumber.meanStd(cv.mean, cv.std)))."
    }
}
