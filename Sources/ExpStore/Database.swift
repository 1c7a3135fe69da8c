import ExpDomain
import CSQLite
import Foundation

/// One SQLite connection (`sqlite3 *`), opened in ``init(path:readOnly:busyTimeoutMilliseconds:busyRetries:)``
/// and closed in `deinit`.
///
/// A connection is not thread-safe as far as Swift is concerned (its statement cache and the
/// transaction state are plain mutable state), so `Database` is not `Sendable`: it is only reached
/// through ``SQLiteStore``, which serialises every access with a lock.
final class Database {
    /// The open connection.
    let handle: OpaquePointer
    /// The path of the database file, for error messages.
    let path: String
    /// Whether the connection cannot write: opened read-only, or the file or its directory is not
    /// writable.
    let isReadOnly: Bool
    /// Why a store opened for writing is read-only, when exp knows better than SQLite.
    let readOnlyReason: String?
    /// How many times a transaction that failed with `SQLITE_BUSY` is re-run.
    let busyRetries: Int
    private var cache: [String: Statement] = [:]

    /// The 16-byte header of every SQLite 3 database file ("SQLite format 3\0",
    /// https://www.sqlite.org/fileformat.html#magic_header_string).
    static let magicHeader: [UInt8] = Array("SQLite format 3".utf8) + [0]

