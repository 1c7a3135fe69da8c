import ExpDomain
import ExpCore

extension ModelBundle {
    /// Checks that the manifest, the pipeline and the feature manifest describe the same model.
    /// - Throws: ``BundleError/unsupportedFormat(reason:)`` or
    ///   ``BundleError/invalidMember(member:reason:)`` naming the member at fault.
    static func validate(manifest: BundleManifest, pipeline: InferencePipeline, features: FeatureManifest) throws {
        try validateFormat(format: manifest.format, version: manifest.formatVersion)
        let manifestMember = BundleMember.manifest.rawValue
        func invalidManifest(_ reason: String) -> BundleError { .invalidMember(member: manifestMember, reason: reason) }
        func invalidFeatures(_ reason: String) -> BundleError {
            .invalidMember(member: BundleMember.features.rawValue, reason: reason)
        }

        let identity = manifest.identity
        guard ResourceName.isValid(identity.name, as: .model) else {
            throw invalidManifest("name '\(identity.name)' must be a letter or digit followed by letters, digits, "
                + "'.', '_' or '-' (at most 100 characters)")
        }
        guard identity.version >= 1 else { throw invalidManifest("version must be at least 1, got \(identity.version)") }

        let schema = manifest.inputSchema
        guard schema.features.count == pipeline.inputFeatureCount else {
            throw invalidManifest("input_schema lists \(schema.features.count) features, "
                + "the pipeline expects \(pipeline.inputFeatureCount)")
        }
        if let empty = schema.features.firstIndex(where: \.isEmpty) {
            throw invalidManifest("input_schema feature \(empty) has an empty name")
        }
        var seen = Set<String>()
        if let duplicate = schema.features.first(where: { !seen.insert($0).inserted }) {
            throw invalidManifest("input_schema lists feature '\(duplicate)' more than once")
        }
        guard schema.classNames.count == 2, schema.classNames[0] != schema.classNames[1] else {
            throw invalidManifest("class_names must be two distinct names [negative, positive], got \(schema.classNames)")
        }
        guard schema.positiveClass == schema.classNames[1] else {
            throw invalidManifest("positive_class '\(schema.positiveClass)' must be the second class name "
                + "'\(schema.classNames[1])'")
        }
        let threshold = manifest.prediction.threshold
        guard threshold.isFinite, threshold >= 0, threshold <= 1 else {
            throw invalidManifest("prediction threshold must lie in [0, 1], got \(threshold)")
        }
        guard manifest.training.rows >= 0 else { throw invalidManifest("training rows must not be negative") }

        guard features.k == features.features.count else {
            throw invalidFeatures("k is \(features.k) but \(features.features.count) features are listed")
        }
        guard features.totalFeatures == schema.features.count else {
            throw invalidFeatures("total_features is \(features.totalFeatures), the input schema has "
                + "\(schema.features.count) features")
        }
        guard features.features.count == pipeline.selectedCount else {
            throw invalidFeatures("\(features.features.count) features are listed, the model uses "
                + "\(pipeline.selectedCount)")
        }
        for (i, feature) in features.features.enumerated() {
            guard feature.column == pipeline.selectedIndices[i] else {
                throw invalidFeatures("feature \(i) '\(feature.name)' is column \(feature.column), the model uses "
                    + "column \(pipeline.selectedIndices[i])")
            }
            guard feature.name == schema.features[feature.column] else {
                throw invalidFeatures("feature \(i) is named '\(feature.name)' but input_schema column "
                    + "\(feature.column) is '\(schema.features[feature.column])'")
            }
        }
    }

    /// - Throws: ``BundleError/unsupportedFormat(reason:)`` unless `exp-bundle` version 1.
    static func validateFormat(format: String, version: Int) throws {
        guard format == BundleManifest.formatName else {
            throw BundleError.unsupportedFormat(
                reason: "manifest.json format is '\(format)', expected '\(BundleManifest.formatName)'")
        }
        guard version == BundleManifest.currentFormatVersion else {
            throw BundleError.unsupportedFormat(
                reason: "manifest.json format_version is \(version); this build of exp reads version "
                    + "\(BundleManifest.currentFormatVersion) only (a newer exp may read it)")
        }
    }
}
