import ExpDomain
import ExpTestSupport
import Foundation
import Testing

@testable import ExpStore

@Suite("Migrations")
struct MigrationTests {
    static let tables = ["events", "fold_metrics", "folds", "predictions", "schema_migrations", "sweeps",
                         "trial_metrics", "trials"]

    func tableNames(_ store: SQLiteStore) throws -> [String] {
        try store.withDatabase { db in
            var names: [String] = []
            try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { names.append($0.text(0)) }
            return names
        }
    }

    @Test("an empty file migrates step by step from version 0")
    func fromEmpty() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path(), readOnly: false, busyTimeout: .seconds(1), migrateUpTo: 0)
        #expect(try store.appliedSchemaVersion() == 0)
        #expect(try tableNames(store).isEmpty)

        try store.migrate(upTo: 1)
        #expect(try store.appliedSchemaVersion() == 1)
        #expect(try tableNames(store) == Self.tables)
        let (versions, userVersion, applicationID, journal) = try store.withDatabase { db in
            var versions: [Int] = []
            try db.query("SELECT version FROM schema_migrations ORDER BY version") { versions.append($0.int(0)) }
            return (
                versions,
                try db.queryOne("PRAGMA user_version") { $0.int(0) },
                try db.queryOne("PRAGMA application_id") { Int32(truncatingIfNeeded: $0.int64(0)) },
                try db.queryOne("PRAGMA journal_mode") { $0.text(0) }
            )
        }
        #expect(versions == [1])
        #expect(userVersion == 1)
        #expect(applicationID == StoreSchema.applicationID)
        #expect(journal == "wal")

        try store.migrate(upTo: 2)
        #expect(try store.appliedSchemaVersion() == 2)
        #expect(try tableNames(store) == (Self.tables + ["model_aliases", "model_versions"]).sorted())
        #expect(SQLiteStore.schemaVersion == 2)
        try expectIntact(store)
    }

    @Test("a version-1 store with sweeps migrates to the registry schema and keeps every row")
    func fromVersionOne() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(path: dir.path(), readOnly: false, busyTimeout: .seconds(1), migrateUpTo: 1)
            try Fixtures.populate(store, trials: 3)
        }
        let before = try SQLiteStore(path: dir.path(), readOnly: false, busyTimeout: .seconds(1), migrateUpTo: 1)
            .trials(sweepID: 1)
        let store = try SQLiteStore(path: dir.path())
        #expect(try store.appliedSchemaVersion() == SQLiteStore.schemaVersion)
        #expect(try store.trials(sweepID: 1) == before)
        #expect(try store.models().isEmpty)
        try expectIntact(store)
    }

    @Test("re-opening an up-to-date store changes nothing")
    func reopenIsNoOp() throws {
        let dir = try TemporaryDirectory()
        func snapshot(_ store: SQLiteStore) throws -> [String] {
            try store.withDatabase { db in
                var rows: [String] = []
                try db.query("SELECT version || ' ' || applied_at FROM schema_migrations") { rows.append($0.text(0)) }
                try db.query("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name") {
                    rows.append($0.text(0))
                }
                try db.query("SELECT count(*) FROM events") { rows.append("events \($0.int(0))") }
                return rows
            }
        }
        let first = try snapshot(SQLiteStore(path: dir.path()))
        let store = try SQLiteStore(path: dir.path())
        #expect(try snapshot(store) == first)
        #expect(try store.appliedSchemaVersion() == SQLiteStore.schemaVersion)
    }

    @Test("a store from a newer exp is refused with both versions in the message")
    func newerSchema() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(path: dir.path())
            try Fixtures.populate(store, trials: 3)
            try store.withDatabase { db in
                try db.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (7, 'future')")
            }
        }
        let before = fileBytes(dir.path())
        for readOnly in [false, true] {
            let error = expectError(StoreError.self) { _ = try SQLiteStore(path: dir.path(), readOnly: readOnly) }
            #expect(error?.kind == .newerSchema(found: 7, supported: SQLiteStore.schemaVersion))
            #expect(error?.message.contains("schema version 7") == true)
            #expect(error?.message.contains("up to \(SQLiteStore.schemaVersion)") == true)
            #expect(error?.message.contains("upgrade exp") == true)
            #expect(error?.store == dir.path())
        }
        #expect(fileBytes(dir.path()) == before)
    }

    @Test("a newer user_version alone is refused too")
    func newerUserVersion() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(path: dir.path())
            try store.withDatabase { db in try db.executeScript("PRAGMA user_version = 3") }
        }
        let error = expectError(StoreError.self) { _ = try SQLiteStore(path: dir.path()) }
        #expect(error?.kind == .newerSchema(found: 3, supported: SQLiteStore.schemaVersion))
    }

    @Test("processes opening a new store at once migrate it once")
    func concurrentFirstOpen() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path()
        let errors = Locked<[String]>([])
        runOnThreads(4) { _ in
            do {
                let store = try SQLiteStore(path: path)
                _ = try store.sweeps()
            } catch {
                errors.withValue { $0.append("\(error)") }
            }
        }
        #expect(errors.withValue { $0 }.isEmpty)
        let store = try SQLiteStore(path: path)
        let rows = try store.withDatabase { db in try db.queryOne("SELECT count(*) FROM schema_migrations") { $0.int(0) } }
        #expect(rows == SQLiteStore.schemaVersion)
        try expectIntact(store)
    }
}
