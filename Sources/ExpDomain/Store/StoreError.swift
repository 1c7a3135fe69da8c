import Foundation

/// The one error of the experiment store, whatever the backend (SQLite now, PostgreSQL next).
///
/// Every failure carries what a user needs to act on it: a ``Kind`` to branch on, a message that
/// names the store (its location, with any password redacted) and, when the backend reported the
/// failure, the backend's own ``cause`` (an SQLite result code and the SQL, say).
///
/// ```swift
/// do {
///     try await store.complete(claim, result)
/// } catch let error as StoreError where error.kind == .leaseLost {
///     // another worker owns the trial now; drop this result
/// }
/// ```
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, independent of the backend's wording.
    public enum Kind: Hashable, Sendable {
        /// The location holds something that is not an exp store (another program's database).
        case notAStore
        /// The store was written by a newer exp whose schema this build does not know.
        case newerSchema(found: Int, supported: Int)
        /// A write was attempted on a store opened read-only or without write permission.
        case readOnly
        /// Another connection held a lock for longer than the store waits.
        case busy
        /// A sweep, trial, model or store that does not exist.
        case notFound(String)
        /// The worker's lease on a trial was lost: another worker reclaimed the trial (or it
        /// finished or was released), so this worker's result is not recorded.
        case leaseLost
        /// An argument the store cannot accept (empty name, non-positive lease, …).
        case invalidArgument(String)
        /// The store reports its data as damaged, or a stored record cannot be decoded.
        case corrupt
        /// The store cannot be opened or reached (missing directory, refused connection, …).
        case cannotOpen
        /// Any other backend failure; see ``cause``.
        case backend
    }

    /// What went wrong.
    public var kind: Kind
    /// A human-readable explanation that names the store.
    public var message: String
    /// Where the store is (a path, or a URL without its password).
    public var store: String
    /// The backend's own error, for logs and for tests of the backend.
    public var cause: (any Error & Sendable)?

    public init(_ kind: Kind, _ message: String, store: String, cause: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.store = store
        self.cause = cause
    }

    public var description: String {
        var text = message
        if kind == .backend || kind == .corrupt, let detail = (cause as? any StoreErrorDetail)?.detail, !detail.isEmpty {
            text += " [\(detail)]"
        }
        return text
    }

    // MARK: Errors every backend reports the same way

    public static func notAStore(_ store: String, _ reason: String) -> StoreError {
        StoreError(.notAStore, "\(store) is not an exp store: \(reason)", store: store)
    }

    public static func newerSchema(found: Int, supported: Int, store: String) -> StoreError {
        StoreError(
            .newerSchema(found: found, supported: supported),
            "the store at \(store) has schema version \(found), but this exp supports schema versions up to "
                + "\(supported); upgrade exp to open it",
            store: store)
    }

    public static func readOnly(_ store: String, _ detail: String = "", cause: (any Error & Sendable)? = nil) -> StoreError {
        let reason = detail.isEmpty ? "" : " (\(detail))"
        return StoreError(
            .readOnly, "the store at \(store) is read-only\(reason); this command needs to write to it",
            store: store, cause: cause)
    }

    public static func notFound(_ what: String, store: String) -> StoreError {
        StoreError(.notFound(what), "\(what) not found in the store at \(store)", store: store)
    }

    public static func invalidArgument(_ reason: String, store: String) -> StoreError {
        StoreError(.invalidArgument(reason), "invalid argument: \(reason)", store: store)
    }

    public static func leaseLost(trialID: Int64, worker: String, attempt: Int, current: String, store: String) -> StoreError {
        StoreError(
            .leaseLost,
            "worker '\(worker)' lost its lease on trial \(trialID) (attempt \(attempt)): \(current); "
                + "its result was not recorded",
            store: store)
    }

    /// A stored record that cannot be decoded: `record` names it ("trial 12"), `field` the column.
    public static func corruptRecord(_ error: DomainError, store: String) -> StoreError {
        StoreError(.corrupt, "in the store at \(store): \(error.description)", store: store, cause: error)
    }
}

/// A backend error that can add a detail (such as the failing SQL) to ``StoreError/description``.
public protocol StoreErrorDetail: Error, Sendable {
    var detail: String { get }
}

/// `localizedDescription` (what Foundation and ArgumentParser print) is the full message.
extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}
