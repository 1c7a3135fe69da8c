import ArgumentParser
import ExpDomain
import ExpReport
import ExpStore
import Foundation

extension Exp.ReportCommand {
    /// `exp report sweep ID|NAME`: the model-experiments report of a sweep.
    struct ReportSweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Write the model-experiments report of a sweep (model_experiments.md).",
            discussion: """
                The leaderboard, the marginal effect of each swept parameter, the per-fold spread of \
                the top trials, learning curves, out-of-fold ROC and precision-recall curves with the \
                confusion matrix and a threshold table, the time spent, and the reproducibility \
                record. The sweep's data is reloaded to label the out-of-fold predictions; its \
                SHA-256 must match the one stored with the sweep. With --leakage, the best \
                configuration is cross-validated again on that data, leak-free and with selection \
                and resampling fitted on all development rows before the split, and the report \
                shows both (deterministic: same store, same bytes).
                """)

        @Argument(help: "The sweep: its ID, or its name for the most recent sweep of that name (see `exp sweeps list`).")
        var sweep: SweepReference

        @Option(parsing: .unconditional, help: "Rows of the leaderboard.")
        var top: Int = 20

        @Flag(help: "Measure the leak on the sweep's data: the best configuration with selection and resampling fitted before the split, against the leak-free protocol.")
        var leakage = false

        @OptionGroup var storeOptions: StoreOptions

        @OptionGroup var output: ReportOutputOptions

        func validate() throws {
            if top < 1 { throw ValidationError("--top must be at least 1") }
        }

        func run() async throws {
            try await runReporting {
                // Read-only, and never create a store by asking for a report.
                guard storeOptions.exists else {
                    throw CLIError("no sweep \(sweep): there is no store at \(storeOptions.location)")
                }
                let store = try await storeOptions.open(readOnly: true)
                let options = SweepExperimentReport.Options(
                    fileName: output.fileName(default: "model_experiments.md"), leaderboardSize: top,
                    generatedBy: "exp \(ExpVersion.current)")
                let input = try await SweepReportInput.load(sweepID: try await sweep.resolve(in: store), from: store,
                                                            options: options, leakage: leakage)
                let report = try input.render()
                output.announce(try output.write(report), report)
            }
        }
    }
}
