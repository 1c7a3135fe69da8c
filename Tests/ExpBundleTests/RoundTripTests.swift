import ExpCore
import Foundation
import Testing

import ExpDomain
@testable import ExpBundle

@Suite struct RoundTripTests {
    @Test(arguments: Fixture.DType.allCases, [false, true])
    func writeReadIsIdentical(dtype: Fixture.DType, imputer: Bool) throws {
        let (bundle, rows) = try Fixture.bundle(dtype, imputer: imputer)
        let bytes = try BundleWriter.archive(bundle)
        let again = try BundleReader.read(bytes: bytes)
        #expect(again == bundle)
        #expect(again.pipeline.network.dtypeName == dtype.rawValue)
        #expect((again.pipeline.imputer != nil) == imputer)
        // The reloaded pipeline scores every row exactly as the original did, and as holdout.csv says.
        let before = try bundle.pipeline.predictProbabilities(rows)
        let after = try again.pipeline.predictProbabilities(rows)
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
        #expect(again.holdout.map(\.probability.bitPattern) == after.map(\.bitPattern))
        // Writing the reloaded bundle gives the same bytes.
        #expect(try BundleWriter.archive(again) == bytes)
    }

    @Test(arguments: Fixture.DType.allCases)
    func weightsReloadBitIdentical(dtype: Fixture.DType) throws {
        let (bundle, _) = try Fixture.bundle(dtype)
        let again = try BundleReader.read(bytes: try BundleWriter.archive(bundle))
        switch (bundle.pipeline.network, again.pipeline.network) {
        case let (.float32(a), .float32(b)):
            #expect(a.weights.flatMap(\.elements).map(\.bitPattern) == b.weights.flatMap(\.elements).map(\.bitPattern))
            #expect(a.biases.flatMap { $0 }.map(\.bitPattern) == b.biases.flatMap { $0 }.map(\.bitPattern))
            #expect(a.accumulation == b.accumulation && a.activation == b.activation)
        case let (.float64(a), .float64(b)):
            #expect(a.weights.flatMap(\.elements).map(\.bitPattern) == b.weights.flatMap(\.elements).map(\.bitPattern))
            #expect(a.biases.flatMap { $0 }.map(\.bitPattern) == b.biases.flatMap { $0 }.map(\.bitPattern))
            #expect(a.accumulation == .fused && b.accumulation == .fused)
        default:
            Issue.record("dtype changed in the round trip")
        }
    }

    @Test func sameInputsGiveSameBytes() throws {
        let first = try BundleWriter.archive(try Fixture.bundle(.float32, imputer: true).bundle)
        let second = try BundleWriter.archive(try Fixture.bundle(.float32, imputer: true).bundle)
        #expect(first == second)
        #expect(SHA256.hex(first) == SHA256.hex(second))
        // A different model gives different bytes.
        let other = try BundleWriter.archive(try Fixture.bundle(.float32, imputer: true, seed: 8).bundle)
        #expect(other != first)
    }

    @Test func gzipHeaderIsFixed() throws {
        let bytes = try BundleWriter.archive(try Fixture.bundle().bundle)
        // ID1 ID2 CM=deflate FLG=0 (no name, comment, extra, hcrc) MTIME=0 XFL=2 (level 9) OS=3.
        #expect(Array(bytes.prefix(10)) == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3])
    }

