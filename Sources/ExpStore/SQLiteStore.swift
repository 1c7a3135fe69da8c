import ExpDomain
import CSQLite
import Foundation

/// The SQLite experiment store: sweeps, trials, folds, metrics, predictions and provenance, in
/// one file that several worker processes can share.
///
/// ```swift
/// let store = try SQLiteStore(path: "runs.sqlite")
/// let (sweep, resumed) = try store.createOrResumeSweep(newSweep)
/// try store.insertTrials(sweepID: sweep.id, cells)          // idempotent
/// while let trial = try store.claimTrial(sweepID: sweep.id, worker: "host:4242", lease: 60) {
///     let outcome = run(trial)                              // renewLease(...) while running
///     try store.completeTrial(outcome)                      // throws leaseLost if reclaimed
/// }
/// ```
///
/// ## Concurrency
/// - Between processes: the file is in WAL mode, every write runs in `BEGIN IMMEDIATE … COMMIT`
///   (rolled back on error), and a connection waits up to the busy timeout for the write lock.
///   A claim is one `UPDATE … RETURNING` inside that transaction, so each trial is claimed
///   exactly once; an attempt that outlives its lease can be reclaimed, and its late result is
///   refused (``StoreError/Kind/leaseLost``).
/// - Within a process: an `SQLiteStore` owns one connection, and every call takes a lock
///   for its whole transaction, so calls from several threads or tasks are serialised. Calls
///   block (while SQLite waits for another process's lock, too); use one store per worker
///   thread for parallel writers.
///
/// ## Time
/// Methods that record a time take `now:` (Unix seconds, default: the wall clock), so that tests
/// can simulate lease expiry without sleeping. Leases compare wall-clock times of different
/// processes, so workers must share a clock (one machine).
///
/// ## Topics
/// - Sweeps: ``createOrResumeSweep(_:now:)``, ``sweep(id:)``, ``sweeps()``
/// - Trials: ``insertTrials(sweepID:_:now:)``, ``claimTrial(sweepID:worker:lease:now:)``,
///   ``renewLease(trialID:worker:attempt:lease:now:)``, ``completeTrial(_:now:)``,
///   ``failTrial(trialID:worker:attempt:error:now:)``, ``releaseTrial(trialID:worker:attempt:now:)``,
///   ``resetFailedTrials(sweepID:now:)``
/// - Queries: ``trials(sweepID:sortBy:descending:limit:states:)``, ``trial(id:)``, ``counts(sweepID:)``
///
/// Related SQLite documentation: <https://www.sqlite.org/wal.html>,
/// <https://www.sqlite.org/lang_transaction.html>, <https://www.sqlite.org/lang_returning.html>
public final class SQLiteStore: @unchecked Sendable {
    // @unchecked Sendable: the only mutable state is `database` (a connection and its statement
    // cache), and it is reached only inside `lock`, in `withDatabase`. No Statement or
    // Database reference escapes a locked region.

    /// The schema version this build writes. A store with a higher version is refused.
    public static let schemaVersion = Migrator.store.latestVersion

    /// The lowest SQLite this store runs on: `RETURNING` needs 3.35, `STRICT` tables 3.37.
    static let minimumSQLiteVersion: Int32 = 3_037_000

    /// The path of the store file.
    public let path: String
    /// Whether the store is read-only (opened with `readOnly`, or the file is write-protected).
    /// Every write then throws ``StoreError/Kind/readOnly``.
    public let isReadOnly: Bool

    private let lock = NSLock()
    private let database: Database

