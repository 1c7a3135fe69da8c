import ArgumentParser
import ExpData
import Foundation

extension Exp.DataCommand {
    /// `exp data check SOURCE`: load and validate a data set, then print its quality report.
    ///
    /// Exit status: 0 when the data loads, 1 when it cannot be read or is invalid (the message on
    /// stderr names the file, line and column), 64 for bad options.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a data set, validate it, and print a data-quality summary.",
            discussion: """
                SOURCE is a .csv file (with a header row), an .arff file, or \
                builtin:bankruptcy[?rows=N&seed=S]. All features must be numeric; empty, NA, NaN \
                and ? cells are counted as missing. The summary lists rows, columns, class balance, \
                missing cells per column, constant columns, extreme outliers, mixed-scale columns, \
                identical columns, duplicate rows and the SHA-256 of the source.
                """
        )

        @Argument(help: "A .csv or .arff file, or builtin:bankruptcy[?rows=N&seed=S].")
        var source: String

        @Option(
            help: ArgumentHelp(
                "The label column.",
                discussion: "Required for CSV. Defaults to 'Bankrupt?' for built-in data and to the nominal class attribute for ARFF."
            ))
        var label: String?

        @Option(help: "The positive class value (default: the label value 1, true or yes, any letter case).")
        var positive: String?

        @Option(help: "Output format.")
        var format: ReportFormat = .table

        func validate() throws {
            try validateDataSource(source, label: label)
        }

        func run() async throws {
            let report: DataQualityReport
            do {
                let data = try DataLoader.load(source, options: .init(labelColumn: label, positiveClass: positive))
                report = DataQualityReport(data)
            } catch let error as DataError {
                Console.error(error.description)
                throw ExitCode(1)
            }
            switch format {
            case .table:
                print(report.renderTable(), terminator: "")
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let json: Data
                do {
                    json = try encoder.encode(report)
                } catch {
                    Console.error("cannot encode the report as JSON: \(error)")
                    throw ExitCode(1)
                }
                print(String(decoding: json, as: UTF8.self))
            }
        }
    }
}
