import ExpDomain
import ExpCore

/// Verifies a bundle before it is trusted (promotion, serving): checksums, schema, a cold reload
/// of the pipeline from the archive bytes, and, given the raw holdout rows, a re-score that must
/// reproduce `holdout.csv` bit for bit.
///
/// ```swift
/// let report = BundleVerifier.verify(path: file.path, holdoutRows: holdoutRows)
/// if !report.isValid { throw … }   // report.description lists every check
/// ```
public enum BundleVerifier {
    /// Names of the checks, as they appear in a ``VerificationReport``.
    public enum CheckName {
        public static let archive = "archive"
        public static let checksums = "checksums"
        public static let schema = "schema"
        public static let coldReload = "cold reload"
        public static let finiteParameters = "finite parameters"
        public static let holdoutProbabilities = "holdout probabilities"
        public static let holdoutRescore = "holdout re-score"
    }

    /// Data-free verification: checksums, schema, cold reload, finite parameters, and holdout
    /// probabilities that are distinct rows with values in [0, 1].
    public static func verify(_ bundle: ModelBundle) -> VerificationReport {
        VerificationReport(checks: structuralChecks(bundle).checks)
    }

    /// Full verification: the data-free checks, then the pipeline reloaded cold from the archive
    /// bytes re-scores `holdoutRows` (raw features in input-schema order, one row per line of
    /// `holdout.csv`, in the same order) and must reproduce every stored probability bit for bit.
    ///
    /// - Parameter threads: Threads for scoring; the probabilities do not depend on it.
    public static func verify(_ bundle: ModelBundle, holdoutRows: Matrix<Double>, threads: Int = 1)
        -> VerificationReport
    {
        let (checks, reloaded) = structuralChecks(bundle)
        return VerificationReport(
            checks: checks + [rescore(reloaded ?? bundle, stored: bundle.holdout, rows: holdoutRows, threads: threads)])
    }

    /// Verifies the bundle file at `path`: reading it checks the archive, every checksum and the
    /// schema; then the checks of ``verify(_:)``, and the re-score when `holdoutRows` is given.
    public static func verify(path: String, holdoutRows: Matrix<Double>? = nil,
                              limits: BundleReader.Limits = .default) -> VerificationReport {
        let loaded: LoadedBundle
        do {
            loaded = try BundleReader.load(path: path, limits: limits)
        } catch {
            return VerificationReport(checks: [.init(name: CheckName.archive, passed: false, detail: "\(error)")])
        }
        let read = VerificationReport.Check(
            name: CheckName.archive, passed: true,
            detail: "\(loaded.file.size) bytes, sha256 \(loaded.file.digest); members complete, checksums match")
        let rest = holdoutRows.map { verify(loaded.bundle, holdoutRows: $0) } ?? verify(loaded.bundle)
        return VerificationReport(checks: [read] + rest.checks)
    }

    // MARK: Checks

    /// The data-free checks, and the bundle as reloaded from its own archive bytes (nil if that failed).
    private static func structuralChecks(_ bundle: ModelBundle) -> (checks: [VerificationReport.Check], reloaded: ModelBundle?) {
        var checks: [VerificationReport.Check] = []
        checks.append(checksums(bundle))
        do {
            try ModelBundle.validate(manifest: bundle.manifest, pipeline: bundle.pipeline, features: bundle.features)
            checks.append(.init(name: CheckName.schema, passed: true, detail: "\(bundle.inputFeatureNames.count) input "
                + "features, \(bundle.features.k) selected; names and columns agree with the pipeline"))
        } catch {
            checks.append(.init(name: CheckName.schema, passed: false, detail: "\(error)"))
        }
        var reloaded: ModelBundle?
        do {
            let bytes = try BundleWriter.archive(bundle)
            let again = try BundleReader.read(bytes: bytes)
            reloaded = again
            let same = again.pipeline == bundle.pipeline && again.features == bundle.features
                && again.holdout == bundle.holdout
            checks.append(.init(
                name: CheckName.coldReload, passed: same,
                detail: same ? "the \(bytes.count)-byte archive reloads to an identical pipeline"
                    : "the pipeline reloaded from the archive differs from the bundle's"))
        } catch {
            checks.append(.init(name: CheckName.coldReload, passed: false, detail: "\(error)"))
        }
        checks.append(finiteParameters(bundle.pipeline))
        checks.append(holdoutProbabilities(bundle.holdout, claimedMetrics: bundle.manifest.metrics.holdout))
        return (checks, reloaded)
    }

