extension SweepExperimentReport {
    /// What the pipeline of each training fold does, as the sweep's spec and data decide it: the
    /// protocol section names these steps and no others.
    public struct Pipeline: Sendable, Hashable {
        /// The imputation strategy (sklearn: `SimpleImputer(strategy=…)`, e.g. `median`) when the
        /// data has missing cells; nil when it has none, so nothing is imputed.
        public var imputation: String?
        /// SelectKBest's `k` over the trials (sklearn: `SelectKBest(k=…)`; `20`, `all`, …), in value order.
        public var kBest: [String]
        /// The resamplers over the trials (`none`, `smote`, `smote-tomek`), in value order.
        public var resampling: [String]
        /// imblearn: `SMOTE(k_neighbors=…)` over the trials that resample, in value order.
        public var kNeighbors: [String]

        public init(imputation: String?, kBest: [String], resampling: [String], kNeighbors: [String] = []) {
            self.imputation = imputation
            self.kBest = kBest
            self.resampling = resampling
            self.kNeighbors = kNeighbors
        }
    }

    func writeProtocol(into report: inout ReportBuilder) {
        report.heading(2, "Protocol: leak-free by construction")
        var holdoutText = holdout > 0
            ? "A stratified holdout of \(ReportNumber.percent(holdout, decimals: 0)) of the rows"
            : "No holdout was set aside"
        if let holdoutRows, holdout > 0 { holdoutText += " (\(ReportNumber.integer(holdoutRows)) rows)" }
        holdoutText += holdout > 0 ? " is never seen by the sweep; it is kept for the final model." : "."
        var cv = "\(folds)-fold stratified cross-validation"
        if let developmentRows { cv += " on the remaining \(ReportNumber.integer(developmentRows)) rows" }
        report.bullets([
            holdoutText,
            cv + ", with the same folds for every trial (fold hash below).",
            pipelineStatement,
            "Trials are compared on their mean out-of-fold score; the holdout plays no part in choosing a model.",
        ])
        if leakage == nil {
            report.block("What a leak would do to these scores on this data is measured by "
                + "`exp report sweep \(id) --leakage`.")
        }
    }

    /// The steps fitted on each training fold, from ``pipeline``.
    var pipelineStatement: String {
        let tail = "; the fold's test rows are only transformed and scored."
        guard let p = pipeline else {
            return "Every preprocessing step and the MLP are fitted on each training fold only" + tail
        }
        var steps: [String] = []
        if let imputation = p.imputation { steps.append("\(Markdown.escape(imputation)) imputation") }
        if p.kBest.contains(where: { $0 != "all" }) {
            steps.append("SelectKBest (F-test, k = \(Self.alternatives(p.kBest.map(Markdown.escape))))")
        }
        let resamplers = p.resampling.filter { $0 != "none" }
        if !resamplers.isEmpty {
            var text = Self.alternatives(resamplers.map(resamplerName))
            if !p.kNeighbors.isEmpty { text += " (k_neighbors = \(Self.alternatives(p.kNeighbors.map(Markdown.escape))))" }
            if p.resampling.contains("none") { text += " in the trials that resample" }
            steps.append(text)
        }
        steps += ["standardisation", "the MLP"]
        var statement = "Every step is fitted on each training fold only: " + Self.list(steps) + tail
        if p.imputation == nil { statement += " The data has no missing cells, so nothing is imputed." }
        if !p.kBest.isEmpty && p.kBest.allSatisfy({ $0 == "all" }) {
            statement += " No trial selects features (`k_best: all`)."
        }
        if resamplers.isEmpty && !p.resampling.isEmpty {
            statement += " No trial resamples (`resampling: none`): each model trains on its fold's rows as they are."
        }
        return statement
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ values: [String]) -> String { join(values, last: " or ") }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ values: [String]) -> String { join(values, last: " and ") }

    private static func join(_ values: [String], last: String) -> String {
        guard values.count > 1, let final = values.last else { return values.first ?? "" }
        return values.dropLast().joined(separator: ", ") + last + final
    }
}
