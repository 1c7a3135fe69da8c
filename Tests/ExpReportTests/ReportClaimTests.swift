import ExpCore
import Foundation
@testable import ExpReport
import Testing

/// Report text comes from the report's input: the protocol names the sweep's own steps, the
/// leakage section only the figures it was given, and the model card only its own pipeline.
@Suite struct ReportClaimTests {
    /// The text of the `## title…` section of `markdown`, up to the next `## ` heading.
    static func section(_ title: String, of markdown: String) -> String {
        guard let start = markdown.range(of: "\n## " + title) else { return "" }
        let rest = markdown[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// Every number written in `text` (`1,364`, `0.9100`, `20`), signs dropped.
    static func numbers(in text: String) throws -> Set<String> {
        let regex = try Regex("[0-9][0-9,]*(\\.[0-9]+)?")
        return Set(text.matches(of: regex).map { String(text[$0.range]) })
    }

    /// The figures a leakage section may print: its input's values, formatted as the report does.
    static func figures(of l: SweepExperimentReport.Leakage, folds: Int, sweepID: Int64, trialNumber: Int) -> Set<String> {
        var allowed: Set<String> = [String(folds), String(sweepID), String(l.trialID), String(trialNumber), l.kBest,
                                    String(l.kNeighbors), "0"]
        for n in [l.developmentRows, l.syntheticRows, l.removedRows, l.resampledRows, l.syntheticRowsKept] {
            allowed.insert(ReportNumber.integer(n))
        }
        for run in [l.configuration, l.resampledBaseline, l.leaky].compactMap({ $0 }) {
            for m in run.metrics.values {
                allowed.insert(ReportNumber.fixed(m.mean, decimals: 4))
                allowed.insert(ReportNumber.fixed(m.std, decimals: 4))
            }
        }
        for (name, leaky) in l.leaky.metrics {
            guard let baseline = l.baseline.metrics[name] else { continue }
            allowed.insert(ReportNumber.fixed((leaky.mean - baseline.mean).magnitude, decimals: 4))
        }
        return allowed
    }

    // MARK: Protocol

    @Test func aSweepWithoutResamplingNeverMentionsSMOTEOrAnUnmeasuredFigure() throws {
        var sweep = ReportFixtures.sweep()
        sweep.pipeline = .init(imputation: nil, kBest: ["2", "all"], resampling: ["none"])
        let markdown = try sweep.render().markdown
        for phrase in ["SMOTE", "Tomek", "reference project", "0.98", "0.95", "about 0.4", "imputation"] {
            #expect(!markdown.contains(phrase), "\(phrase)")
        }
        #expect(markdown.contains("No trial resamples (`resampling: none`)"))
        // The protocol's figures are the sweep's: holdout share and rows, folds, rows, k, the id.
        let protocolSection = Self.section("Protocol", of: markdown)
        #expect(try Self.numbers(in: protocolSection).subtracting(["20", "8", "3", "30", "2", "7"]).isEmpty,
                "\(protocolSection)")
    }

    static let protocolCases: [(SweepExperimentReport.Pipeline?, String)] = [
        (.init(imputation: "median", kBest: ["20", "50"], resampling: ["smote-tomek"], kNeighbors: ["5"]),
         "Every step is fitted on each training fold only: median imputation, SelectKBest (F-test, k = 20 or 50), "
            + "SMOTE-Tomek (k_neighbors = 5), standardisation and the MLP; the fold's test rows are only transformed "
            + "and scored."),
        (.init(imputation: nil, kBest: ["all"], resampling: ["none", "smote"], kNeighbors: ["3", "5"]),
         "Every step is fitted on each training fold only: SMOTE (k_neighbors = 3 or 5) in the trials that resample, "
            + "standardisation and the MLP; the fold's test rows are only transformed and scored. The data has no "
            + "missing cells, so nothing is imputed. No trial selects features (`k_best: all`)."),
        (.init(imputation: nil, kBest: ["10", "all"], resampling: ["smote", "smote-tomek"], kNeighbors: ["5"]),
         "Every step is fitted on each training fold only: SelectKBest (F-test, k = 10 or all), SMOTE or "
            + "SMOTE-Tomek (k_neighbors = 5), standardisation and the MLP; the fold's test rows are only transformed "
            + "and scored. The data has no missing cells, so nothing is imputed."),
        (.init(imputation: "median", kBest: ["all"], resampling: ["none"]),
         "Every step is fitted on each training fold only: median imputation, standardisation and the MLP; the "
            + "fold's test rows are only transformed and scored. No trial selects features (`k_best: all`). No trial "
            + "resamples (`resampling: none`): each model trains on its fold's rows as they are."),
        (nil, "Every preprocessing step and the MLP are fitted on each training fold only; the fold's test rows are "
            + "only transformed and scored."),
    ]

    @Test(arguments: protocolCases.indices)
    func theProtocolLinesFollowTheSpecsSettings(_ index: Int) throws {
        let (pipeline, expected) = Self.protocolCases[index]
        var sweep = ReportFixtures.sweep()
        sweep.pipeline = pipeline
        let lines = Self.section("Protocol", of: try sweep.render().markdown).split(separator: "\n")
        #expect(lines.contains { $0 == "- " + expected }, "\(lines)")
    }

    @Test func withoutTheLeakageSectionTheProtocolPointsToTheOption() throws {
        let markdown = try ReportFixtures.sweep().render().markdown
        #expect(markdown.contains("is measured by `exp report sweep 7 --leakage`."))
        #expect(!markdown.contains("## Leakage check"))
    }

    // MARK: Leakage section

    @Test func theLeakageSectionShowsBothRunsAndOnlyTheirFigures() throws {
        var sweep = ReportFixtures.sweep()
        let leakage = ReportFixtures.leakage(of: sweep)
        sweep.leakage = leakage
        let report = try sweep.render()
        let markdown = report.markdown
        let section = Self.section("Leakage check on this sweep's data", of: markdown)
        #expect(!section.isEmpty)
        #expect(section.contains("the best configuration, trial 2 (#1) (`k_best: 2`, `resampling: smote-tomek`)"))
        #expect(section.contains("This run reproduces the stored results of trial 2 (#1) bit for bit."))
        #expect(section.contains("**Leaky**, the common mistake: SelectKBest (F-test, k = 2) and SMOTE-Tomek fitted on "
            + "all 30 development rows before the split: 18 synthetic rows added and 4 rows removed by Tomek links, 44 "
            + "rows in all."))
        #expect(section.contains("| metric | leak-free | leaky | leaky − leak-free |"))
        #expect(section.contains("| **roc_auc** | 0.9100 ± 0.0245 |"))
        #expect(section.contains("| +0.0625 |"))
        #expect(section.contains("On this data the leak flatters `roc_auc`: "))
        #expect(section.contains("`log_loss` and `brier` are losses: lower is better."))
        #expect(!section.contains("reference project"))
        let allowed = Self.figures(of: leakage, folds: 3, sweepID: 7, trialNumber: 1)
        #expect(try Self.numbers(in: section).subtracting(allowed).isEmpty, "\(section)")
        // The command that reproduces the report says --leakage; no chart is added.
        #expect(markdown.contains("(`exp report sweep 7 --leakage`)"))
        #expect(!markdown.contains("is measured by `exp report sweep 7 --leakage`."))
        #expect(report.charts == (try ReportFixtures.sweep().render()).charts)
        #expect(try sweep.render() == report)
    }

    @Test func aReRunThatDiffersFromTheStoredTrialIsSaid() throws {
        var sweep = ReportFixtures.sweep()
        var leakage = ReportFixtures.leakage(of: sweep)
        leakage.configuration.metrics["roc_auc"]?.mean += 1e-12
        sweep.leakage = leakage
        let section = Self.section("Leakage check on this sweep's data", of: try sweep.render().markdown)
        #expect(section.contains("This run differs from the stored results of trial 2 (#1) (stored `roc_auc` "
            + "0.9100 ± 0.0245, re-run 0.9100 ± 0.0245); the figures below come from the re-run."))
        #expect(!section.contains("bit for bit"))
    }

    @Test func withoutResamplingTheSectionSaysWhatWasMeasuredInstead() throws {
        var sweep = ReportFixtures.sweep()
        sweep.pipeline = .init(imputation: nil, kBest: ["2", "all"], resampling: ["none"])
        var leakage = ReportFixtures.leakage(of: sweep)
        let stored = leakage.configuration.metrics
        leakage.configuration.resampling = "none"
        leakage.resampledBaseline = .init(resampling: "smote-tomek", beforeSplit: false,
                                          metrics: stored.mapValues { MetricSummaryValue(mean: $0.mean - 0.125, std: $0.std) })
        sweep.leakage = leakage
        let section = Self.section("Leakage check on this sweep's data", of: try sweep.render().markdown)
        #expect(section.contains("which resamples nothing, so moving its resampler before the split would change "
            + "nothing. Measured instead: SMOTE-Tomek (k_neighbors = 5)"))
        #expect(section.contains("**As run**, for reference: the configuration without resampling, exactly as in the "
            + "sweep. This run reproduces the stored results of trial 2 (#1) bit for bit."))
        #expect(section.contains("| metric | as run (no resampling) | leak-free | leaky | leaky − leak-free |"))
        #expect(section.contains("| +0.1875 |"), "leaky − the SMOTE-Tomek baseline, not − the configuration")
        let allowed = Self.figures(of: leakage, folds: 3, sweepID: 7, trialNumber: 1)
        #expect(try Self.numbers(in: section).subtracting(allowed).isEmpty, "\(section)")
    }

    // MARK: Model card

    @Test func theModelCardNamesOnlyItsOwnSteps() throws {
        var model = ReportFixtures.model()
        model.preparation = .init(imputation: nil, resampling: "none")
        let plain = try model.render().markdown
        #expect(plain.contains("the pipeline keeps 2 features, standardises them and scores."))
        #expect(plain.contains("The selection and scaling were fitted on training rows only, without resampling;"))
        #expect(!plain.contains("imputes") && !plain.contains("SMOTE"))

        model.preparation = .init(imputation: "median", resampling: "smote-tomek")
        let full = try model.render().markdown
        #expect(full.contains("the pipeline imputes missing cells (median), keeps 2 features, standardises them and scores."))
        #expect(full.contains("The selection, the resampling (SMOTE-Tomek) and the scaling were fitted on training rows only;"))
    }

    @Test func theModelCardComparesTheHoldoutWithItsOwnFigures() throws {
        let markdown = try ReportFixtures.model().render().markdown
        #expect(markdown.contains("On `roc_auc` the holdout score, 0.9271, lies within one standard deviation of the "
            + "cross-validation mean (0.9100 ± 0.0245)."))
        #expect(!markdown.contains("overfitting"))
    }
}
