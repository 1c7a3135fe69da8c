import CSQLite
import ExpDomain

/// What SQLite said about a failure: the backend-specific ``StoreError/cause`` of the SQLite store.
///
/// Related SQLite documentation: <https://www.sqlite.org/rescode.html>
public struct SQLiteCause: StoreErrorDetail, Hashable {
    /// The primary SQLite result code (`SQLITE_BUSY`, …), or `SQLITE_ERROR` for failures found by
    /// the store itself.
    public var resultCode: Int32
    /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, …); equals ``resultCode`` when SQLite
    /// gave no extended code.
    public var extendedResultCode: Int32
    /// SQLite's own message.
    public var message: String
    /// The SQL statement that failed, if any.
    public var sql: String?

    public var detail: String { sql.map { "SQL: \($0)" } ?? "" }
}

extension StoreError {
    /// An error the SQLite store found itself, with an SQLite result code for callers that branch on it.
    init(_ kind: Kind, _ message: String, path: String, sql: String? = nil,
         resultCode: Int32 = SQLITE_ERROR, extendedResultCode: Int32? = nil) {
        self.init(kind, message, store: path, cause: SQLiteCause(
            resultCode: resultCode & 0xFF, extendedResultCode: extendedResultCode ?? resultCode, message: message, sql: sql))
    }

    /// An error from an SQLite result code, with the connection's message when there is one.
    init(sqliteCode code: Int32, connection: OpaquePointer?, sql: String?, path: String) {
        let primary = code & 0xFF
        var extended = code
        var message = String(cString: sqlite3_errstr(code))
        if let connection {
            // "If the most recent sqlite3_* API call associated with database connection D
            // failed, then the sqlite3_errcode(D) interface returns the numeric result code or
            // extended result code for that API call." (https://www.sqlite.org/c3ref/errcode.html)
            let connectionCode = sqlite3_extended_errcode(connection)
            if connectionCode & 0xFF == primary {
                extended = connectionCode
                message = String(cString: sqlite3_errmsg(connection))
            }
        }
        let kind: Kind
        switch primary {
        case SQLITE_NOTADB: kind = .notAStore
        case SQLITE_READONLY: kind = .readOnly
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .busy
        case SQLITE_CORRUPT: kind = .corrupt
        case SQLITE_CANTOPEN: kind = .cannotOpen
        default: kind = .backend
        }
        self.init(kind, Self.explain(kind, sqliteMessage: message, path: path), store: path,
                  cause: SQLiteCause(resultCode: primary, extendedResultCode: extended, message: message, sql: sql))
    }

    private static func explain(_ kind: Kind, sqliteMessage: String, path: String) -> String {
        switch kind {
        case .notAStore: "\(path) is not an exp store (SQLite: \(sqliteMessage))"
        case .readOnly:
            "the store at \(path) is read-only (SQLite: \(sqliteMessage)); this command needs to write to it"
        case .busy:
            "the store at \(path) stayed locked by another process for longer than the busy timeout "
                + "(SQLite: \(sqliteMessage))"
        case .corrupt: "the store at \(path) is damaged (SQLite: \(sqliteMessage))"
        case .cannotOpen: "cannot open the store at \(path) (SQLite: \(sqliteMessage))"
        default: sqliteMessage
        }
    }

    /// The SQLite detail of this error, when SQLite (or the SQLite store) reported it.
    public var sqlite: SQLiteCause? { cause as? SQLiteCause }
    /// The primary SQLite result code, or nil for an error of another backend.
    public var resultCode: Int32? { sqlite?.resultCode }
    /// The extended SQLite result code, or nil for an error of another backend.
    public var extendedResultCode: Int32? { sqlite?.extendedResultCode }
    /// The SQL statement that failed, if any.
    public var sql: String? { sqlite?.sql }

    // MARK: SQLite store errors

    static func notFound(_ what: String, path: String) -> StoreError { .notFound(what, store: path) }

    static func invalidArgument(_ reason: String, path: String) -> StoreError { .invalidArgument(reason, store: path) }

    static func newerSchema(found: Int, supported: Int, path: String) -> StoreError {
        .newerSchema(found: found, supported: supported, store: path)
    }

    static func leaseLost(trialID: Int64, worker: String, attempt: Int, current: String, path: String) -> StoreError {
        .leaseLost(trialID: trialID, worker: worker, attempt: attempt, current: current, store: path)
    }

    static func readOnlyFile(_ path: String, _ detail: String = "") -> StoreError {
        .readOnly(path, detail, cause: SQLiteCause(resultCode: SQLITE_READONLY, extendedResultCode: SQLITE_READONLY,
                                                   message: "read-only", sql: nil))
    }

    /// A read-only open found a hot journal (`<store>-journal`: the rollback journal of a write
    /// that a killed process left unfinished) and could not roll it back, because that needs
    /// write access to the store and its directory. Nothing is lost: the next writer rolls the
    /// journal back. (https://www.sqlite.org/lockingv3.html#hot_journals)
    static func hotJournal(_ path: String, _ detail: String) -> StoreError {
        StoreError(
            .readOnly,
            "the store at \(path) has an unfinished write from an interrupted process (a hot journal, "
                + "\(path)-journal) that only a writer can roll back (\(detail)); nothing is lost: run an exp "
                + "command on the store with write access to the file and its directory (any command, such "
                + "as `exp sweep --resume ID`, rolls the journal back then), or copy the store together "
                + "with its -journal file to a writable directory and open the copy",
            path: path, resultCode: SQLITE_READONLY, extendedResultCode: Database.readOnlyRollback)
    }
}
