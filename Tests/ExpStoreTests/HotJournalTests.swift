import CSQLite
import ExpDomain
import ExpTestSupport
import Foundation
import Testing

@testable import ExpStore

/// A process killed while it writes under a rollback journal (e.g. while it switches a new store
/// to WAL) leaves a hot `<store>-journal`. A read-only connection cannot roll it back, and SQLite
/// fails its reads with `SQLITE_READONLY_ROLLBACK` (https://www.sqlite.org/rescode.html#readonly_rollback).
@Suite("Hot journals left by an interrupted writer")
struct HotJournalTests {
    /// A crash snapshot of an exp store: the store file with some pages of an unfinished
    /// transaction already written to it, and the hot journal that undoes them.
    struct Snapshot {
        /// The store file in the snapshot directory; its journal is `path + "-journal"`.
        let path: String
        /// `scratch.value` by id, as committed before the interrupted transaction.
        let committedValues: [String]
    }

    static let rows = 2000
    static let valuesSQL = "SELECT value FROM scratch ORDER BY id"

    /// Builds a crash snapshot without killing a process: a real store in rollback-journal mode
    /// gets a scratch table of ~100 pages; an UPDATE of every row runs in `BEGIN IMMEDIATE` with a
    /// page cache too small to hold its changes, so SQLite spills dirty pages into the store file
    /// while the journal holds their originals. The store and its journal are copied while the
    /// transaction is open (the copy holds no locks), then the transaction is rolled back.
    static func makeSnapshot(in dir: TemporaryDirectory, subdirectory: String) throws -> Snapshot {
        let source = dir.path("source.sqlite")
        do {
            let store = try SQLiteStore(path: source)
            try Fixtures.populate(store, trials: 4)
        }
        let db = try Database(path: source, readOnly: false, busyTimeoutMilliseconds: 1000)
        try db.executeScript("PRAGMA journal_mode = DELETE")
        #expect(try db.queryOne("PRAGMA journal_mode") { $0.text(0) } == "delete")
        try db.executeScript(
            """
            CREATE TABLE scratch (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO scratch (id, value)
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows))
                SELECT i, 'before-' || i || '-' || hex(zeroblob(100)) FROM n;
            """)
        var committed: [String] = []
        try db.query(valuesSQL) { committed.append($0.text(0)) }

        try db.executeScript(
            """
            PRAGMA cache_size = 1;
            BEGIN IMMEDIATE;
            UPDATE scratch SET value = 'after-' || id || '-' || hex(randomblob(100));
            """)
        let snapshotDirectory = dir.path(subdirectory)
        try FileManager.default.createDirectory(atPath: snapshotDirectory, withIntermediateDirectories: false)
        let path = snapshotDirectory + "/store.sqlite"
        for suffix in ["", "-journal"] {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: path + suffix)
        }
        try db.executeScript("ROLLBACK")
        return Snapshot(path: path, committedValues: committed)
    }

    /// The extended result code of a first read through a plain `SQLITE_OPEN_READONLY`
    /// connection (`SQLITE_OK` if it can read).
    static func plainReadOnlyProbe(_ path: String) -> Int32 {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let connection else {
            return sqlite3_extended_errcode(connection)
        }
        guard sqlite3_exec(connection, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK else {
            return sqlite3_extended_errcode(connection)
        }
        return SQLITE_OK
    }

    /// How many rows of the store file itself (ignoring the journal: `immutable=1`) hold values
    /// of the interrupted transaction. (Temporary paths need no URI escaping.)
    static func uncommittedRowsInFile(_ path: String) throws -> Int {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        let uri = "file:" + path + "?mode=ro&immutable=1"
        try #require(sqlite3_open_v2(uri, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK)
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        let sql = "SELECT count(*) FROM scratch WHERE value LIKE 'after-%'"
        try #require(sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK)
        try #require(sqlite3_step(statement) == SQLITE_ROW)
        return Int(sqlite3_column_int64(statement, 0))
    }

    /// Checks that `snapshot` is a genuine crash snapshot, so that the tests cannot pass vacuously.
    static func expectHot(_ snapshot: Snapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let journal = try FileManager.default.attributesOfItem(atPath: snapshot.path + "-journal")
        #expect((journal[.size] as? Int ?? 0) > 0, sourceLocation: sourceLocation)
        #expect(plainReadOnlyProbe(snapshot.path) == Database.readOnlyRollback, sourceLocation: sourceLocation)
        #expect(try uncommittedRowsInFile(snapshot.path) > 0, sourceLocation: sourceLocation)
    }

    /// Expects `store` to hold exactly the values committed before the interrupted transaction.
    static func expectCommitted(
        _ store: SQLiteStore, _ snapshot: Snapshot, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let values = try values(store)
        #expect(values.count == snapshot.committedValues.count, sourceLocation: sourceLocation)
        let differing = zip(values, snapshot.committedValues).filter { $0 != $1 }.count
        #expect(
            differing == 0, "\(differing) of \(values.count) rows differ from the committed content",
            sourceLocation: sourceLocation)
    }

    static func values(_ store: SQLiteStore) throws -> [String] {
        try store.read { db in
            var values: [String] = []
            try db.query(valuesSQL) { values.append($0.text(0)) }
            return values
        }
    }

    @Test("a read-only open rolls back a hot journal and reads the committed content")
    func readOnlyOpenRollsBack() throws {
        let dir = try TemporaryDirectory()
        let snapshot = try Self.makeSnapshot(in: dir, subdirectory: "snapshot")
        try Self.expectHot(snapshot)

        let store = try SQLiteStore(path: snapshot.path, readOnly: true)
        #expect(store.isReadOnly)
        #expect(!FileManager.default.fileExists(atPath: snapshot.path + "-journal"))
        #expect(snapshot.committedValues.count == Self.rows)
        try Self.expectCommitted(store, snapshot)
        #expect(try store.sweeps().map(\.counts) == [TrialCounts(pending: 4)])
        try expectIntact(store)
        #expect(try Self.uncommittedRowsInFile(snapshot.path) == 0)
    }

    /// The store and its directory as a user without write access to the directory sees them.
    /// With a write-protected store file the read-write open falls back to read-only; with a
    /// writable file SQLite restores the pages but cannot delete the journal (`SQLITE_IOERR_DELETE`).
    @Test(
        "a hot journal that cannot be rolled back fails a read-only open with a clear error",
        .enabled(if: geteuid() != 0, "root ignores permission bits, so the store could still be written"),
        arguments: [(0o444, "the file cannot be opened for writing"), (0o644, "rolling it back failed")])
    func unwritableHotJournal(filePermissions: Int, detail: String) throws {
        let dir = try TemporaryDirectory()
        let snapshot = try Self.makeSnapshot(in: dir, subdirectory: "snapshot")
        let directory = dir.path("snapshot")
        let files = [snapshot.path, snapshot.path + "-journal"]
        for file in files {
            try FileManager.default.setAttributes([.posixPermissions: filePermissions], ofItemAtPath: file)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory) }
        try Self.expectHot(snapshot)
        let before = files.map(fileBytes)

        let error = expectError(StoreError.self) { _ = try SQLiteStore(path: snapshot.path, readOnly: true) }
        #expect(error?.kind == .readOnly)
        #expect(error?.store == snapshot.path)
        #expect(error?.extendedResultCode == Database.readOnlyRollback)
        #expect(error?.message.contains("store at \(snapshot.path) has an unfinished write") == true)
        #expect(error?.message.contains("hot journal, \(snapshot.path)-journal") == true)
        #expect(error?.message.contains(detail) == true)
        #expect(error?.message.contains("write access") == true)
        #expect(FileManager.default.fileExists(atPath: snapshot.path + "-journal"))
        if filePermissions == 0o444 {
            #expect(files.map(fileBytes) == before)
        }

        // Nothing is lost: once the directory can be written, a read-only open rolls the journal
        // back.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        for file in files {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
        let store = try SQLiteStore(path: snapshot.path, readOnly: true)
        try Self.expectCommitted(store, snapshot)
        #expect(!FileManager.default.fileExists(atPath: snapshot.path + "-journal"))
    }
}
