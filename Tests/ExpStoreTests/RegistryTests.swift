import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpStore

@Suite("Model registry")
struct RegistryTests {
    func newVersion(_ name: String = "bankruptcy", trialID: Int64? = 1, digest: String = "ab") -> NewModelVersion {
        NewModelVersion(
            name: name, sweepID: 1, trialID: trialID, artifact: .file("artifacts/\(name).tar.gz"), digest: digest,
            sizeBytes: 1234, paramsJSON: #"{"alpha":0.001}"#, cvMetricsJSON: #"{"roc_auc":{"mean":0.9,"std":0.01}}"#,
            holdoutMetricsJSON: #"{"roc_auc":0.91}"#, promotedBy: "ana@host", command: "exp promote 1 --name \(name)")
    }

    func populatedStore(_ dir: TemporaryDirectory) throws -> SQLiteStore {
        let store = try SQLiteStore(path: dir.path())
        _ = try Fixtures.populate(store, trials: 3)
        return store
    }

    @Test("versions are numbered per name from 1 and carry their promotion record")
    func numbering() throws {
        let dir = try TemporaryDirectory()
        let store = try populatedStore(dir)
        #expect(try store.nextModelVersion(name: "bankruptcy") == 1)
        let v1 = try store.registerModelVersion(newVersion(), version: 1, now: 500)
        let v2 = try store.registerModelVersion(newVersion(trialID: 2, digest: "cd"), version: 2, now: 600)
        let other = try store.registerModelVersion(newVersion("other"), version: 1, now: 700)
        #expect((v1.version, v2.version, other.version) == (1, 2, 1))
        #expect(v1.promotedBy == "ana@host" && v1.promotedAt == 500 && v1.trialID == 1 && v1.sweepID == 1)
        #expect(v1.holdoutMetricsJSON == #"{"roc_auc":0.91}"#)
        #expect(try store.nextModelVersion(name: "bankruptcy") == 3)
        #expect(try store.modelVersion(.latest(name: "bankruptcy"))?.digest == "cd")
        #expect(try store.modelVersion(.version(name: "bankruptcy", version: 1))?.digest == "ab")
        #expect(try store.modelVersion(.version(name: "bankruptcy", version: 9)) == nil)
        #expect(try store.modelVersions(name: "bankruptcy").map(\.version) == [2, 1])
        #expect(try store.modelVersions(trialID: 1).map(\.name) == ["bankruptcy", "other"])
        let models = try store.models()
        #expect(models.map(\.name) == ["bankruptcy", "other"])
        #expect(models[0].versionCount == 2 && models[0].latestVersion == 2 && models[0].latestPromotedAt == 600)
        try expectIntact(store)
    }

    @Test("registering a version that is no longer the next one fails and writes nothing")
    func concurrentPromotion() throws {
        let dir = try TemporaryDirectory()
        let store = try populatedStore(dir)
        _ = try store.registerModelVersion(newVersion(), version: 1)
        let error = expectError(StoreError.self) { _ = try store.registerModelVersion(newVersion(digest: "zz"), version: 1) }
        #expect(error?.message.contains("version 1 is already registered (next is 2)") == true)
        #expect(try store.modelVersions(name: "bankruptcy").map(\.digest) == ["ab"])
    }

    @Test("versions are immutable")
    func immutable() throws {
        let dir = try TemporaryDirectory()
        let store = try populatedStore(dir)
        _ = try store.registerModelVersion(newVersion(), version: 1)
        #expect(throws: StoreError.self) {
            try store.withDatabase { db in try db.execute("UPDATE model_versions SET digest = 'evil'") }
        }
        #expect(try store.modelVersion(.latest(name: "bankruptcy"))?.digest == "ab")
    }

    @Test("an alias is a movable pointer, and moving it is logged")
    func aliases() throws {
        let dir = try TemporaryDirectory()
        let store = try populatedStore(dir)
        _ = try store.registerModelVersion(newVersion(), version: 1)
        _ = try store.registerModelVersion(newVersion(digest: "cd"), version: 2)
        #expect(try store.setAlias(name: "bankruptcy", alias: "production", version: 1, by: "ana") == nil)
        #expect(try store.modelVersion(.alias(name: "bankruptcy", alias: "production"))?.version == 1)
        #expect(try store.modelVersion(.version(name: "bankruptcy", version: 1))?.aliases == ["production"])
        #expect(try store.setAlias(name: "bankruptcy", alias: "production", version: 2, by: "ana") == 1)
        try store.setAlias(name: "bankruptcy", alias: "staging", version: 2, by: "ana")
        #expect(try store.modelVersion(.alias(name: "bankruptcy", alias: "production"))?.version == 2)
        #expect(try store.modelVersion(.version(name: "bankruptcy", version: 2))?.aliases == ["production", "staging"])
        #expect(try store.modelVersion(.version(name: "bankruptcy", version: 1))?.aliases == [])
        #expect(try store.modelVersion(.alias(name: "bankruptcy", alias: "nope")) == nil)
        #expect(try store.models()[0].aliases.map(\.alias) == ["production", "staging"])
        let moves = try store.withDatabase { db in
            var details: [String] = []
            try db.query("SELECT detail FROM events WHERE kind = 'alias_moved' ORDER BY id") { details.append($0.text(0)) }
            return details
        }
        #expect(moves == ["bankruptcy@production: none -> 1", "bankruptcy@production: 1 -> 2", "bankruptcy@staging: none -> 2"])
    }

    @Test("an alias to a missing version, or with a bad name, is refused")
    func aliasErrors() throws {
        let dir = try TemporaryDirectory()
        let store = try populatedStore(dir)
        _ = try store.registerModelVersion(newVersion(), version: 1)
        #expect(expectError(StoreError.self) { try store.setAlias(name: "bankruptcy", alias: "prod", version: 3, by: "a") }?.kind
            == .notFound("model bankruptcy:3"))
        #expect(expectError(StoreError.self) { try store.setAlias(name: "bankruptcy", alias: "../x", version: 1, by: "a") }?
            .message.contains("invalid alias") == true)
        #expect(expectError(StoreError.self) { _ = try store.registerModelVersion(newVersion("a/b"), version: 1) }?
            .message.contains("invalid model name 'a/b'") == true)
    }

    @Test("model references parse NAME, NAME:VERSION and NAME@ALIAS")
    func references() {
        #expect(ModelReference("bankruptcy") == .latest(name: "bankruptcy"))
        #expect(ModelReference("bankruptcy:3") == .version(name: "bankruptcy", version: 3))
        #expect(ModelReference("bankruptcy@production") == .alias(name: "bankruptcy", alias: "production"))
        #expect(ModelReference("bankruptcy:0") == nil)
        #expect(ModelReference("bankruptcy:x") == nil)
        #expect(ModelReference("a/b") == nil)
        #expect(ModelReference("@prod") == nil)
        #expect(ModelReference("") == nil)
    }
}
