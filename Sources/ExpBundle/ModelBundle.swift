import ExpDomain
import ExpCore

/// A promoted model's whole inference pipeline with its manifest: what `NAME-vVERSION.tar.gz`
/// holds, in memory.
///
/// Building one checks that the parts fit together (schema, selected features, imputer, scaler,
/// network) and records the SHA-256 of every member in ``manifest``'s `checksums`, so the value
/// is exactly what ``BundleWriter`` writes and ``BundleReader`` reads back.
///
/// ```swift
/// let bundle = try ModelBundle(manifest: manifest, pipeline: pipeline, features: features,
///                              holdout: holdout)
/// let file = try BundleWriter.write(bundle, to: "artifacts/" + bundle.fileName)
/// let again = try BundleReader.read(path: file.path)   // == bundle
/// let p = try again.pipeline.predictProbabilities(rows)
/// ```
public struct ModelBundle: Sendable, Equatable {
    /// Identity, lineage, schema, decision rule, metrics, environment, member checksums.
    public private(set) var manifest: BundleManifest
    /// Imputer (optional) → selected columns → scaler → network.
    public let pipeline: InferencePipeline
    /// The selected features in input order (`features.json`).
    public let features: FeatureManifest
    /// The holdout rows' probabilities at promotion time (`holdout.csv`), in file order.
    public let holdout: [HoldoutPrediction]

    /// A bundle from its parts. `manifest.checksums` is replaced by the checksums of the members
    /// these parts encode to.
    ///
    /// - Throws: ``BundleError`` when the parts do not fit together: an invalid name or version, an
    ///   input schema whose length differs from the pipeline's, selected features that disagree
    ///   with the pipeline's columns or the schema's names, a threshold outside [0, 1], …
    public init(manifest: BundleManifest, pipeline: InferencePipeline, features: FeatureManifest,
                holdout: [HoldoutPrediction]) throws {
        try Self.validate(manifest: manifest, pipeline: pipeline, features: features)
        var manifest = manifest
        manifest.checksums = [:]
        let members = try Self.encodeContentMembers(manifest: manifest, pipeline: pipeline, features: features,
                                                    holdout: holdout)
        var checksums: [String: String] = [:]
        for (member, bytes) in members { checksums[member.rawValue] = SHA256.hex(bytes) }
        manifest.checksums = checksums
        self.init(validated: manifest, pipeline: pipeline, features: features, holdout: holdout)
    }

    /// A bundle whose parts were already validated (by the reader, against the archive's bytes).
    init(validated manifest: BundleManifest, pipeline: InferencePipeline, features: FeatureManifest,
         holdout: [HoldoutPrediction]) {
        self.manifest = manifest
        self.pipeline = pipeline
        self.features = features
        self.holdout = holdout
    }

    /// The registry name.
    public var name: String { manifest.identity.name }
    /// The registry version.
    public var version: Int { manifest.identity.version }
    /// The bundle's file name, `NAME-vVERSION.tar.gz`.
    public var fileName: String { Self.fileName(name: name, version: version) }
    /// Predict the positive class when P(positive) ≥ threshold.
    public var threshold: Double { manifest.prediction.threshold }
    /// The low / medium / high cut points.
    public var riskBands: RiskBands { manifest.prediction.riskLevels }
    /// The raw columns a caller supplies, in training order.
    public var inputFeatureNames: [String] { manifest.inputSchema.features }
    /// The columns the model uses, in the order the network sees them.
    public var selectedFeatureNames: [String] { features.names }
    /// `[negative, positive]`.
    public var classNames: [String] { manifest.inputSchema.classNames }

    /// `NAME-vVERSION.tar.gz`.
    public static func fileName(name: String, version: Int) -> String {
        "\(name)-v\(version).tar.gz"
    }
}
