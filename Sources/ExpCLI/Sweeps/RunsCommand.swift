import ArgumentParser
import ExpDomain
import ExpCore
import ExpStore
import Foundation

extension Exp {
    /// `exp runs list|show|compare`.
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs", abstract: "List, inspect and compare trials.",
            subcommands: [List.self, Show.self, Compare.self], defaultSubcommand: List.self)
    }
}

extension Exp.Runs {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trials, best first.")

        @Option(help: "Only trials of this sweep: its ID, or its name for the most recent sweep of that name.")
        var sweep: SweepReference?

        @Option(help: "Sort by this metric (default: the sweep's metric, or the latest sweep's; its goal sets the direction).")
        var sort: String?

        @Flag(help: "Sort ascending instead of the metric's natural direction.")
        var ascending = false

        @Option(parsing: .unconditional, help: "Show at most N trials.")
        var limit: Int?

        @Option(help: "Only trials in this state: pending, running, done or failed.")
        var state: String?

        @Option(help: "Output: table, json or csv.")
        var format: ListingFormat = .table

        @Option(help: "Metrics in the table, comma-separated, or 'all' (default: the ranking metric, roc_auc, average_precision, log_loss, f1; JSON and CSV carry all).")
        var metrics: String?

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            if let state, TrialState(rawValue: state) == nil {
                throw ValidationError("--state must be pending, running, done or failed")
            }
        }

        func run() async throws {
            let output = try await withStoreErrors { () async throws -> String in
                let store = try await storeOptions.open(readOnly: true)
                let sweep = try await self.sweep?.resolve(in: store)
                var metric = sort
                if metric == nil, let sweep { metric = try await store.sweep(id: sweep)?.metric }
                // Across sweeps, rank by the metric of the most recent sweep.
                if metric == nil { metric = try await store.sweeps().max { $0.createdAt < $1.createdAt }?.metric }
                let states = state.flatMap(TrialState.init(rawValue:)).map { Set([$0]) }
                // Best first in the metric's own direction (log_loss and brier ascending), unless --ascending.
                var descending: Bool? = ascending ? false : nil
                if !ascending, let name = metric, let known = BinaryMetric(rawValue: name) {
                    descending = known.direction == .higherIsBetter
                }
                let trials = try await store.trials(sweepID: sweep, sortBy: metric, descending: descending,
                                              limit: limit, states: states)
                var table = RunsTable(trials: trials, metric: metric)
                if let metrics, metrics != "all" {
                    table.tableMetrics = metrics.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                } else if metrics == "all" {
                    table.tableMetrics = RunsTable.metricOrder
                }
                return try table.render(format)
            }
            print(output, terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one trial: parameters, per-fold metrics, curves and provenance.")

        @Argument(help: "The trial ID.")
        var trial: Int64

        @Option(help: "Output: table or json.")
        var format: ReportFormat = .table

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let output = try await withStoreErrors { () async throws -> String in
                guard let detail = try await storeOptions.open(readOnly: true).trial(id: trial) else {
                    throw CLIError("no trial \(trial) in \(storeOptions.location)")
                }
                return format == .json ? try TrialDetailView(detail).json() : try TrialDetailView(detail).text()
            }
            print(output, terminator: "")
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare trials: differing parameters, metric deltas and per-fold paired differences.")

        @Argument(help: "Two or more trial IDs; the first is the baseline.")
        var trials: [Int64]

        @Flag(help: "Show every parameter, not only those that differ.")
        var all = false

        @Option(help: "Output: table or json.")
        var format: ReportFormat = .table

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if trials.count < 2 { throw ValidationError("give at least two trial IDs") }
        }

        func run() async throws {
            let output = try await withStoreErrors { () async throws -> String in
                let store = try await storeOptions.open(readOnly: true)
                var details: [TrialDetail] = []
                for id in trials {
                    guard let d = try await store.trial(id: id) else { throw CLIError("no trial \(id) in \(storeOptions.location)") }
                    details.append(d)
                }
                let comparison = try TrialComparison(details, allParameters: all)
                return format == .json ? try comparison.json() : comparison.text()
            }
            print(output, terminator: "")
        }
    }
}
