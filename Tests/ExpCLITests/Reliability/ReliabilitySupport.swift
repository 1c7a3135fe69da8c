import ExpDomain
import CSQLite
import ExpTestSupport
import Foundation
import Testing

/// Helpers shared by the reliability suites: raw SQLite reads of a store (independent of
/// ExpStore, so they see exactly what is on disk), directory snapshots, and processes other than
/// `exp` (`tar`, `gzip`, `setpriv`). Hostile archives are built with ``CraftedTar``.
enum Reliability {
    /// A whole number from the environment (e.g. `EXP_RELIABILITY_KILLS=20`), else `fallback`.
    static func environmentInt(_ name: String, default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback
    }

    // MARK: Raw SQLite

    /// One value read from SQLite; reals compare by bit pattern.
    enum Cell: Equatable, Hashable, Sendable, CustomStringConvertible {
        case null
        case integer(Int64)
        case real(UInt64)
        case text(String)
        case blob([UInt8])

        var string: String? {
            if case let .text(text) = self { return text }
            return nil
        }

        var int: Int? {
            if case let .integer(value) = self { return Int(value) }
            return nil
        }

        var description: String {
            switch self {
            case .null: "NULL"
            case let .integer(value): String(value)
            case let .real(bits): String(Double(bitPattern: bits))
            case let .text(text): "'\(text)'"
            case let .blob(bytes): "blob(\(bytes.count) bytes)"
            }
        }
    }

    /// Rows of `sql` on the database at `path`.
    ///
    /// Opened read-only, with a busy timeout: the checks never write, and never checkpoint or
    /// remove a WAL that a killed process left (recovering it is the next `exp`'s job). For the
    /// same reason a store with a hot rollback journal (`-journal`) cannot be read: SQLite then
    /// fails with SQLITE_READONLY_ROLLBACK.
    static func query(_ path: String, _ sql: String) throws -> [[Cell]] {
        var connection: OpaquePointer?
        let openCode = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil)
        defer { sqlite3_close_v2(connection) }
        guard openCode == SQLITE_OK, let connection else {
            throw Failure(description: "cannot open \(path): code \(openCode)")
        }
        sqlite3_busy_timeout(connection, 10_000)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
        defer { sqlite3_finalize(statement) }
        var rows: [[Cell]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(connection)))")
            }
            rows.append((0..<sqlite3_column_count(statement)).map { column -> Cell in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column).bitPattern)
                case SQLITE_TEXT: return .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    guard let base = sqlite3_column_blob(statement, column), count > 0 else { return .blob([]) }
                    return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
                default: return .null
                }
            })
        }
        return rows
    }

    /// `PRAGMA integrity_check` and `PRAGMA foreign_key_check` of the store: empty when sound.
    static func integrityProblems(_ path: String) throws -> [String] {
        let integrity = try query(path, "PRAGMA integrity_check").compactMap { $0.first?.string }.filter { $0 != "ok" }
        let foreignKeys = try query(path, "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
        return integrity + foreignKeys
    }

    /// Whether another connection holds the store's write lock right now.
    static func isWriteLocked(_ path: String) -> Bool {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let connection else { return false }
        sqlite3_busy_timeout(connection, 0)
        let code = sqlite3_exec(connection, "BEGIN IMMEDIATE", nil, nil, nil)
        if code == SQLITE_OK { sqlite3_exec(connection, "ROLLBACK", nil, nil, nil) }
        return code == SQLITE_BUSY || code == SQLITE_LOCKED
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: Files

    /// Every regular file under `directory` (relative path → bytes), to prove a command changed
    /// nothing. Directories and symbolic links are listed by path with empty contents.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = enumerator.nextObject() as? String {
            let path = base + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if attributes[.type] as? FileAttributeType == .typeRegular {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            } else {
                files[relative] = Data()
            }
        }
        return files
    }

    /// The paths whose contents differ between two snapshots (added, removed or changed).
    static func changes(_ before: [String: Data], _ after: [String: Data]) -> [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    // MARK: Processes, without blocking the test runner

    // Swift Testing runs tests on the cooperative thread pool, which has one thread per core (two
    // on CI). A test that blocks a pool thread while a child process runs starves every async
    // test meanwhile, such as the in-process HTTP server tests. So these suites wait for their
    // processes (and sleep) with `await`, never by blocking (see ``Child``).

    /// `seconds` of sleep that hold no thread.
    static func sleep(_ seconds: Double) async throws {
        try await Task.sleep(for: .nanoseconds(Int64(max(0, seconds) * 1e9)))
    }

    /// Runs `executable` with `arguments` to completion (bounded by `timeout`).
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    timeout: Duration = .seconds(120)) async throws -> ExpBinary.Run {
        try await Child(executable, arguments, in: directory, timeout: timeout).finish()
    }

    /// A shell pipeline (`/bin/sh -c`), for building hostile files with standard tools.
    @discardableResult
    static func shell(_ script: String, in directory: URL) async throws -> ExpBinary.Run {
        let run = try await run("/bin/sh", ["-c", script], in: directory)
        try #require(run.status == 0, "sh -c '\(script)' failed: \(run.stderr)")
        return run
    }

    /// Which executable runs `exp` as an unprivileged user when the tests run as root (root
    /// ignores file permissions, so a read-only store would not be read-only to it): `setpriv`
    /// with uid/gid 65534 (nobody). Empty when not root; nil when root and setpriv is missing.
    static let unprivilegedPrefix: [String]? = {
        guard getuid() == 0 else { return [] }
        return Child.locate("setpriv", in: ["/usr/bin", "/bin"]).map { [$0, "--reuid=65534", "--regid=65534", "--clear-groups"] }
    }()

    /// Runs `exp` as a user without write access to files it does not own (see
    /// ``unprivilegedPrefix``).
    static func unprivilegedExp(_ arguments: [String], in directory: URL? = nil, timeout: Duration = .seconds(120)) throws
        -> Child
    {
        guard let prefix = unprivilegedPrefix, !prefix.isEmpty else {
            return try ExpBinary.start(arguments, in: directory, timeout: timeout)
        }
        return try Child(prefix[0], Array(prefix.dropFirst()) + [ExpBinary.url.path] + arguments, in: directory, timeout: timeout)
    }

    /// The CPU-heavy reliability tests (the kill runs, the concurrent workers) take turns: the
    /// test target runs every suite at once on CI's two cores, and each of these keeps both
    /// busy on its own.
    static let heavy = Limiter(1)

    /// Runs `body` holding `limiter`.
    static func holding<T>(_ limiter: Limiter, _ body: () async throws -> T) async throws -> T {
        await limiter.acquire()
        do {
            let result = try await body()
            await limiter.release()
            return result
        } catch {
            await limiter.release()
            throw error
        }
    }

    /// At most `width` holders at a time, waiting with `await`.
    actor Limiter {
        private var available: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ width: Int) { available = width }

        func acquire() async {
            if available > 0 {
                available -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty {
                available += 1
            } else {
                waiting.removeFirst().resume()
            }
        }
    }
}

extension Reliability {
    /// Runs `sql` (one or more statements) on the database at `path`, read-write, to prepare
    /// hostile stores (e.g. a newer schema version).
    static func execute(_ path: String, _ sql: String) throws {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
              let connection else { throw Failure(description: "cannot open \(path)") }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(connection, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw Failure(description: "\(sql): \(text)")
        }
    }
}