    /// Opens a connection.
    ///
    /// An existing, non-empty file must start with the SQLite header; anything else (a CSV, a text
    /// file) is rejected before SQLite opens it, so such a file is never written to. An empty or
    /// missing file becomes a new database (unless `readOnly`).
    init(path: String, readOnly: Bool, busyTimeoutMilliseconds: Int32, busyRetries: Int = 3) throws {
        self.path = path
        self.busyRetries = busyRetries
        try Self.checkHeader(path: path, readOnly: readOnly)
        // A store in a directory this process cannot write to: SQLite could not create its
        // journal there and would only say "unable to open database file". Open it read-only
        // (reads work) and name the directory when a write is attempted.
        let directory = (path as NSString).deletingLastPathComponent
        let shownDirectory = directory.isEmpty ? "." : directory
        var readOnly = readOnly
        if !readOnly && FileManager.default.fileExists(atPath: path) && access(path, W_OK) == 0
            && access(shownDirectory, W_OK) != 0
            && !FileManager.default.fileExists(atPath: path + "-wal") {
            readOnly = true
            readOnlyReason = "its directory \(shownDirectory) is not writable, and SQLite needs to create its journal there"
        } else {
            readOnlyReason = nil
        }

        // SQLITE_OPEN_READWRITE: "The database is opened for reading and writing if possible, or
        // reading only if the file is write protected by the operating system."
        // (https://www.sqlite.org/c3ref/open.html)
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var connection = try Self.open(path, flags: flags)
        if readOnly {
            connection = try Self.readableConnection(
                connection, path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        // "This routine sets a busy handler that sleeps for a specified amount of time when a
        // table is locked." It is consulted by BEGIN IMMEDIATE while another connection writes.
        // (https://www.sqlite.org/c3ref/busy_timeout.html)
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        // "The sqlite3_db_readonly(D,N) interface returns 1 if the database N of database
        // connection D is read-only" (https://www.sqlite.org/c3ref/db_readonly.html); with
        // SQLITE_OPEN_READWRITE this is how a write-protected file shows up.
        isReadOnly = readOnly || sqlite3_db_readonly(connection, "main") == 1
    }

    deinit {
        close()
    }

    /// `sqlite3_open_v2`, with SQLite's error turned into a ``StoreError`` about `path`.
    private static func open(_ filename: String, flags: Int32, path: String? = nil) throws -> OpaquePointer {
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(filename, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = StoreError(sqliteCode: code, connection: connection, sql: nil, path: path ?? filename)
            // "Whether or not an error occurs when it is opened, resources associated with the
            // database connection handle should be released by passing it to sqlite3_close() when
            // it is no longer required." (https://www.sqlite.org/c3ref/open.html)
            sqlite3_close(connection)
            throw error
        }
        return connection
    }

    /// `SQLITE_READONLY_ROLLBACK` (`SQLITE_READONLY | (3<<8)`), which Swift does not import: "a
    /// database cannot be opened because it has a hot journal that needs to be rolled back but
    /// cannot because the database is readonly". (https://www.sqlite.org/rescode.html#readonly_rollback)
    static let readOnlyRollback: Int32 = 776

    /// The statement that probes whether a fresh connection can read the store.
    private static let probeSQL = "SELECT count(*) FROM sqlite_master"

    /// Runs ``probeSQL`` on `connection` and returns SQLite's extended result code
    /// (`SQLITE_OK` when the store can be read). Extended result codes are not enabled on the
    /// connection yet, so the extended code comes from `sqlite3_extended_errcode`, which "returns
    /// the extended result code even when extended result codes are disabled".
    /// (https://www.sqlite.org/c3ref/errcode.html)
    private static func probe(_ connection: OpaquePointer) -> Int32 {
        let code = sqlite3_exec(connection, probeSQL, nil, nil, nil)
        return code == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(connection)
    }

    /// Makes a read-only connection able to read the store, or throws why it cannot.
    ///
    /// - A hot journal (`<store>-journal`, left by a process that was killed while it wrote under
    ///   a rollback journal, e.g. while it switched a new store to WAL) fails every read of a
    ///   read-only connection with `SQLITE_READONLY_ROLLBACK`. The journal is rolled back by a
    ///   short-lived read-write connection (see ``rollBackHotJournal(path:busyTimeoutMilliseconds:)``),
    ///   then the store is reopened read-only.
    /// - A WAL-mode store whose `-shm` cannot be created is reopened as immutable
    ///   (see ``needsImmutableOpen(code:path:)``).
    ///
    /// Takes ownership of `connection`: it is closed when another one is returned or on error.
    private static func readableConnection(
        _ connection: OpaquePointer, path: String, busyTimeoutMilliseconds: Int32
    ) throws -> OpaquePointer {
        var connection = connection
        var code = probe(connection)
        if code == readOnlyRollback {
            sqlite3_close_v2(connection)
            try rollBackHotJournal(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            connection = try open(path, flags: SQLITE_OPEN_READONLY)
            code = probe(connection)
            if code == readOnlyRollback {
                // Another process was killed in a write since the rollback above.
                sqlite3_close_v2(connection)
                throw StoreError.hotJournal(path, "it is still there after rolling it back")
            }
        }
        if needsImmutableOpen(code: code, path: path) {
            sqlite3_close_v2(connection)
            connection = try open(immutableURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path: path)
        }
        return connection
    }

    /// Rolls back the hot journal of the store at `path` with a read-write connection that does
    /// not create the file. "Before reading from a database file, SQLite always checks to see if
    /// that database file has a hot journal. If the file does have a hot journal, then the journal
    /// is rolled back before the file is read" (https://www.sqlite.org/lockingv3.html#hot_journals),
    /// and the journal is deleted afterwards.
    /// (https://www.sqlite.org/atomiccommit.html#deleting_the_hot_journal)
    ///
    /// Throws ``StoreError/hotJournal(_:_:)`` when this process cannot write the store or its
    /// directory (the read-write open then falls back to read-only, or deleting the journal
    /// fails), and the usual busy error when another process holds the lock for longer than the
    /// busy timeout (that process then rolls the journal back itself).
    private static func rollBackHotJournal(path: String, busyTimeoutMilliseconds: Int32) throws {
        var opened: OpaquePointer?
        let openCode = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE, nil)
        guard openCode == SQLITE_OK, let connection = opened else {
            let detail = String(cString: opened.map { sqlite3_errmsg($0) } ?? sqlite3_errstr(openCode))
            sqlite3_close(opened)
            throw StoreError.hotJournal(path, "opening it for writing failed: \(detail)")
        }
        defer { sqlite3_close_v2(connection) }
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        let code = sqlite3_exec(connection, probeSQL, nil, nil, nil)
        guard code == SQLITE_OK else {
            let primary = code & 0xFF
            if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
                throw StoreError(sqliteCode: code, connection: connection, sql: nil, path: path)
            }
            let detail =
                sqlite3_db_readonly(connection, "main") == 1
                ? "the file cannot be opened for writing"
                : "rolling it back failed: \(String(cString: sqlite3_errmsg(connection)))"
            throw StoreError.hotJournal(path, detail)
        }
    }

    /// Whether a read-only connection whose probe failed with `code` cannot read a WAL-mode store
    /// only because the store's `-shm` file is missing and cannot be created (a write-protected
    /// file in a directory this user cannot write: SQLite then fails every read with
    /// `SQLITE_READONLY_CANTINIT`), and the store has no write-ahead log to replay, so opening it
    /// as immutable reads exactly what is in the file. "WAL databases can be read by read-only
    /// connections ... if the -shm and -wal files already exist or those files can be created or
    /// the database is immutable." (https://www.sqlite.org/wal.html#readonly)
    ///
    /// Never for `SQLITE_READONLY_ROLLBACK`: an immutable open ignores the hot journal and would
    /// read the half-written pages of the interrupted transaction.
    private static func needsImmutableOpen(code: Int32, path: String) -> Bool {
        guard code & 0xFF == SQLITE_READONLY, code != readOnlyRollback else { return false }
        var info = stat()
        if stat(path + "-wal", &info) == 0 && info.st_size > 0 { return false }
        return true
    }

    /// The URI filename that opens `path` read-only as immutable
    /// (https://www.sqlite.org/uri.html: `%`, `?` and `#` are escaped in the path).
    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?mode=ro&immutable=1"
    }

