/// A model version to register: the promoted bundle and where it came from.
public struct NewModelVersion: Sendable, Equatable {
    public var name: String
    public var sweepID: Int64?
    public var trialID: Int64?
    /// Where the bundle is (today a file written by `exp promote`, usually under `artifacts/`).
    public var artifact: ArtifactReference
    /// SHA-256 of the bundle file, hexadecimal.
    public var digest: String
    public var sizeBytes: Int
    /// The trial's parameters, canonical JSON.
    public var paramsJSON: String
    /// `{"metric": {"mean": m, "std": s}, …}` over the cross-validation folds.
    public var cvMetricsJSON: String
    /// `{"metric": value, …}` on the holdout split.
    public var holdoutMetricsJSON: String
    /// Who promoted it (user@host).
    public var promotedBy: String
    /// The command line.
    public var command: String

    public init(name: String, sweepID: Int64?, trialID: Int64?, artifact: ArtifactReference, digest: String, sizeBytes: Int,
                paramsJSON: String, cvMetricsJSON: String, holdoutMetricsJSON: String, promotedBy: String,
                command: String) {
        self.name = name
        self.sweepID = sweepID
        self.trialID = trialID
        self.artifact = artifact
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.paramsJSON = paramsJSON
        self.cvMetricsJSON = cvMetricsJSON
        self.holdoutMetricsJSON = holdoutMetricsJSON
        self.promotedBy = promotedBy
        self.command = command
    }
}

/// A registered, immutable model version with its promotion record and current aliases.
public struct ModelVersionRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var version: Int
    public var sweepID: Int64?
    public var trialID: Int64?
    public var artifact: ArtifactReference
    public var digest: String
    public var sizeBytes: Int
    public var paramsJSON: String
    public var cvMetricsJSON: String
    public var holdoutMetricsJSON: String
    public var promotedBy: String
    /// Unix seconds.
    public var promotedAt: Double
    public var command: String
    /// The aliases that point at this version now, sorted.
    public var aliases: [String]

    package init(id: Int64, name: String, version: Int, sweepID: Int64? = nil, trialID: Int64? = nil, artifact: ArtifactReference, digest: String, sizeBytes: Int, paramsJSON: String, cvMetricsJSON: String, holdoutMetricsJSON: String, promotedBy: String, promotedAt: Double, command: String, aliases: [String]) {
        self.id = id
        self.name = name
        self.version = version
        self.sweepID = sweepID
        self.trialID = trialID
        self.artifact = artifact
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.paramsJSON = paramsJSON
        self.cvMetricsJSON = cvMetricsJSON
        self.holdoutMetricsJSON = holdoutMetricsJSON
        self.promotedBy = promotedBy
        self.promotedAt = promotedAt
        self.command = command
        self.aliases = aliases
    }
}

/// One model name in the registry.
public struct ModelSummary: Sendable, Equatable {
    public var name: String
    public var versionCount: Int
    public var latestVersion: Int
    /// Unix seconds of the latest promotion.
    public var latestPromotedAt: Double
    /// Alias → version, sorted by alias.
    public var aliases: [(alias: String, version: Int)]

    public static func == (lhs: ModelSummary, rhs: ModelSummary) -> Bool {
        lhs.name == rhs.name && lhs.versionCount == rhs.versionCount && lhs.latestVersion == rhs.latestVersion
            && lhs.latestPromotedAt == rhs.latestPromotedAt
            && lhs.aliases.map(\.alias) == rhs.aliases.map(\.alias)
            && lhs.aliases.map(\.version) == rhs.aliases.map(\.version)
    }

    package init(name: String, versionCount: Int, latestVersion: Int, latestPromotedAt: Double, aliases: [(alias: String, version: Int)]) {
        self.name = name
        self.versionCount = versionCount
        self.latestVersion = latestVersion
        self.latestPromotedAt = latestPromotedAt
        self.aliases = aliases
    }
}

/// How a model version is named on the command line: `NAME` (latest), `NAME:VERSION` or
/// `NAME@ALIAS`.
public enum ModelReference: Sendable, Equatable, CustomStringConvertible {
    case latest(name: String)
    case version(name: String, version: Int)
    case alias(name: String, alias: String)

    /// Parses `NAME`, `NAME:VERSION` or `NAME@ALIAS`; `nil` when it is none of them.
    public init?(_ text: String) {
        if let at = text.firstIndex(of: "@") {
            let name = String(text[..<at]), alias = String(text[text.index(after: at)...])
            guard ResourceName.isValid(name, as: .model), ResourceName.isValid(alias, as: .alias) else { return nil }
            self = .alias(name: name, alias: alias)
        } else if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon])
            guard ResourceName.isValid(name, as: .model), let version = Int(text[text.index(after: colon)...]), version >= 1
            else { return nil }
            self = .version(name: name, version: version)
        } else {
            guard ResourceName.isValid(text, as: .model) else { return nil }
            self = .latest(name: text)
        }
    }

    public var name: String {
        switch self {
        case let .latest(name), let .version(name, _), let .alias(name, _): name
        }
    }

    public var description: String {
        switch self {
        case let .latest(name): name
        case let .version(name, version): "\(name):\(version)"
        case let .alias(name, alias): "\(name)@\(alias)"
        }
    }
}
