import ArgumentParser
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
            guard NewModelVersion.isValidName(name) else {
                throw ValidationError("invalid model name '\(name)': use letters, digits, '.', '_' or '-'")
            }
            if let alias, !NewModelVersion.isValidName(alias) {
                throw ValidationError("invalid alias '\(alias)': use letters, digits, '.', '_' or '-'")
            }
        }

        func run() async throws {
            do {
                try execute()
            } catch let error as any Error & CustomStringConvertible {
                Console.error(error.description)
                throw ExitCode(1)
            }
        }

        func execute() throws {
            guard FileManager.default.fileExists(atPath: storeOptions.path) else {
                throw CLIError("there is no store at \(storeOptions.path); run `exp sweep` first")
            }
            let store = try storeOptions.open()
            let detail = try resolveTrial(store)
            guard detail.summary.state == .done else {
                throw CLIError("trial \(detail.summary.id) is \(detail.summary.state.rawValue); only finished trials can be promoted")
            }
            let context = try SweepContext.load(detail.sweep)
            let parameters: TrialParameters
            do {
                parameters = try JSONDecoder().decode(TrialParameters.self, from: Data(detail.summary.paramsJSON.utf8))
            } catch {
                throw CLIError("trial \(detail.summary.id) has unreadable parameters: \(error)")
            }
            let settings = PipelineSettings(parameters, featureCount: context.dataset.featureCount,
                                            threshold: context.spec.threshold)
            if context.data.holdoutRows.isEmpty {
                Console.note("sweep \(detail.sweep.id) has no holdout split (data.holdout: 0): the bundle carries no holdout metrics")
            }
            Console.note("re-fitting trial \(detail.summary.id) on \(context.data.developmentRows.count) development rows…")
            let model = try FinalModel.fit(context.data, settings: settings, sweepSeed: context.spec.seed,
                                           trialSeed: detail.summary.seed)
            let holdoutRows = context.dataset.features.gatheringRows(context.data.holdoutRows)

            // The same trial promoted under this name before: rebuild that version and compare.
            if let previous = try store.modelVersions(trialID: detail.summary.id).last(where: { $0.name == name }) {
                let bundle = try BundleAssembler.bundle(name: name, version: previous.version, trial: detail,
                                                        context: context, model: model)
                let bytes = try BundleWriter.archive(bundle)
                let stored = FileManager.default.contents(atPath: previous.bundlePath).map { Array($0) }
                guard stored == bytes else {
                    throw CLIError("""
                        trial \(detail.summary.id) is already \(name):\(previous.version), but the rebuilt bundle differs \
                        from \(FilePaths.display(previous.bundlePath))\(stored == nil ? " (the file is missing)" : ""); \
                        promote under a new name to keep both
                        """)
                }
                Console.note("trial \(detail.summary.id) is already \(name):\(previous.version); the rebuilt bundle is byte-identical")
                let moved = try alias.map { _ in try moveAlias(store, version: previous.version) }
                try printResult(record: previous, bundle: bundle, report: nil, aliasMove: moved, reused: true)
                return
            }

            let version = try store.nextModelVersion(name: name)
            let bundle = try BundleAssembler.bundle(name: name, version: version, trial: detail, context: context,
                                                    model: model)
            try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
            let path = FilePaths.absolute((artifacts as NSString).appendingPathComponent(bundle.fileName))
            let file: BundleFile
            do {
                file = try BundleWriter.write(bundle, to: path)
            } catch BundleError.alreadyExists {
                // The registry has no version \(version) of this name, yet a different file is there:
                // a promotion killed between writing its bundle and registering it, one running at
                // this moment, or a bundle of another store sharing this directory. Never
                // overwritten.
                throw CLIError("""
                    cannot write \(FilePaths.display(path)): a different file is already there, and it is not \(name):\(version) of the store \
                    \(store.path) (left by an interrupted promotion, written by one running at the same time, or written \
                    for another store); bundles are never overwritten: move that file away, or pass another --artifacts directory
                    """)
            } catch let error as BundleError {
                throw CLIError("cannot write \(FilePaths.display(path)): \(error)")
            }
            // Verify the file as a stranger would: read it cold and re-score the holdout rows.
            let report = BundleVerifier.verify(path: path, holdoutRows: holdoutRows)
            guard report.isValid else {
                throw CLIError("the bundle \(FilePaths.display(path)) failed verification and was not registered:\n\(report)")
            }
            let record = try store.registerModelVersion(NewModelVersion(
                name: name, sweepID: detail.sweep.id, trialID: detail.summary.id, bundlePath: path,
                digest: file.digest, sizeBytes: file.size, paramsJSON: detail.summary.paramsJSON,
                cvMetricsJSON: BundleAssembler.json(detail.summary.metrics.mapValues {
                    ["mean": BundleAssembler.value($0.mean), "std": BundleAssembler.value($0.std)] as JSONValue
                }),
                holdoutMetricsJSON: BundleAssembler.json(bundle.manifest.metrics.holdout.mapValues(BundleAssembler.value)),
                promotedBy: BundleAssembler.currentUser, command: CommandLine.arguments.joined(separator: " ")),
                version: version)
            let moved = try alias.map { _ in try moveAlias(store, version: version) }
            try printResult(record: record, bundle: bundle, report: report, aliasMove: moved, reused: false)
        }

        private func resolveTrial(_ store: ExperimentStore) throws -> TrialDetail {
            if let trial {
                guard let detail = try store.trial(id: trial) else {
                    throw CLIError("no trial \(trial) in \(store.path)")
                }
                return detail
            }
            let sweepID: Int64
            if let sweep {
                sweepID = try sweep.resolve(in: store)
            } else {
                guard let latest = try store.sweeps().last else { throw CLIError("the store \(store.path) has no sweeps") }
                sweepID = latest.id
            }
            guard let record = try store.sweep(id: sweepID) else { throw CLIError("no sweep \(sweepID) in \(store.path)") }
            let metricName = metric ?? record.metric
            guard let chosen = BinaryMetric(rawValue: metricName) else {
                throw CLIError("unknown metric '\(metricName)'; one of \(BinaryMetric.allCases.map(\.name).joined(separator: ", "))")
            }
            guard let best = try store.trials(sweepID: sweepID, sortBy: metricName,
                                              descending: chosen.direction == .higherIsBetter, limit: 1,
                                              states: [.done]).first,
                  let detail = try store.trial(id: best.id) else {
                throw CLIError("sweep \(sweepID) has no finished trials to promote")
            }
            return detail
        }

        private func moveAlias(_ store: ExperimentStore, version: Int) throws -> AliasMove {
            let alias = self.alias ?? ""
            let previous = try store.setAlias(name: name, alias: alias, version: version, by: BundleAssembler.currentUser)
            return AliasMove(reference: "\(name)@\(alias)", from: previous, to: version)
        }

        private func printResult(record: ModelVersionRecord, bundle: ModelBundle, report: VerificationReport?,
                                 aliasMove: AliasMove?, reused: Bool) throws {
            let holdout = bundle.manifest.metrics.holdout
            switch format {
            case .json:
                var object: [String: Any] = [
                    "name": record.name, "version": record.version, "bundle": record.bundlePath,
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
                print("  bundle   \(FilePaths.display(record.bundlePath)) (\(record.sizeBytes) bytes)")
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

/// Where an alias pointed before and after a move.
struct AliasMove {
    var reference: String
    var from: Int?
    var to: Int
}
