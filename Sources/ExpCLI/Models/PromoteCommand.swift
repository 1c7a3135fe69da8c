import ArgumentParser
import ExpDomain
import ExpBundle
import ExpCore
import ExpData
import ExpRunner
import ExpStore
import Foundation

extension Exp {
    /// `exp promote`: re-fit a trial on all development rows, score the holdout, write a verified
    /// bundle and register it as the next version of a model.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promote",
            abstract: "Turn a trial into a verified, versioned model bundle.",
            discussion: """
            The trial's configuration is re-fitted on every non-holdout row with the same pipeline and \
            seed derivation as in the sweep, scored on the untouched holdout split, and written to \
            ARTIFACTS/NAME-vVERSION.tar.gz (written to a temporary file, synced, then renamed). The \
            bundle is read back cold and must re-score the holdout rows bit for bit before it is \
            registered and before an alias moves. Promoting the same trial again rebuilds the bundle \
            and checks that it is byte-identical.
            """)

        @Argument(help: "The trial ID to promote (see `exp runs list`).")
        var trial: Int64?

        @Flag(help: "Promote the best finished trial of the sweep instead.")
        var best = false

        @Option(help: "With --best: the sweep, by ID or name (default: the most recent one).")
        var sweep: SweepReference?

        @Option(help: "With --best: the metric that decides (default: the sweep's metric).")
        var metric: String?

        @Option(help: "The model name in the registry (letters, digits, '.', '_', '-').")
        var name: String

        @Option(help: "Point this alias (e.g. production) at the new version once it is verified.")
        var alias: String?

        @Option(help: "The directory bundles are written to.")
        var artifacts: String = "artifacts"

        @Option(help: "Output: table or json.")
        var format: ReportFormat = .table

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if (trial == nil) == !best { throw ValidationError("give a trial ID or --best") }
            if trial != nil && (sweep != nil || metric != nil) {
                throw ValidationError("--sweep and --metric go with --best")
            }
            if let metric { try Exp.Runs.List.checkMetric(metric, option: "--metric") }
            if let problem = ResourceName.problem(with: name, as: .model) {
                throw ValidationError("invalid model name '\(name.prefix(120))': \(problem)")
            }
            if let alias, let problem = ResourceName.problem(with: alias, as: .alias) {
                throw ValidationError("invalid alias '\(alias.prefix(120))': \(problem)")
            }
        }

        func run() async throws {
            do {
                guard storeOptions.exists else {
                    throw CLIError("there is no store at \(storeOptions.location); run `exp sweep` first")
                }
                let store = try await storeOptions.open()
                let promotion = Promotion(
                    choice: trial.map { .trial($0) } ?? .best(sweep: sweep, metric: metric),
                    name: name, alias: alias, artifacts: artifacts, note: { Console.note($0) })
                let outcome = try await promotion.run(in: store)
                try printResult(record: outcome.record, bundle: outcome.bundle, report: outcome.report,
                                aliasMove: outcome.aliasMove, reused: outcome.reused)
            } catch let error as any Error & CustomStringConvertible {
                Console.error(error.description)
                throw ExitCode(1)
            }
        }

        private func printResult(record: ModelVersionRecord, bundle: ModelBundle, report: VerificationReport?,
                                 aliasMove: AliasMove?, reused: Bool) throws {
            let holdout = bundle.manifest.metrics.holdout
            switch format {
            case .json:
                var object: [String: Any] = [
                    "name": record.name, "version": record.version, "bundle": record.artifact.stored,
                    "digest": record.digest, "size_bytes": record.sizeBytes, "trial_id": record.trialID ?? NSNull(),
                    "sweep_id": record.sweepID ?? NSNull(), "already_promoted": reused,
                    "holdout": holdout.mapValues { $0.isFinite ? $0 as Any : NSNull() },
                    "holdout_rows": bundle.holdout.count,
                ]
                if let report { object["verified"] = report.isValid }
                if let aliasMove {
                    object["alias"] = ["alias": aliasMove.reference, "from": aliasMove.from ?? NSNull(), "to": aliasMove.to] as [String: Any]
                }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
            case .table:
                print("\(reused ? "already promoted" : "promoted") trial \(record.trialID.map(String.init) ?? "?") (sweep \(record.sweepID.map(String.init) ?? "?")) as \(record.name):\(record.version)")
                print("  bundle   \(record.artifact.filePath.map(FilePaths.display) ?? record.artifact.stored) (\(record.sizeBytes) bytes)")
                print("  sha256   \(record.digest)")
                let shown = ["roc_auc", "average_precision", "f1", "recall", "precision", "accuracy"]
                let metrics = shown.compactMap { name in holdout[name].map { "\(name) \(formatMetric($0))" } }
                if !metrics.isEmpty {
                    print("  holdout  \(metrics.joined(separator: "  ")) (\(bundle.holdout.count) rows)")
                }
                if let report {
                    print("  verified \(report.checks.map(\.name).joined(separator: ", "))")
                }
                if let aliasMove {
                    print("  alias    \(aliasMove.reference) → \(aliasMove.to)\(aliasMove.from.map { " (was \($0))" } ?? "")")
                }
            }
        }
    }
}
