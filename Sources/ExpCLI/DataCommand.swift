import ArgumentParser
import ExpData
import Foundation

extension Exp {
    /// `exp data`: check data sets and write the built-in synthetic data.
    struct DataCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Check data sets and write the built-in synthetic data.",
            subcommands: [Check.self, Synth.self]
        )
    }
}

extension Exp.DataCommand {
    /// The output formats of `exp data check`.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    /// Writes `message` to standard error as `error: message`.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}
