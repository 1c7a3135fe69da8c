import ArgumentParser
import ExpData
import Foundation

extension Exp {
    /// `exp data`: check data sets and write the built-in synthetic data.
    struct DataCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Check data sets and write the built-in synthetic data.",
            subcommands: [Check.self, Synth.self]
        )
    }
}

extension Exp.DataCommand {
}

/// Validates a data argument before any work: the source must parse, and a CSV file needs the
/// name of its label column.
func validateDataSource(_ source: String, label: String?) throws {
    let parsed: DataSource
    do {
        parsed = try DataSource.parse(source)
    } catch let error as DataError {
        throw ValidationError(error.description)
    }
    if case .file(_, .csv) = parsed, label == nil {
        throw ValidationError("--label is required for CSV files (the name of the label column)")
    }
}
