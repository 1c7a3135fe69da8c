import ExpBundle
import ExpCore
import ExpData
import ExpDomain
import ExpRunner
import Foundation

/// `exp promote`, out of the command's body: re-fit a finished trial on every development row,
/// score the holdout, write the bundle, read it back cold and re-score it, then register the
/// version and move the alias. Only the store protocols are used, so tests drive a promotion in
/// process over any backend.
///
/// Promoting a trial that is already a version of the name rebuilds the bundle and requires the
/// same bytes (nothing new is registered).
struct Promotion {
    /// Which trial: one by ID, or the best finished trial of a sweep by a metric.
    enum Choice {
        case trial(Int64)
        case best(sweep: SweepReference?, metric: String?)
    }

    var choice: Choice
    var name: String
    var alias: String?
    /// The directory bundles are written to.
    var artifacts: String
    var promotedBy: String = BundleAssembler.currentUser
    var command: String = CommandLine.arguments.joined(separator: " ")
    /// Progress lines ("re-fitting trial 3 on 4,000 rows…").
    var note: @Sendable (String) -> Void = { _ in }

    /// What a promotion did.
    struct Outcome {
        var record: ModelVersionRecord
        var bundle: ModelBundle
        /// The verification of a newly written bundle (nil when the trial was already promoted).
        var report: VerificationReport?
        var aliasMove: AliasMove?
        /// Whether the trial was already this version of the name (the rebuilt bundle is identical).
        var reused: Bool
    }

    func run(in store: any ExperimentStore) async throws -> Outcome {
        Self.removeStaleUnverified(in: artifacts)
        let detail = try await chosenTrial(in: store)
        guard detail.summary.state == .done else {
            throw CLIError("trial \(detail.summary.id) is \(detail.summary.state.rawValue); only finished trials can be promoted")
        }
        let context = try SweepContext.load(detail.sweep)
        let parameters = try detail.summary.parameters()
        let settings = PipelineSettings(parameters, featureCount: context.dataset.featureCount,
                                        threshold: context.spec.threshold)
        if context.data.holdoutRows.isEmpty {
            note("sweep \(detail.sweep.id) has no holdout split (data.holdout: 0): the bundle carries no holdout metrics")
        }
        note("re-fitting trial \(detail.summary.id) on \(context.data.developmentRows.count) development rows…")
        let model = try FinalModel.fit(context.data, settings: settings, sweepSeed: context.spec.seed,
                                       trialSeed: detail.summary.seed)
        let holdoutRows = context.dataset.features.gatheringRows(context.data.holdoutRows)

        // The same trial promoted under this name before: rebuild that version and compare.
        if let previous = try await store.modelVersions(trialID: detail.summary.id).last(where: { $0.name == name }) {
            let bundle = try BundleAssembler.bundle(name: name, version: previous.version, trial: detail,
                                                    context: context, model: model)
            let bytes = try BundleWriter.archive(bundle)
            let previousPath = try previous.bundleFile()
            let stored = FileManager.default.contents(atPath: previousPath).map { Array($0) }
            guard stored == bytes else {
                throw CLIError("""
                    trial \(detail.summary.id) is already \(name):\(previous.version), but the rebuilt bundle differs \
                    from \(FilePaths.display(previousPath))\(stored == nil ? " (the file is missing)" : ""); \
                    promote under a new name to keep both
                    """)
            }
            note("trial \(detail.summary.id) is already \(name):\(previous.version); the rebuilt bundle is byte-identical")
            let moved = try await moveAlias(in: store, version: previous.version)
            return Outcome(record: previous, bundle: bundle, report: nil, aliasMove: moved, reused: true)
        }

        let version = try await store.nextModelVersion(name: name)
        let bundle = try BundleAssembler.bundle(name: name, version: version, trial: detail, context: context, model: model)
        try Self.makeDirectory(artifacts)
        let path = FilePaths.absolute((artifacts as NSString).appendingPathComponent(bundle.fileName))
        // Write and verify under a temporary name; only a verified bundle gets its final name, so a
        // failed promotion never leaves a file under a bundle's name.
        let unverified = FilePaths.absolute((artifacts as NSString).appendingPathComponent(
            ".\(bundle.fileName).unverified-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"))
        defer { try? FileManager.default.removeItem(atPath: unverified) }
        do {
            try BundleWriter.write(bundle, to: unverified)
        } catch let error as BundleError {
            throw CLIError("cannot write \(FilePaths.display(path)): \(error)")
        }
        // Verify the file as a stranger would: read it cold and re-score the holdout rows.
        let report = BundleVerifier.verify(path: unverified, holdoutRows: holdoutRows)
        guard report.isValid else {
            throw CLIError("the bundle for \(FilePaths.display(path)) failed verification and was neither written nor registered:\n\(report)")
        }
        let file: BundleFile
        do {
            file = try BundleWriter.write(bundle, to: path)
        } catch BundleError.alreadyExists {
            if let winner = try await concurrentWinner(in: store, version: version) {
                throw CLIError("""
                    another promotion of \(name) won: it registered \(name):\(winner) while this one was running, so \
                    nothing was written or registered here; run the same exp promote again to register this trial as \
                    the next version of \(name)
                    """)
            }
            // The registry has no version \(version) of this name, yet a different file is there:
            // a promotion killed between writing its bundle and registering it, or a bundle of
            // another store sharing this directory. Never overwritten.
            throw CLIError("""
                cannot write \(FilePaths.display(path)): a different file is already there, and it is not \(name):\(version) of the store \
                \(store.location) (left by an interrupted promotion, written by one running at the same time, or written \
                for another store); bundles are never overwritten: move that file away, or pass another --artifacts directory
                """)
        } catch let error as BundleError {
            throw CLIError("cannot write \(FilePaths.display(path)): \(error)")
        }
        let record: ModelVersionRecord
        do {
            record = try await register(in: store, detail: detail, bundle: bundle, path: path, file: file, version: version)
        } catch let error as StoreError {
            guard let next = try? await store.nextModelVersion(name: name), next > version else { throw error }
            throw CLIError("""
                another promotion of \(name) won: it registered \(name):\(version) while this one was running, so this \
                trial was not registered; run the same exp promote again to register it as the next version of \(name)
                """)
        }
        let moved = try await moveAlias(in: store, version: version)
        return Outcome(record: record, bundle: bundle, report: report, aliasMove: moved, reused: false)
    }