    /// Opens the store at `path`, creating and migrating it when needed.
    ///
    /// - Parameters:
    ///   - readOnly: open without write access (for listing commands); the store must exist and
    ///     be at the current schema version.
    ///   - busyTimeout: how long a call waits for another process's write lock before it fails
    ///     with ``StoreError/Kind/busy``.
    /// - Throws: ``StoreError`` — `notAStore` for a file that is not an exp store (the file is
    ///   left untouched), `newerSchema` for a store from a newer exp, `readOnly`, `notFound`
    ///   (read-only open of a missing file), `cannotOpen`.
    public convenience init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(10)) throws {
        try self.init(path: path, readOnly: readOnly, busyTimeout: busyTimeout, migrateUpTo: nil)
    }

    /// Opens the store, migrating only up to `target` (tests).
    init(path: String, readOnly: Bool, busyTimeout: Duration, migrateUpTo target: Int?) throws {
        guard sqlite3_libversion_number() >= Self.minimumSQLiteVersion else {
            throw StoreError(
                .backend,
                "exp needs SQLite 3.37 or newer; this system has \(String(cString: sqlite3_libversion()))",
                path: path)
        }
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = max(0, seconds) * 1000 + max(0, attoseconds) / 1_000_000_000_000_000
        let database = try Database(
            path: path, readOnly: readOnly, busyTimeoutMilliseconds: Int32(clamping: milliseconds))
        self.path = path
        self.database = database
        self.isReadOnly = database.isReadOnly
        try Self.prepare(database, migrateUpTo: target)
    }

    /// Checks that the file is an exp store, configures the connection and migrates.
    /// Nothing is written before the file is known to be a new or an older exp store.
    private static func prepare(_ db: Database, migrateUpTo target: Int?) throws {
        // One read transaction, so that both reads see the same snapshot: a process that is
        // migrating a new store at this moment sets the application id and creates the tables
        // in one commit.
        try db.transaction(.deferred) {
            let applicationID = try db.queryOne("PRAGMA application_id") { Int32(truncatingIfNeeded: $0.int64(0)) } ?? 0
            if applicationID == StoreSchema.applicationID { return }
            if applicationID != 0 {
                throw StoreError.notAStore(
                    db.path,
                    "it is an SQLite database of another application (application_id \(applicationID))")
            }
            let objects = try db.queryOne("SELECT count(*) FROM sqlite_master") { $0.int(0) } ?? 0
            if objects > 0 {
                throw StoreError.notAStore(db.path, "it is an SQLite database with tables of another application")
            }
        }
        try db.withBusyRetry { try Migrator.store.checkNotNewer(db) }

        if !db.isReadOnly {
            // "The WAL journaling mode uses a write-ahead log instead of a rollback journal" and
            // "is persistent; after being set it stays in effect across multiple database
            // connections". Readers then never block the writer, nor the writer the readers.
            // Changing the mode can fail with SQLITE_BUSY without consulting the busy handler
            // while another connection opens the same new file, hence the retry.
            // (https://www.sqlite.org/pragma.html#pragma_journal_mode)
            try db.withBusyRetry { _ = try db.queryOne("PRAGMA journal_mode = WAL") { $0.text(0) } }
        }
        // "In WAL mode when synchronous is NORMAL, the WAL file is synchronized before each
        // checkpoint ... WAL mode is always consistent with synchronous=NORMAL, but WAL mode
        // does lose durability": a commit may roll back after a power loss, never after a
        // process crash (kill -9). (https://www.sqlite.org/pragma.html#pragma_synchronous)
        try db.execute("PRAGMA synchronous = NORMAL", cached: false)
        // Foreign keys are off by default in SQLite, per connection.
        try db.execute("PRAGMA foreign_keys = ON", cached: false)

        let applied = try db.withBusyRetry { try Migrator.store.appliedVersion(db) }
        if db.isReadOnly, applied == 0 {
            throw StoreError.notAStore(db.path, "it is empty; create it with a writable open first")
        }
        try Migrator.store.migrate(db, upTo: target)
    }

    // MARK: Confinement

    /// Runs `body` with the connection, holding the lock.
    @discardableResult
    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// A write transaction (`BEGIN IMMEDIATE`), re-run on `SQLITE_BUSY` a bounded number of times.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnlyFile(path, database.readOnlyReason ?? "") }
        return try withDatabase { db in try db.transaction(.immediate) { try body(db) } }
    }

    /// A read transaction: every query in `body` sees the same snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try withDatabase { db in try db.transaction(.deferred) { try body(db) } }
    }

    /// The schema version recorded in the file.
    func appliedSchemaVersion() throws -> Int {
        try withDatabase { db in try Migrator.store.appliedVersion(db) }
    }

    /// Applies the migrations up to `target` (tests).
    func migrate(upTo target: Int) throws {
        try withDatabase { db in try Migrator.store.migrate(db, upTo: target) }
    }

    /// Appends to the audit log (inside the caller's transaction).
    static func logEvent(
        _ db: Database, kind: String, sweepID: Int64?, trialID: Int64?, worker: String?, at: Double,
        detail: String? = nil
    ) throws {
        try db.execute(
            "INSERT INTO events (sweep_id, trial_id, kind, worker, at, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            [
                sweepID.map(SQLValue.integer) ?? .null, trialID.map(SQLValue.integer) ?? .null, .text(kind),
                .optionalText(worker), .real(at), .optionalText(detail),
            ])
    }

    /// Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; returns the problems found
    /// (empty when the store is sound).
    public func checkIntegrity() throws -> [String] {
        try read { db in
            var problems: [String] = []
            try db.query("PRAGMA integrity_check") { row in
                let line = row.text(0)
                if line != "ok" { problems.append(line) }
            }
            try db.query("PRAGMA foreign_key_check") { row in
                problems.append("foreign key violation in \(row.text(0)) row \(row.int64(1))")
            }
            return problems
        }
    }
}