    /// The members re-encode to the checksums recorded in the manifest.
    private static func checksums(_ bundle: ModelBundle) -> VerificationReport.Check {
        let name = CheckName.checksums
        let members: [(member: BundleMember, bytes: [UInt8])]
        do {
            members = try bundle.encodedMembers()
        } catch {
            return .init(name: name, passed: false, detail: "\(error)")
        }
        var recorded = bundle.manifest.checksums
        for (member, bytes) in members where member != .manifest {
            let actual = SHA256.hex(bytes)
            guard let expected = recorded.removeValue(forKey: member.rawValue) else {
                return .init(name: name, passed: false, detail: "manifest.json has no checksum for '\(member.rawValue)'")
            }
            guard expected == actual else {
                return .init(name: name, passed: false, detail: "'\(member.rawValue)' has sha256 \(actual), manifest.json "
                    + "records \(expected)")
            }
        }
        if let extra = recorded.keys.sorted().first {
            return .init(name: name, passed: false, detail: "manifest.json records a checksum for absent member '\(extra)'")
        }
        return .init(name: name, passed: true, detail: "\(members.count - 1) members match manifest.json")
    }

    private static func finiteParameters(_ pipeline: InferencePipeline) -> VerificationReport.Check {
        let name = CheckName.finiteParameters
        guard pipeline.network.isFinite else {
            return .init(name: name, passed: false, detail: "the network has non-finite weights or biases")
        }
        let scaler = pipeline.scaler
        guard scaler.mean.allSatisfy(\.isFinite), scaler.scale.allSatisfy({ $0.isFinite && $0 > 0 }),
              scaler.variance.allSatisfy(\.isFinite) else {
            return .init(name: name, passed: false, detail: "the scaler has a non-finite statistic or a non-positive scale")
        }
        if let imputer = pipeline.imputer, !imputer.statistics.allSatisfy(\.isFinite) {
            return .init(name: name, passed: false, detail: "the imputer has a non-finite statistic")
        }
        return .init(name: name, passed: true, detail: "\(pipeline.network.parameterCount) network parameters and every "
            + "preprocessing statistic are finite")
    }

    private static func holdoutProbabilities(_ holdout: [HoldoutPrediction], claimedMetrics: [String: Double])
        -> VerificationReport.Check
    {
        let name = CheckName.holdoutProbabilities
        guard !holdout.isEmpty else {
            // A sweep with `data.holdout: 0` has no holdout: fine, as long as no holdout metric is claimed.
            guard claimedMetrics.isEmpty else {
                return .init(name: name, passed: false, detail: "holdout.csv has no rows, yet the manifest reports holdout "
                    + "metrics (\(claimedMetrics.keys.sorted().joined(separator: ", ")))")
            }
            return .init(name: name, passed: true, detail: "no holdout split (data.holdout: 0): no holdout rows or metrics to check")
        }
        var seen = Set<Int>()
        for row in holdout {
            guard seen.insert(row.rowID).inserted else {
                return .init(name: name, passed: false, detail: "row_id \(row.rowID) appears more than once in holdout.csv")
            }
            guard row.probability >= 0, row.probability <= 1 else {
                return .init(name: name, passed: false, detail: "row_id \(row.rowID) has probability \(row.probability), "
                    + "outside [0, 1]")
            }
        }
        return .init(name: name, passed: true, detail: "\(holdout.count) distinct rows, every probability in [0, 1]")
    }

    /// Re-scores the raw holdout rows and compares bit for bit.
    private static func rescore(_ bundle: ModelBundle, stored: [HoldoutPrediction], rows: Matrix<Double>, threads: Int)
        -> VerificationReport.Check
    {
        let name = CheckName.holdoutRescore
        guard rows.rows == stored.count else {
            return .init(name: name, passed: false, detail: "\(rows.rows) holdout rows supplied, holdout.csv has "
                + "\(stored.count)")
        }
        let probabilities: [Double]
        do {
            probabilities = try bundle.pipeline.predictProbabilities(rows, threads: threads)
        } catch {
            return .init(name: name, passed: false, detail: "cannot score the holdout rows: \(error)")
        }
        var mismatches = 0
        var first: (rowID: Int, stored: Double, computed: Double)?
        var largest = 0.0
        for (row, p) in zip(stored, probabilities) where row.probability.bitPattern != p.bitPattern {
            mismatches += 1
            if first == nil { first = (row.rowID, row.probability, p) }
            let difference = abs(row.probability - p)
            if difference > largest || difference.isNaN { largest = difference }
        }
        guard let first else {
            return .init(name: name, passed: true, detail: "\(stored.count) probabilities reproduced bit for bit")
        }
        return .init(name: name, passed: false, detail: "\(mismatches) of \(stored.count) probabilities differ (largest "
            + "difference \(largest)); first at row_id \(first.rowID): stored \(first.stored), recomputed \(first.computed)")
    }
}