    private func register(in store: any ExperimentStore, detail: TrialDetail, bundle: ModelBundle, path: String,
                          file: BundleFile, version: Int) async throws -> ModelVersionRecord {
        try await store.registerModelVersion(NewModelVersion(
            name: name, sweepID: detail.sweep.id, trialID: detail.summary.id, artifact: .file(path),
            digest: file.digest, sizeBytes: file.size, paramsJSON: detail.summary.paramsJSON,
            cvMetricsJSON: BundleAssembler.json(detail.summary.metrics.mapValues {
                ["mean": BundleAssembler.value($0.mean), "std": BundleAssembler.value($0.std)] as JSONValue
            }),
            holdoutMetricsJSON: BundleAssembler.json(bundle.manifest.metrics.holdout.mapValues(BundleAssembler.value)),
            promotedBy: promotedBy, command: command),
            version: version)
    }

    /// Removes the unverified bundles (`.NAME-vN.tar.gz.unverified-PID-…`, and the writer's own
    /// temporary files of them) that promotions killed on this host left behind: those whose
    /// process no longer exists. Housekeeping only; errors are ignored.
    private static func removeStaleUnverified(in artifacts: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: artifacts) else { return }
        let marker = ".unverified-"
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: marker) else { continue }
            let rest = name[range.upperBound...]
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (artifacts as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Creates the artifacts directory, with the cause in the user's words when it cannot be.
    private static func makeDirectory(_ artifacts: String) throws {
        var info = stat()
        if stat(artifacts, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CLIError("cannot write bundles into \(artifacts): it is not a directory (--artifacts names a directory)")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the artifacts directory \(artifacts): \(FileSystemMessage.reason(error, path: artifacts))")
        }
    }

    /// The version a concurrent promotion of this name registered at or after `version`, waiting
    /// briefly for one that has written its bundle but not registered it yet; nil if none did.
    private func concurrentWinner(in store: any ExperimentStore, version: Int) async throws -> Int? {
        for attempt in 0..<30 {
            let next = try await store.nextModelVersion(name: name)
            if next > version { return next - 1 }
            if attempt < 29 { try await Task.sleep(for: .milliseconds(100)) }
        }
        return nil
    }

    /// The trial to promote, with its folds and sweep.
    func chosenTrial(in store: any ExperimentStore) async throws -> TrialDetail {
        let sweepReference: SweepReference?
        let metric: String?
        switch choice {
        case let .trial(id):
            guard let detail = try await store.trial(id: id) else {
                throw CLIError("no trial \(id) in \(store.location)")
            }
            return detail
        case let .best(sweep, chosenMetric):
            sweepReference = sweep
            metric = chosenMetric
        }
        let sweepID: Int64
        if let sweepReference {
            sweepID = try await sweepReference.resolve(in: store)
        } else {
            guard let latest = try await store.sweeps().max(by: { $0.createdAt < $1.createdAt }) else {
                throw CLIError("the store \(store.location) has no sweeps")
            }
            sweepID = latest.id
        }
        guard let record = try await store.sweep(id: sweepID) else { throw CLIError("no sweep \(sweepID) in \(store.location)") }
        let counts = try await store.counts(sweepID: sweepID)
        if counts.pending + counts.running > 0 {
            note("""
                warning: sweep \(sweepID) is not finished: \(counts.pending) pending and \(counts.running) running of \
                \(plural(counts.total, "trial")) (\(counts.done) done, \(counts.failed) failed); the best is chosen among the \
                \(counts.done) done so far, and may change when the rest finish
                """)
        }
        let metricName = metric ?? record.metric
        guard let chosen = BinaryMetric(rawValue: metricName) else {
            throw CLIError("unknown metric '\(metricName)'; one of \(BinaryMetric.allCases.map(\.name).joined(separator: ", "))")
        }
        guard let best = try await store.trials(sweepID: sweepID, sortBy: metricName,
                                                descending: chosen.direction == .higherIsBetter, limit: 1,
                                                states: [.done]).first,
              let detail = try await store.trial(id: best.id) else {
            throw CLIError("sweep \(sweepID) has no finished trials to promote")
        }
        return detail
    }

    private func moveAlias(in store: any ExperimentStore, version: Int) async throws -> AliasMove? {
        guard let alias else { return nil }
        let previous = try await store.setAlias(name: name, alias: alias, version: version, by: promotedBy)
        return AliasMove(reference: "\(name)@\(alias)", from: previous, to: version)
    }
}

/// Where an alias pointed before and after a move.
struct AliasMove {
    var reference: String
    var from: Int?
    var to: Int
}
