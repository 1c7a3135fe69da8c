import ArgumentParser
import ExpData
import ExpReport
import Foundation

extension Exp.ReportCommand {
    /// `exp report data SOURCE`: the exploratory analysis of a data set.
    struct ReportData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Write the exploratory analysis of a data set (exploratory_analysis.md).",
            discussion: """
                Shape, SHA-256 and class balance; missing cells, constant and outlier columns; \
                summary statistics of every feature; the F-test ranking of all features; the \
                distributions of the top features by class; and their correlation.
                """)

        @Argument(help: "A .csv or .arff file, or builtin:bankruptcy[?rows=N&seed=S].")
        var source: String

        @Option(help: "The label column (required for CSV).")
        var label: String?

        @Option(help: "The positive class value (default: the label value 1, true or yes).")
        var positive: String?

        @Option(parsing: .unconditional, help: "How many of the top features by F to draw by class.")
        var top: Int = 6

        @OptionGroup var output: ReportOutputOptions

        func validate() throws {
            try validateDataSource(source, label: label)
            if top < 1 { throw ValidationError("--top must be at least 1") }
        }

        func run() async throws {
            try await runReporting {
                let data = try DataLoader.load(source, options: .init(labelColumn: label, positiveClass: positive))
                let report = try DataReport(dataset: data, options: .init(
                    fileName: output.fileName(default: "exploratory_analysis.md"), distributionCount: top,
                    generatedBy: "exp \(ExpVersion.current)")).render()
                output.announce(try output.write(report), report)
            }
        }
    }
}
