import ArgumentParser

/// The root of the `exp` command tree.
public struct Exp: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "exp",
        abstract: "Reproducible machine-learning experiments on tabular data.",
        version: ExpVersion.current,
        subcommands: [DataCommand.self, Sweep.self, Sweeps.self, Runs.self, ReportCommand.self, Promote.self, Models.self, Bundle.self, Predict.self, Serve.self]
    )

    public init() {}
}

/// The version of this build of `exp`.
public enum ExpVersion {
    public static let current = "0.1.0"
}

/// The entry point the one-line `exp` executable calls.
public enum ExpMain {
    public static func run() async { await Exp.main() }
}
