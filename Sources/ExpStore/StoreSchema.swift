import ExpDomain

/// The store schema, as numbered migrations.
///
/// Rules: a migration that has shipped is never edited; add a new one with the next number and
/// raise nothing else (``SQLiteStore/schemaVersion`` follows the last migration).
///
/// Conventions of the schema: times are Unix seconds (`REAL`); a metric value of NaN is stored
/// as NULL; 64-bit seeds are stored as the signed integer with the same bits; tables are `STRICT`
/// (SQLite 3.37+), so a value of the wrong type is rejected instead of stored.
enum StoreSchema {
    /// `PRAGMA application_id` of an exp store: "EXPS" in ASCII. It tells an exp store apart
    /// from any other SQLite database.
    static let applicationID: Int32 = 0x4558_5053

    static let migrations: [Migration] = [
        Migration(version: 1, name: "initial", sql: version1),
        Migration(version: 2, name: "model registry", sql: version2),
    ]

    private static let version1 = """
        PRAGMA application_id = \(applicationID);

        CREATE TABLE sweeps (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            spec_hash TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            dataset_sha256 TEXT NOT NULL,
            dataset_description TEXT NOT NULL,
            fold_hash TEXT NOT NULL,
            seed INTEGER NOT NULL,
            metric TEXT NOT NULL,
            metric_goal TEXT NOT NULL CHECK (metric_goal IN ('max', 'min')),
            exp_version TEXT NOT NULL,
            environment_json TEXT NOT NULL,
            command TEXT NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE (name, spec_hash, dataset_sha256)
        ) STRICT;

        CREATE TABLE trials (
            id INTEGER PRIMARY KEY,
            sweep_id INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number >= 0),
            cell_hash TEXT NOT NULL,
            params_json TEXT NOT NULL,
            seed INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'running', 'done', 'failed')),
            worker TEXT,
            lease_until REAL,
            attempt INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
            started_at REAL,
            finished_at REAL,
            duration_seconds REAL,
            error TEXT,
            UNIQUE (sweep_id, cell_hash),
            UNIQUE (sweep_id, number)
        ) STRICT;
        -- The claim query: the first pending trial, and running trials with a stale lease.
        CREATE INDEX trials_by_state ON trials (sweep_id, state, number);

        -- Summary (mean, std over folds) of each metric of a finished trial. sweep_id repeats
        -- trials.sweep_id so that a listing sorted by a metric is an index range scan.
        CREATE TABLE trial_metrics (
            trial_id INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
            sweep_id INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            mean REAL,
            std REAL,
            PRIMARY KEY (trial_id, name)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX trial_metrics_by_value ON trial_metrics (name, mean, trial_id);
        CREATE INDEX trial_metrics_by_sweep_value ON trial_metrics (sweep_id, name, mean, trial_id);

        CREATE TABLE folds (
            trial_id INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
            fold INTEGER NOT NULL CHECK (fold >= 0),
            train_rows INTEGER NOT NULL,
            test_rows INTEGER NOT NULL,
            epochs INTEGER NOT NULL,
            best_epoch INTEGER,
            curves_json TEXT NOT NULL,
            PRIMARY KEY (trial_id, fold)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE fold_metrics (
            trial_id INTEGER NOT NULL,
            fold INTEGER NOT NULL,
            name TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (trial_id, fold, name),
            FOREIGN KEY (trial_id, fold) REFERENCES folds (trial_id, fold) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;

        -- Out-of-fold predicted probabilities: little-endian IEEE 754 binary64, in row order.
        CREATE TABLE predictions (
            trial_id INTEGER PRIMARY KEY REFERENCES trials (id) ON DELETE CASCADE,
            oof BLOB NOT NULL
        ) STRICT;

        -- Append-only audit log.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            sweep_id INTEGER REFERENCES sweeps (id) ON DELETE CASCADE,
            trial_id INTEGER REFERENCES trials (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            worker TEXT,
            at REAL NOT NULL,
            detail TEXT
        ) STRICT;
        CREATE INDEX events_by_sweep ON events (sweep_id);
        CREATE INDEX events_by_trial ON events (trial_id);
        CREATE TRIGGER events_append_only BEFORE UPDATE ON events
        BEGIN
            SELECT RAISE(ABORT, 'events are append-only');
        END;
        """

    /// The model registry: immutable numbered versions per name, movable aliases, and the
    /// promotion record of each version (who, when, from which trial, with which metrics).
    private static let version2 = """
        CREATE TABLE model_versions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(name) > 0),
            version INTEGER NOT NULL CHECK (version >= 1),
            sweep_id INTEGER REFERENCES sweeps (id),
            trial_id INTEGER REFERENCES trials (id),
            bundle_path TEXT NOT NULL,
            digest TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            params_json TEXT NOT NULL,
            cv_metrics_json TEXT NOT NULL,
            holdout_metrics_json TEXT NOT NULL,
            promoted_by TEXT NOT NULL,
            promoted_at REAL NOT NULL,
            command TEXT NOT NULL,
            UNIQUE (name, version)
        ) STRICT;
        CREATE INDEX model_versions_by_trial ON model_versions (trial_id);
        CREATE TRIGGER model_versions_immutable BEFORE UPDATE ON model_versions
        BEGIN
            SELECT RAISE(ABORT, 'model versions are immutable');
        END;

        CREATE TABLE model_aliases (
            name TEXT NOT NULL,
            alias TEXT NOT NULL CHECK (length(alias) > 0),
            version INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        ) STRICT, WITHOUT ROWID;
        """
}
