import ExpCore
import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpBundle

@Suite struct VerifierTests {
    @Test(arguments: Fixture.DType.allCases, [false, true])
    func validBundleVerifies(dtype: Fixture.DType, imputer: Bool) throws {
        let (bundle, rows) = try Fixture.bundle(dtype, imputer: imputer)
        let report = BundleVerifier.verify(bundle, holdoutRows: rows)
        #expect(report.isValid, "\(report)")
        #expect(report.checks.map(\.name) == ["checksums", "schema", "cold reload", "finite parameters",
                                              "holdout probabilities", "holdout re-score"])
        #expect(report.check("holdout re-score")?.detail == "25 probabilities reproduced bit for bit")
        #expect(BundleVerifier.verify(bundle, holdoutRows: rows, threads: 2).isValid)
    }

    @Test func dataFreeVerification() throws {
        let (bundle, _) = try Fixture.bundle(imputer: true)
        let report = BundleVerifier.verify(bundle)
        #expect(report.isValid, "\(report)")
        #expect(report.check("holdout re-score") == nil)
        #expect(report.description.hasPrefix("PASS checksums: 6 members match manifest.json"))
    }

    @Test func verifyFileOnDisk() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, rows) = try Fixture.bundle(.float64, imputer: true)
        let file = try BundleWriter.write(bundle, to: directory.appendingPathComponent(bundle.fileName).path)
        let report = BundleVerifier.verify(path: file.path, holdoutRows: rows)
        #expect(report.isValid, "\(report)")
        #expect(report.checks.first?.name == "archive")
        #expect(report.checks.first?.detail.contains(file.digest) == true)
        #expect(BundleVerifier.verify(path: file.path).isValid)
    }

    @Test func changedHoldoutRowFailsTheRescore() throws {
        let (bundle, rows) = try Fixture.bundle(.float32)
        var changed = rows
        changed[4, 2] += 1e-3  // column 2 is selected
        let report = BundleVerifier.verify(bundle, holdoutRows: changed)
        #expect(!report.isValid)
        let check = try #require(report.check("holdout re-score"))
        #expect(!check.passed)
        #expect(check.detail.hasPrefix("1 of 25 probabilities differ"))
        #expect(check.detail.contains("row_id 1012"))
        // An unselected column does not matter.
        var unselected = rows
        unselected[4, 1] += 1
        #expect(BundleVerifier.verify(bundle, holdoutRows: unselected).isValid)
    }

    @Test func wrongRowCountOrWidthFails() throws {
        let (bundle, rows) = try Fixture.bundle()
        let fewer = rows.gatheringRows(Array(0..<10))
        #expect(BundleVerifier.verify(bundle, holdoutRows: fewer).check("holdout re-score")?.detail
            == "10 holdout rows supplied, holdout.csv has 25")
        let narrow = rows.selectingColumns([0, 1, 2])
        let check = BundleVerifier.verify(bundle, holdoutRows: narrow).check("holdout re-score")
        #expect(check?.passed == false && check?.detail.contains("cannot score") == true)
    }

    @Test func probabilityOutsideTheUnitIntervalFails() throws {
        let (bundle, _) = try Fixture.bundle()
        var holdout = bundle.holdout
        holdout[3].probability = 1.5
        let broken = try ModelBundle(manifest: bundle.manifest, pipeline: bundle.pipeline, features: bundle.features,
                                     holdout: holdout)
        let check = BundleVerifier.verify(broken).check("holdout probabilities")
        #expect(check?.passed == false)
        #expect(check?.detail == "row_id 1009 has probability 1.5, outside [0, 1]")

        var duplicated = bundle.holdout
        duplicated[1].rowID = duplicated[0].rowID
        let twice = try ModelBundle(manifest: bundle.manifest, pipeline: bundle.pipeline, features: bundle.features,
                                    holdout: duplicated)
        #expect(BundleVerifier.verify(twice).check("holdout probabilities")?.detail
            == "row_id 1000 appears more than once in holdout.csv")
    }

    @Test func staleChecksumsFail() throws {
        let (bundle, _) = try Fixture.bundle()
        // A bundle read from an archive keeps the archive's checksums; simulate a foreign writer's.
        var manifest = bundle.manifest
        manifest.checksums["model.json"] = String(repeating: "0", count: 64)
        let stale = ModelBundle(validated: manifest, pipeline: bundle.pipeline, features: bundle.features,
                                holdout: bundle.holdout)
        let check = BundleVerifier.verify(stale).check("checksums")
        #expect(check?.passed == false && check?.detail.contains("'model.json'") == true)
    }
}
