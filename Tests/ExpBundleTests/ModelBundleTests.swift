import ExpCore
import ExpTestSupport
import Testing

import ExpDomain
@testable import ExpBundle

@Suite struct ModelBundleTests {
    @Test func schemaLengthMustMatchPipeline() throws {
        let pipeline = try Fixture.pipeline(.float32, imputer: false)
        var manifest = Fixture.manifest(.float32)
        manifest.inputSchema.features.removeLast()
        let error = expectError(BundleError.self) { try ModelBundle(manifest: manifest, pipeline: pipeline, features: Fixture.features(), holdout: []) }
        #expect(error == .invalidMember(member: "manifest.json", reason: "input_schema lists 5 features, the pipeline expects 6"))
        #expect(error?.description.contains("manifest.json") == true)
    }

    @Test func selectedFeatureNameMustMatchSchema() throws {
        let pipeline = try Fixture.pipeline(.float32, imputer: false)
        var features = Fixture.features()
        features.features[1].name = "roe"
        let error = expectError(BundleError.self) {
            try ModelBundle(manifest: Fixture.manifest(.float32), pipeline: pipeline, features: features, holdout: [])
        }
        guard case let .invalidMember(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "features.json")
        #expect(reason.contains("'roe'") && reason.contains("'roa'"))
    }

    @Test func selectedFeatureColumnMustMatchPipeline() throws {
        let pipeline = try Fixture.pipeline(.float32, imputer: false)
        var features = Fixture.features()
        features.features[1] = .init(name: "roe", column: 3, fScore: 1, pValue: 0.5)
        let error = expectError(BundleError.self) {
            try ModelBundle(manifest: Fixture.manifest(.float32), pipeline: pipeline, features: features, holdout: [])
        }
        guard case let .invalidMember(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "features.json" && reason.contains("column 3") && reason.contains("column 2"))
    }

    @Test(arguments: ["", "../evil", "a/b", "-x", String(repeating: "a", count: 101)])
    func invalidNamesAreRefused(name: String) throws {
        let error = expectError(BundleError.self) { try Fixture.bundle(name: name) }
        guard case let .invalidMember(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "manifest.json" && reason.contains("name"))
    }

    @Test func versionAndThresholdAreChecked() throws {
        let versionError = expectError(BundleError.self) { try Fixture.bundle(version: 0) }
        #expect(versionError?.description.contains("version must be at least 1") == true)
        let pipeline = try Fixture.pipeline(.float64, imputer: false)
        var manifest = Fixture.manifest(.float64)
        manifest.prediction.threshold = 1.5
        let error = expectError(BundleError.self) {
            try ModelBundle(manifest: manifest, pipeline: pipeline, features: Fixture.features(), holdout: [])
        }
        #expect(error?.description.contains("threshold") == true)
    }

    @Test func classNamesAreChecked() throws {
        let pipeline = try Fixture.pipeline(.float64, imputer: false)
        var manifest = Fixture.manifest(.float64)
        manifest.inputSchema.positiveClass = "solvent"
        let error = expectError(BundleError.self) {
            try ModelBundle(manifest: manifest, pipeline: pipeline, features: Fixture.features(), holdout: [])
        }
        #expect(error?.description.contains("positive_class") == true)
    }

    @Test func checksumsAreFilledIn() throws {
        let (bundle, _) = try Fixture.bundle()
        #expect(bundle.manifest.checksums.count == 5)
        #expect(bundle.manifest.checksums.values.allSatisfy { $0.count == 64 })
    }

    @Test func featureManifestFromSelector() throws {
        let selector = try SelectKBest(scores: [1, 5, .nan, 3], pValues: [0.5, 0.01, .nan, 0.1], k: 2)
        let features = try FeatureManifest(selection: selector, featureNames: ["a", "b", "c", "d"])
        #expect(features.names == ["b", "d"] && features.columns == [1, 3] && features.k == 2 && features.totalFeatures == 4)
        let error = expectError(BundleError.self) { try FeatureManifest(selection: selector, featureNames: ["a"]) }
        #expect(error?.description.contains("features.json") == true)
    }
}
