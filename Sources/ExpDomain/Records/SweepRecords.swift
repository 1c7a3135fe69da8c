import ExpCore
import Foundation

/// Whether the sweep's metric is maximised or minimised: the stored form (`max`, `min`) of the
/// numeric core's ``ExpCore/MetricDirection``.
public enum MetricGoal: String, Sendable, Hashable, Codable, CaseIterable {
    case max
    case min

    public init(_ direction: MetricDirection) {
        self = direction == .higherIsBetter ? .max : .min
    }

    public var direction: MetricDirection {
        self == .max ? .higherIsBetter : .lowerIsBetter
    }
}

/// Where a sweep ran: enough to explain a difference between two stores' results.
public struct EnvironmentFingerprint: Sendable, Hashable, Codable {
    /// The Swift compiler that built exp, e.g. "6.3".
    public var swiftVersion: String
    /// The CPU architecture, e.g. "x86_64" or "arm64".
    public var architecture: String
    /// The floating-point type of the numeric core, e.g. "Float64".
    public var floatType: String
    /// The kernel mode of the numeric core (e.g. "strict" or "fused").
    public var kernelMode: String
    /// The operating system, e.g. "Linux" with its version.
    public var operatingSystem: String

    public init(
        swiftVersion: String, architecture: String, floatType: String, kernelMode: String, operatingSystem: String
    ) {
        self.swiftVersion = swiftVersion
        self.architecture = architecture
        self.floatType = floatType
        self.kernelMode = kernelMode
        self.operatingSystem = operatingSystem
    }

    /// The fingerprint of this build on this machine.
    public static func current(kernelMode: String, floatType: String = "Float64") -> EnvironmentFingerprint {
        EnvironmentFingerprint(
            swiftVersion: compilerVersion, architecture: architecture, floatType: floatType,
            kernelMode: kernelMode,
            operatingSystem: "\(operatingSystemName) \(ProcessInfo.processInfo.operatingSystemVersionString)")
    }

    enum CodingKeys: String, CodingKey {
        case swiftVersion = "swift_version"
        case architecture
        case floatType = "float_type"
        case kernelMode = "kernel_mode"
        case operatingSystem = "operating_system"
    }

    /// Decodes leniently: a field that a future exp dropped reads as "unknown".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func field(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "unknown" }
        swiftVersion = try field(.swiftVersion)
        architecture = try field(.architecture)
        floatType = try field(.floatType)
        kernelMode = try field(.kernelMode)
        operatingSystem = try field(.operatingSystem)
    }

    /// The JSON stored in the store: keys sorted, so equal fingerprints give equal bytes.
    package func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    package static func decode(json: String) -> EnvironmentFingerprint {
        (try? JSONDecoder().decode(EnvironmentFingerprint.self, from: Data(json.utf8)))
            ?? EnvironmentFingerprint(
                swiftVersion: "unknown", architecture: "unknown", floatType: "unknown", kernelMode: "unknown",
                operatingSystem: "unknown")
    }

    private static var compilerVersion: String {
        #if compiler(>=6.6)
            ">=6.6"
        #elseif compiler(>=6.5)
            "6.5"
        #elseif compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #else
            "<6.2"
        #endif
    }

    private static var architecture: String {
        #if arch(x86_64)
            "x86_64"
        #elseif arch(arm64)
            "arm64"
        #else
            "other"
        #endif
    }

    private static var operatingSystemName: String {
        #if os(Linux)
            "Linux"
        #elseif os(macOS)
            "macOS"
        #else
            "other"
        #endif
    }
}

/// A sweep to create, or to find again when the same command runs twice.
///
/// Two sweeps with the same `name`, `specHash` and `datasetSHA256` are the same sweep: running
/// the command again resumes it.
public struct NewSweep: Sendable, Hashable {
    public var name: String
    /// A hash of the canonical spec.
    public var specHash: String
    /// The spec itself, to re-run the sweep from the store alone (`exp sweep --resume ID`).
    public var specJSON: String
    /// SHA-256 of the dataset bytes, hex.
    public var datasetSHA256: String
    /// What the data is (a path, or "built-in bankruptcy, seed 7"), for people.
    public var datasetDescription: String
    /// A hash of the fold assignment (which row is in which test fold).
    public var foldHash: String
    /// The sweep seed from which trial seeds are derived.
    public var seed: UInt64
    /// The metric that ranks the trials, and whether larger or smaller is better.
    public var metric: String
    public var metricGoal: MetricGoal
    /// The version of exp that created the sweep.
    public var expVersion: String
    public var environment: EnvironmentFingerprint
    /// The command line that created the sweep.
    public var command: String

    public init(
        name: String, specHash: String, specJSON: String, datasetSHA256: String, datasetDescription: String,
        foldHash: String, seed: UInt64, metric: String, metricGoal: MetricGoal, expVersion: String,
        environment: EnvironmentFingerprint, command: String
    ) {
        self.name = name
        self.specHash = specHash
        self.specJSON = specJSON
        self.datasetSHA256 = datasetSHA256
        self.datasetDescription = datasetDescription
        self.foldHash = foldHash
        self.seed = seed
        self.metric = metric
        self.metricGoal = metricGoal
        self.expVersion = expVersion
        self.environment = environment
        self.command = command
    }
}

/// A stored sweep with its provenance.
public struct SweepRecord: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var specHash: String
    public var specJSON: String
    public var datasetSHA256: String
    public var datasetDescription: String
    public var foldHash: String
    public var seed: UInt64
    public var metric: String
    public var metricGoal: MetricGoal
    public var expVersion: String
    public var environment: EnvironmentFingerprint
    public var command: String
    /// Unix seconds.
    public var createdAt: Double

    package init(id: Int64, name: String, specHash: String, specJSON: String, datasetSHA256: String, datasetDescription: String, foldHash: String, seed: UInt64, metric: String, metricGoal: MetricGoal, expVersion: String, environment: EnvironmentFingerprint, command: String, createdAt: Double) {
        self.id = id
        self.name = name
        self.specHash = specHash
        self.specJSON = specJSON
        self.datasetSHA256 = datasetSHA256
        self.datasetDescription = datasetDescription
        self.foldHash = foldHash
        self.seed = seed
        self.metric = metric
        self.metricGoal = metricGoal
        self.expVersion = expVersion
        self.environment = environment
        self.command = command
        self.createdAt = createdAt
    }
}

/// How many trials of a sweep are in each state.
public struct TrialCounts: Sendable, Hashable {
    public var pending = 0
    public var running = 0
    public var done = 0
    public var failed = 0

    public var total: Int { pending + running + done + failed }

    public init(pending: Int = 0, running: Int = 0, done: Int = 0, failed: Int = 0) {
        self.pending = pending
        self.running = running
        self.done = done
        self.failed = failed
    }
}

/// One line of `exp sweeps list`.
public struct SweepSummary: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var metric: String
    public var metricGoal: MetricGoal
    /// Unix seconds.
    public var createdAt: Double
    public var counts: TrialCounts
    /// The best mean of the sweep's metric over finished trials (NaN means are ignored).
    public var bestValue: Double?
    /// The trial with ``bestValue`` (the lowest trial id among ties).
    public var bestTrialID: Int64?

    package init(id: Int64, name: String, metric: String, metricGoal: MetricGoal, createdAt: Double, counts: TrialCounts, bestValue: Double? = nil, bestTrialID: Int64? = nil) {
        self.id = id
        self.name = name
        self.metric = metric
        self.metricGoal = metricGoal
        self.createdAt = createdAt
        self.counts = counts
        self.bestValue = bestValue
        self.bestTrialID = bestTrialID
    }
}
