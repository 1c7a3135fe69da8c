import ArgumentParser
import ExpDomain
import ExpStore
import Foundation

extension Exp {
    /// `exp sweeps list`.
    struct Sweeps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweeps", abstract: "List the sweeps in the experiment store.",
            subcommands: [List.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List sweeps with their progress and best result.")

            @Option(help: "Output: table, json or csv.")
            var format: ListingFormat = .table

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                let sweeps = try await withStoreErrors { try await storeOptions.open(readOnly: true).sweeps() }
                var table = TextTable(header: ["id", "name", "metric", "best", "best trial", "done", "failed", "pending", "created"])
                table.rightAligned = [0, 3, 4, 5, 6, 7]
                let dates = ISO8601DateFormatter()
                for s in sweeps {
                    table.rows.append([
                        String(s.id), s.name, "\(s.metric) (\(s.metricGoal.rawValue))", formatMetric(s.bestValue),
                        s.bestTrialID.map(String.init) ?? "-", String(s.counts.done), String(s.counts.failed),
                        String(s.counts.pending + s.counts.running), dates.string(from: Date(timeIntervalSince1970: s.createdAt)),
                    ])
                }
                switch format {
                case .table: print(table.render(), terminator: "")
                case .csv: print(table.csv(), terminator: "")
                case .json:
                    let rows: [[String: Any]] = sweeps.map {
                        ["id": $0.id, "name": $0.name, "metric": $0.metric, "goal": $0.metricGoal.rawValue,
                         "best": $0.bestValue.map(jsonNumber) ?? NSNull(), "best_trial": $0.bestTrialID ?? NSNull(),
                         "done": $0.counts.done, "failed": $0.counts.failed, "pending": $0.counts.pending,
                         "running": $0.counts.running, "created_at": $0.createdAt]
                    }
                    print(String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
                }
            }
        }
    }
}

/// Prints a store error (or a damaged record, or a CLI error) as one line and exits 1.
func withStoreErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as StoreError {
        Console.error(error.description)
        throw ExitCode(1)
    } catch let error as DomainError {
        Console.error(error.description)
        throw ExitCode(1)
    } catch let error as CLIError {
        Console.error(error.description)
        throw ExitCode(1)
    }
}
