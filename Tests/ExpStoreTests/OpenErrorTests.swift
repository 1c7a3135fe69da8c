import ExpDomain
import ExpTestSupport
import Foundation
import Testing

@testable import ExpStore

@Suite("Opening the wrong file")
struct OpenErrorTests {
    @Test(
        "a file that is not SQLite is refused and left untouched",
        arguments: [
            "name,age\nalice,3\nbob,4\n",
            "x",
            String(repeating: "not a database ", count: 500),
            "SQLite format 2\u{0}" + String(repeating: "\u{0}", count: 200),
        ])
    func notSQLite(contents: String) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("data.csv")
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        let before = fileBytes(path)
        for readOnly in [false, true] {
            let error = expectError(StoreError.self) { _ = try SQLiteStore(path: path, readOnly: readOnly) }
            #expect(error?.kind == .notAStore)
            #expect(error?.message.contains("is not an exp store") == true)
            #expect(error?.message.contains(path) == true)
        }
        #expect(fileBytes(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["data.csv"])
    }

    @Test("an SQLite database of another program is refused and left untouched")
    func foreignDatabase() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("other.db")
        do {
            let db = try Database(path: path, readOnly: false, busyTimeoutMilliseconds: 1000)
            try db.executeScript("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada');")
        }
        let before = fileBytes(path)
        let error = expectError(StoreError.self) { _ = try SQLiteStore(path: path) }
        #expect(error?.kind == .notAStore)
        #expect(error?.message.contains("another application") == true)
        #expect(fileBytes(path) == before)

        let otherApp = dir.path("app.db")
        do {
            let db = try Database(path: otherApp, readOnly: false, busyTimeoutMilliseconds: 1000)
            try db.executeScript("PRAGMA application_id = 42")
        }
        #expect(expectError(StoreError.self) { _ = try SQLiteStore(path: otherApp) }?.kind == .notAStore)
    }

    @Test("a store opened read-only answers reads and refuses writes")
    func readOnlyOpen() throws {
        let dir = try TemporaryDirectory()
        let sweepID: Int64
        do {
            let store = try SQLiteStore(path: dir.path())
            sweepID = try Fixtures.populate(store, trials: 4)
            let claimed = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 200))
            try store.completeTrial(Fixtures.outcome(for: claimed, value: 0.8), now: 210)
        }
        let before = fileBytes(dir.path())
        let store = try SQLiteStore(path: dir.path(), readOnly: true)
        #expect(store.isReadOnly)
        #expect(try store.sweeps().map(\.counts) == [TrialCounts(pending: 3, done: 1)])
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", limit: 2).count == 2)
        #expect(try store.trial(id: 1)?.folds.count == 3)

        let writes: [(String, () throws -> Void)] = [
            ("claim", { _ = try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60) }),
            ("insert", { try store.insertTrials(sweepID: sweepID, Fixtures.trials(2, offset: 10)) }),
            ("sweep", { _ = try store.createOrResumeSweep(Fixtures.sweep(name: "other")) }),
            ("reset", { try store.resetFailedTrials(sweepID: sweepID) }),
        ]
        for (name, write) in writes {
            let error = expectError(StoreError.self) { try write() }
            #expect(error?.kind == .readOnly, "\(name)")
            #expect(error?.message.contains("read-only") == true, "\(name)")
        }
        #expect(fileBytes(dir.path()) == before)
    }

    @Test(
        "a write-protected store file answers reads and refuses writes",
        .enabled(if: getuid() != 0, "root ignores file permissions"))
    func writeProtectedFile() throws {
        let dir = try TemporaryDirectory()
        let sweepID: Int64
        do {
            let store = try SQLiteStore(path: dir.path())
            sweepID = try Fixtures.populate(store, trials: 2)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: dir.path())
        let before = fileBytes(dir.path())
        let store = try SQLiteStore(path: dir.path())
        #expect(store.isReadOnly)
        #expect(try store.counts(sweepID: sweepID) == TrialCounts(pending: 2))
        let error = expectError(StoreError.self) { _ = try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60) }
        #expect(error?.kind == .readOnly)
        #expect(fileBytes(dir.path()) == before)
    }

    @Test("a missing store cannot be opened read-only")
    func missingReadOnly() throws {
        let dir = try TemporaryDirectory()
        let error = expectError(StoreError.self) { _ = try SQLiteStore(path: dir.path("missing.sqlite"), readOnly: true) }
        #expect(error?.kind == .notFound("store \(dir.path("missing.sqlite"))"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("missing.sqlite")))
    }

    @Test("an empty store file opened read-only is not a store yet")
    func emptyReadOnly() throws {
        let dir = try TemporaryDirectory()
        #expect(FileManager.default.createFile(atPath: dir.path(), contents: Data()))
        let error = expectError(StoreError.self) { _ = try SQLiteStore(path: dir.path(), readOnly: true) }
        #expect(error?.kind == .notAStore)
        // A writable open turns the empty file into a store.
        #expect(try SQLiteStore(path: dir.path()).sweeps().isEmpty)
    }

    @Test("a directory or a path in a missing directory cannot be opened")
    func cannotOpen() throws {
        let dir = try TemporaryDirectory()
        #expect(expectError(StoreError.self) { _ = try SQLiteStore(path: dir.url.path) }?.kind == .cannotOpen)
        #expect(expectError(StoreError.self) { _ = try SQLiteStore(path: dir.path("missing/store.sqlite")) }?.kind == .cannotOpen)
    }
}
