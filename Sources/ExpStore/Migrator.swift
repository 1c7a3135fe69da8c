import ExpDomain

/// One numbered schema change.
///
/// A migration is plain SQL and never refers to application types, and a migration that has
/// shipped is never edited: a schema change is a new migration with the next number.
struct Migration: Sendable {
    let version: Int
    let name: String
    let sql: String
}

/// Applies the numbered migrations that a store lacks, each in its own `BEGIN IMMEDIATE`
/// transaction, and refuses a store written by a newer exp.
///
/// Applied versions are recorded in `schema_migrations(version, applied_at)` (the source of truth)
/// and mirrored in `PRAGMA user_version` for external tools. Two processes opening a new store at
/// once are safe: each migration re-reads the applied version after taking the write lock, so the
/// second process finds the work done and skips it.
struct Migrator: Sendable {
    let migrations: [Migration]

    /// The migrations of the exp store schema.
    static let store = Migrator(migrations: StoreSchema.migrations)

    /// The highest version this migrator knows.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The schema version of the database: 0 for a new database.
    func appliedVersion(_ db: Database) throws -> Int {
        let userVersion = try db.queryOne("PRAGMA user_version") { $0.int(0) } ?? 0
        let hasTable =
            try db.queryOne(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            ) { $0.int(0) } ?? 0
        guard hasTable > 0 else { return userVersion }
        let recorded = try db.queryOne("SELECT coalesce(max(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
        return max(recorded, userVersion)
    }

    /// Throws ``StoreError/Kind/newerSchema(found:supported:)`` when the database is ahead of
    /// this migrator.
    func checkNotNewer(_ db: Database) throws {
        let applied = try appliedVersion(db)
        if applied > latestVersion {
            throw StoreError.newerSchema(found: applied, supported: latestVersion, path: db.path)
        }
    }

    /// Applies the missing migrations up to `target` (default: all of them).
    func migrate(_ db: Database, upTo target: Int? = nil) throws {
        let target = target ?? latestVersion
        try checkNotNewer(db)
        for migration in migrations where migration.version <= target {
            // Cheap check without the write lock: an up-to-date store is not written to.
            if try appliedVersion(db) >= migration.version { continue }
            if db.isReadOnly {
                throw StoreError.readOnlyFile(
                    db.path,
                    "its schema version \(try appliedVersion(db)) must be migrated to \(latestVersion) by a writable open")
            }
            try db.transaction(.immediate) {
                // Re-read under the write lock: another process may have migrated meanwhile.
                let applied = try appliedVersion(db)
                if applied > latestVersion {
                    throw StoreError.newerSchema(found: applied, supported: latestVersion, path: db.path)
                }
                guard applied < migration.version else { return }
                try db.executeScript(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        applied_at TEXT NOT NULL
                    );
                    """)
                try db.executeScript(migration.sql)
                try db.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [.int(migration.version)], cached: false)
                try db.executeScript("PRAGMA user_version = \(migration.version)")
            }
        }
    }
}
