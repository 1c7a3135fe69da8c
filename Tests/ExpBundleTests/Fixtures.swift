import ExpCore
import Foundation
import Testing

import ExpDomain
@testable import ExpBundle

/// Bundles built in code: six raw features, three selected, a small MLP in either precision.
enum Fixture {
    enum DType: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case float32, float64
        var testDescription: String { rawValue }
    }

    static let featureNames = ["current_ratio", "debt_ratio", "roa", "roe", "cash_flow", "interest_cover"]
    static let selectedColumns = [0, 2, 5]
    static let holdoutCount = 25

    /// Random raw rows; with `missing`, about one value in eight is NaN.
    static func rawRows(_ count: Int, seed: UInt64, missing: Bool) -> Matrix<Double> {
        var generator = SeededGenerator(seed: seed)
        var rows = Matrix<Double>(rows: count, columns: featureNames.count)
        for i in 0..<count {
            for j in 0..<featureNames.count {
                rows[i, j] = missing && generator.nextInt(below: 8) == 0 ? .nan : generator.normal() * Double(j + 1) + 0.5
            }
        }
        return rows
    }

    static func pipeline(_ dtype: DType, imputer useImputer: Bool, seed: UInt64 = 7) throws -> InferencePipeline {
        var training = rawRows(40, seed: seed, missing: useImputer)
        let imputer = useImputer ? try SimpleImputer.fit(training) : nil
        if let imputer { training = imputer.transform(training) }
        let scaler = try StandardScaler.fit(training.selectingColumns(selectedColumns))
        var generator = SeededGenerator(seed: seed, stream: [1])
        let sizes = [selectedColumns.count, 5, 4, 1]
        let network: TrainedNetwork = switch dtype {
        case .float32:
            .float32(MLPNetwork<Float>.glorotUniform(layerSizes: sizes, activation: .tanh, generator: &generator))
        case .float64:
            .float64(MLPNetwork<Double>.glorotUniform(layerSizes: sizes, activation: .relu, accumulation: .fused,
                                                      generator: &generator))
        }
        return try InferencePipeline(inputFeatureCount: featureNames.count, imputer: imputer,
                                     selectedIndices: selectedColumns, scaler: scaler, network: network)
    }

    static func features() -> FeatureManifest {
        FeatureManifest(
            features: [
                .init(name: "current_ratio", column: 0, fScore: 41.25, pValue: 1.5e-9),
                .init(name: "roa", column: 2, fScore: .nan, pValue: .nan),
                .init(name: "interest_cover", column: 5, fScore: .infinity, pValue: 0),
            ],
            totalFeatures: featureNames.count)
    }

    static func manifest(_ dtype: DType, name: String = "bankruptcy", version: Int = 1) -> BundleManifest {
        BundleManifest(
            identity: .init(name: name, version: version, trialID: 42, sweepID: 7),
            training: .init(
                parameters: [
                    "hidden_layer_sizes": [5, 4], "alpha": 0.0001, "activation": "tanh", "learning_rate_init": 0.001,
                    "early_stopping": true, "k_best": 3, "dtype": .string(dtype.rawValue), "resampling": nil,
                ],
                seed: 18_446_744_073_709_551_615, datasetSHA256: String(repeating: "ab", count: 32),
                datasetSource: "builtin:bankruptcy", rows: 40),
            inputSchema: .init(features: featureNames, label: "Bankrupt?", classNames: ["solvent", "bankrupt"]),
            prediction: .init(threshold: 0.35, riskLevels: .default),
            metrics: .init(cv: ["roc_auc": .init(mean: 0.91, std: 0.02), "f1": .init(mean: .nan, std: .nan)],
                           holdout: ["roc_auc": 0.9, "brier": 0.05, "precision": .nan]),
            environment: ["swift": "6.3.1", "arch": "x86_64", "gemm": "separate"])
    }

    /// A bundle and the raw holdout rows its `holdout.csv` was scored on.
    static func bundle(_ dtype: DType = .float32, imputer: Bool = false, name: String = "bankruptcy",
                       version: Int = 1, seed: UInt64 = 7) throws -> (bundle: ModelBundle, rows: Matrix<Double>) {
        let pipeline = try pipeline(dtype, imputer: imputer, seed: seed)
        let rows = rawRows(holdoutCount, seed: seed &+ 100, missing: imputer)
        let probabilities = try pipeline.predictProbabilities(rows)
        let holdout = probabilities.enumerated().map { HoldoutPrediction(rowID: 1000 + 3 * $0.offset, probability: $0.element) }
        let bundle = try ModelBundle(manifest: manifest(dtype, name: name, version: version), pipeline: pipeline,
                                     features: features(), holdout: holdout)
        return (bundle, rows)
    }

    /// The member bytes of a bundle by name.
    static func members(_ bundle: ModelBundle) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for (member, bytes) in try bundle.encodedMembers() { out[member.rawValue] = bytes }
        return out
    }

    /// `members` with `manifest.json`'s checksums recomputed for the other members (after a
    /// deliberate edit), and `edit` applied to the manifest first.
    static func fixingChecksums(_ members: [String: [UInt8]], edit: (inout BundleManifest) -> Void = { _ in })
        throws -> [String: [UInt8]]
    {
        var members = members
        var manifest = try BundleJSON.decode(BundleManifest.self, from: members["manifest.json"] ?? [], member: .manifest)
        edit(&manifest)
        var checksums: [String: String] = [:]
        for (name, bytes) in members where name != "manifest.json" { checksums[name] = SHA256.hex(bytes) }
        manifest.checksums = checksums
        members["manifest.json"] = try BundleJSON.encode(manifest, member: .manifest)
        return members
    }

    /// A JSON member decoded as a mutable dictionary, edited, and re-encoded.
    static func editJSON(_ bytes: [UInt8], _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        edit(&object)
        return [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
