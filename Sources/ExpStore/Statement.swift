import ExpDomain
import CSQLite

/// A value bound to a statement parameter.
enum SQLValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }

    /// A metric value: SQL cannot hold NaN portably, so NaN is stored as NULL.
    static func metric(_ value: Double) -> SQLValue { value.isNaN ? .null : .real(value) }

    /// A 64-bit seed, stored as the signed integer with the same bits.
    static func seed(_ value: UInt64) -> SQLValue { .integer(Int64(bitPattern: value)) }

    static func optionalText(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
}

/// A prepared statement. It owns the `sqlite3_stmt` and finalizes it in `deinit`.
///
/// Statements are created and used only by their ``Database``, on the thread that holds the
/// store's lock; they never outlive the connection (see ``Database/close()``).
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private let connection: OpaquePointer
    private let path: String

    /// Compiles one SQL statement.
    ///
    /// - Parameter persistent: a hint that the statement is kept and reused
    ///   (`SQLITE_PREPARE_PERSISTENT`: "the prepared statement will be retained for a long time
    ///   and probably reused many times", https://www.sqlite.org/c3ref/c_prepare_normalize.html).
    init(connection: OpaquePointer, sql: String, path: String, persistent: Bool) throws {
        self.connection = connection
        self.sql = sql
        self.path = path
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sql.withCString { cSQL in
            let code = sqlite3_prepare_v3(connection, cSQL, -1, flags, &statement, &tail)
            // Only one statement per Statement: anything but whitespace after it is a bug.
            if code == SQLITE_OK, let tail, String(cString: tail).contains(where: { !$0.isWhitespace }) {
                return SQLITE_MISUSE
            }
            return code
        }
        guard code == SQLITE_OK, let statement else {
            // "If there is an error, *ppStmt is set to NULL" — but a statement compiled before the
            // trailing-SQL check must still be finalized ("Invoking sqlite3_finalize() on a NULL
            // pointer is a harmless no-op", https://www.sqlite.org/c3ref/finalize.html).
            sqlite3_finalize(statement)
            if code == SQLITE_OK || code == SQLITE_MISUSE {
                throw StoreError(.backend, "expected exactly one SQL statement", path: path, sql: sql)
            }
            throw StoreError(sqliteCode: code, connection: connection, sql: sql, path: path)
        }
        self.handle = statement
    }

    deinit {
        // "The sqlite3_finalize() function is called to delete a prepared statement."
        // (https://www.sqlite.org/c3ref/finalize.html)
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to its parameters `?1 … ?n`.
    func bind(_ values: [SQLValue]) throws {
        // "Use sqlite3_reset() to reset a prepared statement back to its initial state" and
        // "Bindings are not cleared by the sqlite3_reset() routine".
        // (https://www.sqlite.org/c3ref/reset.html, https://www.sqlite.org/c3ref/clear_bindings.html)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard values.count == Int(sqlite3_bind_parameter_count(handle)) else {
            throw StoreError(
                .backend, "expected \(sqlite3_bind_parameter_count(handle)) arguments, got \(values.count)",
                path: path, sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case let .integer(v):
                code = sqlite3_bind_int64(handle, index, v)
            case let .real(v):
                code = sqlite3_bind_double(handle, index, v)
            case let .text(v):
                // SQLITE_TRANSIENT: "SQLite makes its own private copy of the data immediately,
                // before the sqlite3_bind_*() routine returns." (https://www.sqlite.org/c3ref/bind_blob.html)
                // The String-to-pointer conversion passes a NUL-terminated copy of all the UTF-8
                // bytes; the explicit length keeps any interior NUL.
                code = sqlite3_bind_text64(
                    handle, index, v, UInt64(v.utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            case let .blob(v):
                if v.isEmpty {
                    // A NULL data pointer would bind NULL, not an empty blob.
                    code = sqlite3_bind_zeroblob(handle, index, 0)
                } else {
                    code = v.withUnsafeBytes { bytes in
                        sqlite3_bind_blob64(handle, index, bytes.baseAddress, UInt64(bytes.count), csqlite_transient())
                    }
                }
            }
            guard code == SQLITE_OK else {
                throw StoreError(sqliteCode: code, connection: connection, sql: sql, path: path)
            }
        }
    }

    /// Advances to the next row: `true` for a row, `false` when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            // With the "v2" interfaces, "the more specific error code is returned directly by
            // sqlite3_step()" and the statement is left for sqlite3_reset.
            // (https://www.sqlite.org/c3ref/step.html)
            sqlite3_reset(handle)
            throw StoreError(sqliteCode: code, connection: connection, sql: sql, path: path)
        }
    }

    /// Resets the statement so it releases its read snapshot.
    ///
    /// A statement that was stepped but not reset keeps its read transaction open: "an implicit
    /// transaction ... is committed automatically when the last active statement finishes. A
    /// statement finishes when its last cursor closes, which is guaranteed to happen when the
    /// prepared statement is reset or finalized." (https://www.sqlite.org/lang_transaction.html)
    func reset() {
        sqlite3_reset(handle)
    }

    // MARK: Columns

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func seed(_ column: Int32) -> UInt64 { UInt64(bitPattern: sqlite3_column_int64(handle, column)) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    /// A metric value: NULL (how NaN is stored) reads back as NaN.
    func metric(_ column: Int32) -> Double { isNull(column) ? .nan : double(column) }

    func text(_ column: Int32) -> String {
        // "call sqlite3_column_text() first to force the result into the desired format, then
        // invoke sqlite3_column_bytes() to find the size of the result."
        // (https://www.sqlite.org/c3ref/column_blob.html)
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func blob(_ column: Int32) -> [UInt8] {
        // Same order as for text: the pointer first, then the size.
        guard let bytes = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