    /// Finalizes the cached statements, then closes the connection.
    private func close() {
        cache.removeAll()
        // "If sqlite3_close_v2() is called with unfinalized prepared statements ... then the
        // database connection becomes an unusable 'zombie' which will automatically be
        // deallocated when the last prepared statement is finalized"
        // (https://www.sqlite.org/c3ref/close.html). Every Statement is finalized above or by
        // its own deinit, so this closes the connection now; the v2 form is the safe choice for
        // a deinit, which cannot report failure.
        sqlite3_close_v2(handle)
    }

    private static func checkHeader(path: String, readOnly: Bool) throws {
        var isDirectory: ObjCBool = false
        let directory = (path as NSString).deletingLastPathComponent
        let shownDirectory = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if readOnly {
                throw StoreError(.notFound("store \(path)"), "there is no store at \(path) (no such file)", path: path,
                                 resultCode: SQLITE_CANTOPEN)
            }
            // SQLite would only say "unable to open database file": name the directory's problem.
            var isDirectoryThere: ObjCBool = false
            guard FileManager.default.fileExists(atPath: shownDirectory, isDirectory: &isDirectoryThere) else {
                throw StoreError(.cannotOpen, "cannot create the store at \(path): the directory \(shownDirectory) does not exist "
                                 + "(create it, or pass another --store)", path: path, resultCode: SQLITE_CANTOPEN)
            }
            guard isDirectoryThere.boolValue else {
                throw StoreError(.cannotOpen, "cannot create the store at \(path): \(shownDirectory) is not a directory",
                                 path: path, resultCode: SQLITE_CANTOPEN)
            }
            guard access(shownDirectory, W_OK) == 0 else {
                throw StoreError(.cannotOpen, "cannot create the store at \(path): the directory \(shownDirectory) is not writable",
                                 path: path, resultCode: SQLITE_CANTOPEN)
            }
            return
        }
        if isDirectory.boolValue {
            throw StoreError(.cannotOpen, "cannot open the store at \(path): it is a directory", path: path,
                resultCode: SQLITE_CANTOPEN)
        }
        // Let SQLite report unreadable files; only a readable file is checked here.
        guard let file = FileHandle(forReadingAtPath: path) else { return }
        defer { try? file.close() }
        let header = (try? file.read(upToCount: magicHeader.count)) ?? Data()
        if header.isEmpty { return }
        guard Array(header) == magicHeader else {
            throw StoreError.notAStore(path, "the file is not an SQLite database")
        }
    }

    // MARK: Statements

    /// A statement from the connection's cache, compiled on first use.
    func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = cache[sql] { return statement }
        let statement = try Statement(connection: handle, sql: sql, path: path, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// Runs a statement to completion, ignoring rows, and returns the number of changed rows.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue] = [], cached: Bool = true) throws -> Int {
        let statement = cached
            ? try cachedStatement(sql)
            : try Statement(connection: handle, sql: sql, path: path, persistent: false)
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() {}
        return Int(sqlite3_changes64(handle))
    }

    /// Runs a query and calls `row` for each row.
    func query(_ sql: String, _ arguments: [SQLValue] = [], _ row: (Statement) throws -> Void) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() {
            try row(statement)
        }
    }

    /// Runs a query and decodes its first row, if any.
    func queryOne<T>(_ sql: String, _ arguments: [SQLValue] = [], _ decode: (Statement) throws -> T) throws -> T? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step() ? decode(statement) : nil
    }

    /// Runs several `;`-separated statements (migrations), without arguments.
    func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            var error = StoreError(sqliteCode: code, connection: handle, sql: sql, path: path)
            if let message {
                error.message = String(cString: message)
            }
            // "To avoid memory leaks, the application should invoke sqlite3_free() on error
            // message strings returned through the 5th parameter of sqlite3_exec()"
            // (https://www.sqlite.org/c3ref/exec.html)
            sqlite3_free(message)
            throw error
        }
    }

    /// The rowid of the last inserted row.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    // MARK: Transactions

    enum TransactionKind {
        /// Reads: a consistent snapshot; no lock is taken until the first read.
        case deferred
        /// Writes: takes the write lock at BEGIN, waiting up to the busy timeout for it.
        case immediate
    }

    /// Runs `body` in a transaction, committing on success and rolling back on error.
    ///
    /// `BEGIN IMMEDIATE` "causes a RESERVED lock to be acquired ... without waiting for the
    /// database to be written", so a writer waits for the lock at BEGIN (through the busy
    /// handler) instead of failing with `SQLITE_BUSY` when it upgrades a read transaction.
    /// (https://www.sqlite.org/lang_transaction.html)
    ///
    /// Some `SQLITE_BUSY` errors bypass the busy handler (WAL recovery by another connection, a
    /// concurrent change of journal mode), so a transaction that fails with `SQLITE_BUSY` is
    /// rolled back and re-run up to ``busyRetries`` times after a short pause. `body` must
    /// therefore have no effects outside the database.
    func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try withBusyRetry {
            try execute(kind == .immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                rollback()
                throw error
            }
        }
    }

    /// Re-runs `body` after a short pause when it fails with `SQLITE_BUSY`.
    func withBusyRetry<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as StoreError where error.kind == .busy && attempt < busyRetries {
                attempt += 1
                Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.05) * Double(attempt))
            }
        }
    }

    private func rollback() {
        // "If certain kinds of errors occur on a statement within a multi-statement transaction,
        // the transaction might be rolled back automatically", so ROLLBACK only when a
        // transaction is still open: "The sqlite3_get_autocommit() interface returns non-zero or
        // zero if the given database connection is or is not in autocommit mode".
        // (https://www.sqlite.org/lang_transaction.html, https://www.sqlite.org/c3ref/get_autocommit.html)
        for statement in cache.values { statement.reset() }
        if sqlite3_get_autocommit(handle) == 0 {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        }
    }
}

@available(*, unavailable)
extension Database: Sendable {}