    @Test func membersAreSortedAndComplete() throws {
        let withImputer = try BundleReader.read(bytes: try BundleWriter.archive(try Fixture.bundle(imputer: true).bundle))
        let tar = try Gzip.decompress(try BundleWriter.archive(withImputer), limit: 1 << 26)
        let names = try TarArchive.read(tar, maxMemberBytes: 1 << 26, maxTotalBytes: 1 << 26, maxMembers: 64).map(\.name)
        #expect(names == ["MODEL.md", "features.json", "holdout.csv", "imputer.json", "manifest.json", "model.json",
                          "scaler.json"])
        let without = try Fixture.members(try Fixture.bundle(imputer: false).bundle)
        #expect(without["imputer.json"] == nil)
        #expect(without.count == 6)
    }

    @Test func manifestLayout() throws {
        let (bundle, _) = try Fixture.bundle(.float32, imputer: true)
        let members = try Fixture.members(bundle)
        let text = String(decoding: try #require(members["manifest.json"]), as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains(#""format" : "exp-bundle""#))
        #expect(text.contains(#""format_version" : 1"#))
        #expect(!text.contains("created_"))
        // NaN metrics are null; a UInt64 seed is exact; sorted keys.
        #expect(text.contains(#""precision" : null"#))
        #expect(text.contains(#""seed" : 18446744073709551615"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "format_version", "identity", "training", "input_schema", "prediction",
                                     "metrics", "environment", "checksums"])
        let checksums = try #require(object["checksums"] as? [String: String])
        #expect(Set(checksums.keys) == ["MODEL.md", "features.json", "holdout.csv", "imputer.json", "model.json",
                                        "scaler.json"])
        for (name, digest) in checksums { #expect(SHA256.hex(members[name] ?? []) == digest) }
        let schema = try #require(object["input_schema"] as? [String: Any])
        #expect(schema["class_names"] as? [String] == ["solvent", "bankrupt"])
        #expect(schema["positive_class"] as? String == "bankrupt")
        let identity = try #require(object["identity"] as? [String: Any])
        #expect(identity["trial_id"] as? Int == 42 && identity["sweep_id"] as? Int == 7)
    }

    @Test func modelJSONWritesFloatWeightsAsFloat() throws {
        let (bundle, _) = try Fixture.bundle(.float32)
        let text = String(decoding: try #require(try Fixture.members(bundle)["model.json"]), as: UTF8.self)
        #expect(text.contains(#""dtype" : "float32""#))
        #expect(text.contains(#""layer_sizes" : ["#))
        guard case let .float32(network) = bundle.pipeline.network else { throw Failure("expected float32") }
        for w in network.weights[0].elements.prefix(5) {
            #expect(text.contains(w.description))
            if Double(w).description != w.description { #expect(!text.contains(Double(w).description)) }
        }
    }

    @Test func featuresAndHoldoutLayout() throws {
        let (bundle, _) = try Fixture.bundle()
        let members = try Fixture.members(bundle)
        let features = String(decoding: try #require(members["features.json"]), as: UTF8.self)
        #expect(features.contains(#""k" : 3"#) && features.contains(#""total_features" : 6"#))
        #expect(features.contains(#""f_score" : null"#))
        #expect(features.contains(#""f_score" : "Infinity""#))
        let csv = String(decoding: try #require(members["holdout.csv"]), as: UTF8.self)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "row_id,probability")
        #expect(lines.count == Fixture.holdoutCount + 1)
        #expect(lines[1] == "1000,\(bundle.holdout[0].probability)")
        #expect(csv.hasSuffix("\n"))
    }

    @Test func modelCardDescribesTheModel() throws {
        let (bundle, _) = try Fixture.bundle(.float64, imputer: true)
        let card = String(decoding: try #require(try Fixture.members(bundle)["MODEL.md"]), as: UTF8.self)
        #expect(card.hasPrefix("# bankruptcy v1\n"))
        for needle in ["trial | 42", "sweep | 7", "`hidden_layer_sizes`", "roc_auc", "`interest_cover`", "`Bankrupt?`",
                       "exp predict", "exp serve", "float64 MLP", "median", "| f1 | n/a | n/a | n/a |"] {
            #expect(card.contains(needle), "MODEL.md lacks \(needle)")
        }
    }

    @Test func accessors() throws {
        let (bundle, _) = try Fixture.bundle()
        #expect(bundle.name == "bankruptcy" && bundle.version == 1)
        #expect(bundle.fileName == "bankruptcy-v1.tar.gz")
        #expect(bundle.threshold == 0.35)
        #expect(bundle.riskBands == .default)
        #expect(bundle.inputFeatureNames == Fixture.featureNames)
        #expect(bundle.selectedFeatureNames == ["current_ratio", "roa", "interest_cover"])
        #expect(bundle.classNames == ["solvent", "bankrupt"])
    }

    @Test func parametersRoundTripByValue() throws {
        let (bundle, _) = try Fixture.bundle()
        let again = try BundleReader.read(bytes: try BundleWriter.archive(bundle))
        let parameters = again.manifest.training.parameters
        #expect(parameters["hidden_layer_sizes"] == [5, 4])
        #expect(parameters["alpha"]?.doubleValue == 0.0001)
        #expect(parameters["resampling"] == .null)
        #expect(parameters["early_stopping"]?.boolValue == true)
        #expect(JSONValue.double(1) == JSONValue.int(1))
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
