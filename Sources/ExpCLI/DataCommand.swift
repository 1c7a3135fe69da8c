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
}
