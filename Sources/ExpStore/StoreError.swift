import CSQLite
import Foundation

/// The one error type of the experiment store.
///
/// Every failure carries what a user needs to act on it: a ``Kind`` to branch on, a message, the
/// store path and, when SQLite reported the failure, its result codes and the SQL that failed.
///
/// ```swift
/// do {
///     try store.completeTrial(outcome)
/// } catch let error as StoreError where error.kind == .leaseLost {
///     // another worker owns the trial now; drop this result
/// }
/// ```
///
/// Related SQLite documentation: <https://www.sqlite.org/rescode.html>
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, independent of the SQLite wording.
    public enum Kind: Hashable, Sendable {
        /// The file is not an SQLite database, or is an SQLite database of another program.
        case notAStore
        /// The store was written by a newer exp whose schema this build does not know.
        case newerSchema(found: Int, supported: Int)
        /// A write was attempted on a store opened read-only or without write permission.
        case readOnly
        /// Another connection held the write lock for longer than the busy timeout.
        case busy
        /// A sweep, trial or store that does not exist.
        case notFound(String)
        /// The worker's lease on a trial was lost: another worker reclaimed the trial (or it
        /// finished or was released), so this worker's result is not recorded.
        case leaseLost
        /// An argument the store cannot accept (empty name, non-positive lease, …).
        case invalidArgument(String)
        /// SQLite reports the database file as damaged.
        case corrupt
        /// The file cannot be opened (missing directory, a directory instead of a file, …).
        case cannotOpen
        /// Any other SQLite failure; see ``resultCode`` and ``message``.
        case sqlite
    }

    /// What went wrong.
    public var kind: Kind
    /// The primary SQLite result code (`SQLITE_BUSY`, …), or `SQLITE_ERROR` for failures found by
    /// the store itself.
    public var resultCode: Int32
    /// The extended SQLite result code (`SQLITE_BUSY_SNAPSHOT`, …); equals ``resultCode`` when
    /// SQLite gave no extended code.
    public var extendedResultCode: Int32
    /// A human-readable explanation.
    public var message: String
    /// The SQL statement that failed, if any.
    public var sql: String?
    /// The path of the store.
    public var path: String

    init(
        _ kind: Kind, _ message: String, path: String, sql: String? = nil,
        resultCode: Int32 = SQLITE_ERROR, extendedResultCode: Int32? = nil
    ) {
        self.kind = kind
        self.message = message
        self.path = path
        self.sql = sql
        self.resultCode = resultCode & 0xFF
        self.extendedResultCode = extendedResultCode ?? resultCode
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
        default: kind = .sqlite
        }
        self.init(
            kind, Self.explain(kind, sqliteMessage: message, path: path), path: path, sql: sql,
            resultCode: primary, extendedResultCode: extended)
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

    // MARK: Store-level errors

    static func notAStore(_ path: String, _ reason: String) -> StoreError {
        StoreError(.notAStore, "\(path) is not an exp store: \(reason)", path: path, resultCode: SQLITE_NOTADB)
    }

    static func newerSchema(found: Int, supported: Int, path: String) -> StoreError {
        StoreError(
            .newerSchema(found: found, supported: supported),
            "the store at \(path) has schema version \(found), but this exp supports schema versions up to "
                + "\(supported); upgrade exp to open it",
            path: path)
    }

    static func readOnly(_ path: String, _ detail: String = "") -> StoreError {
        let reason = detail.isEmpty ? "" : " (\(detail))"
        return StoreError(
            .readOnly,
            "the store at \(path) is read-only\(reason); this command needs to write to it",
            path: path, resultCode: SQLITE_READONLY)
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

    static func notFound(_ what: String, path: String) -> StoreError {
        StoreError(.notFound(what), "\(what) not found in the store at \(path)", path: path)
    }

    static func invalidArgument(_ reason: String, path: String) -> StoreError {
        StoreError(.invalidArgument(reason), "invalid argument: \(reason)", path: path)
    }

    static func leaseLost(trialID: Int64, worker: String, attempt: Int, current: String, path: String) -> StoreError {
        StoreError(
            .leaseLost,
            "worker '\(worker)' lost its lease on trial \(trialID) (attempt \(attempt)): \(current); "
                + "its result was not recorded",
            path: path)
    }

    public var description: String {
        var text = message
        if let sql, kind == .sqlite || kind == .corrupt {
            text += " [SQL: \(sql)]"
        }
        return text
    }
}

/// `localizedDescription` (what Foundation and ArgumentParser print) is the full message.
extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}
