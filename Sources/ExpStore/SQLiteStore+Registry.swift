import ExpDomain
import Foundation

/// The model registry: numbered, immutable versions per model name and movable aliases.
///
/// A version row is written once (a trigger refuses updates); an alias is a pointer that
/// ``setAlias(name:alias:version:by:now:)`` moves. Every promotion and alias move is also
/// appended to the audit log (`events`).
extension SQLiteStore {
    static let modelVersionColumns = """
        id, name, version, sweep_id, trial_id, bundle_path, digest, size_bytes, params_json, cv_metrics_json, \
        holdout_metrics_json, promoted_by, promoted_at, command
        """

    static func decodeModelVersion(_ row: Statement) -> ModelVersionRecord {
        ModelVersionRecord(
            id: row.int64(0), name: row.text(1), version: row.int(2), sweepID: row.optionalInt64(3),
            trialID: row.optionalInt64(4), artifact: ArtifactReference(stored: row.text(5)), digest: row.text(6), sizeBytes: row.int(7),
            paramsJSON: row.text(8), cvMetricsJSON: row.text(9), holdoutMetricsJSON: row.text(10),
            promotedBy: row.text(11), promotedAt: row.double(12), command: row.text(13), aliases: [])
    }

    static func withAliases(_ db: Database, _ record: ModelVersionRecord) throws -> ModelVersionRecord {
        var record = record
        try db.query("SELECT alias FROM model_aliases WHERE name = ?1 AND version = ?2 ORDER BY alias",
                     [.text(record.name), .int(record.version)]) { record.aliases.append($0.text(0)) }
        return record
    }

    /// The version number the next promotion of `name` gets (1 for a new name).
    public func nextModelVersion(name: String) throws -> Int {
        try read { db in
            try db.queryOne("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE name = ?1",
                            [.text(name)]) { $0.int(0) } ?? 1
        }
    }

    /// Registers `model` as version `version` of its name.
    ///
    /// `version` must be the next number (``nextModelVersion(name:)``), read before the bundle
    /// was written: the bundle carries its version, so a concurrent promotion of the same name
    /// that registered first makes this one fail rather than number two bundles alike.
    ///
    /// - Throws: ``StoreError/Kind/invalidArgument(_:)`` for an invalid name, or when `version`
    ///   is no longer the next one.
    public func registerModelVersion(
        _ model: NewModelVersion, version: Int, now: Double = Date().timeIntervalSince1970
    ) throws -> ModelVersionRecord {
        if let problem = ResourceName.problem(with: model.name, as: .model) {
            throw StoreError.invalidArgument("invalid model name '\(model.name.prefix(120))': \(problem)", path: path)
        }
        let path = self.path
        return try write { db in
            let next = try db.queryOne("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE name = ?1",
                                       [.text(model.name)]) { $0.int(0) } ?? 1
            guard next == version else {
                throw StoreError.invalidArgument(
                    "model '\(model.name)' version \(version) is already registered (next is \(next)); "
                        + "another promotion ran at the same time, promote again", path: path)
            }
            try db.execute(
                """
                INSERT INTO model_versions (name, version, sweep_id, trial_id, bundle_path, digest, size_bytes,
                    params_json, cv_metrics_json, holdout_metrics_json, promoted_by, promoted_at, command)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """,
                [
                    .text(model.name), .int(version), model.sweepID.map(SQLValue.integer) ?? .null,
                    model.trialID.map(SQLValue.integer) ?? .null, .text(model.artifact.stored), .text(model.digest),
                    .int(model.sizeBytes), .text(model.paramsJSON), .text(model.cvMetricsJSON),
                    .text(model.holdoutMetricsJSON), .text(model.promotedBy), .real(now), .text(model.command),
                ])
            try Self.logEvent(
                db, kind: "model_promoted", sweepID: model.sweepID, trialID: model.trialID, worker: model.promotedBy,
                at: now, detail: "\(model.name):\(version) \(model.digest)")
            guard let record = try db.queryOne(
                "SELECT \(Self.modelVersionColumns) FROM model_versions WHERE name = ?1 AND version = ?2",
                [.text(model.name), .int(version)], Self.decodeModelVersion)
            else { throw StoreError.notFound("model \(model.name):\(version)", path: path) }
            return record
        }
    }

    /// Points `name@alias` at `version`, creating or moving the alias.
    ///
    /// - Returns: the version the alias pointed at before, if any.
    /// - Throws: ``StoreError/Kind/notFound(_:)`` when the version does not exist;
    ///   ``StoreError/Kind/invalidArgument(_:)`` for an invalid alias.
    @discardableResult
    public func setAlias(
        name: String, alias: String, version: Int, by who: String, now: Double = Date().timeIntervalSince1970
    ) throws -> Int? {
        if let problem = ResourceName.problem(with: alias, as: .alias) {
            throw StoreError.invalidArgument("invalid alias '\(alias.prefix(120))': \(problem)", path: path)
        }
        let path = self.path
        return try write { db in
            let exists = try db.queryOne("SELECT 1 FROM model_versions WHERE name = ?1 AND version = ?2",
                                         [.text(name), .int(version)]) { _ in true } ?? false
            guard exists else { throw StoreError.notFound("model \(name):\(version)", path: path) }
            let previous = try db.queryOne("SELECT version FROM model_aliases WHERE name = ?1 AND alias = ?2",
                                           [.text(name), .text(alias)]) { $0.int(0) }
            try db.execute(
                """
                INSERT INTO model_aliases (name, alias, version, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """,
                [.text(name), .text(alias), .int(version), .text(who), .real(now)])
            try Self.logEvent(
                db, kind: "alias_moved", sweepID: nil, trialID: nil, worker: who, at: now,
                detail: "\(name)@\(alias): \(previous.map(String.init) ?? "none") -> \(version)")
            return previous
        }
    }

    /// The version `reference` names, with its aliases; `nil` when there is none.
    public func modelVersion(_ reference: ModelReference) throws -> ModelVersionRecord? {
        try read { db in
            let record: ModelVersionRecord?
            switch reference {
            case let .latest(name):
                record = try db.queryOne(
                    "SELECT \(Self.modelVersionColumns) FROM model_versions WHERE name = ?1 ORDER BY version DESC LIMIT 1",
                    [.text(name)], Self.decodeModelVersion)
            case let .version(name, version):
                record = try db.queryOne(
                    "SELECT \(Self.modelVersionColumns) FROM model_versions WHERE name = ?1 AND version = ?2",
                    [.text(name), .int(version)], Self.decodeModelVersion)
            case let .alias(name, alias):
                record = try db.queryOne(
                    """
                    SELECT \(Self.modelVersionColumns) FROM model_versions
                    WHERE name = ?1 AND version = (SELECT version FROM model_aliases WHERE name = ?1 AND alias = ?2)
                    """,
                    [.text(name), .text(alias)], Self.decodeModelVersion)
            }
            return try record.map { try Self.withAliases(db, $0) }
        }
    }

    /// Every version of `name`, newest first, with their aliases.
    public func modelVersions(name: String) throws -> [ModelVersionRecord] {
        try read { db in
            var records: [ModelVersionRecord] = []
            try db.query("SELECT \(Self.modelVersionColumns) FROM model_versions WHERE name = ?1 ORDER BY version DESC",
                         [.text(name)]) { records.append(Self.decodeModelVersion($0)) }
            return try records.map { try Self.withAliases(db, $0) }
        }
    }

    /// The versions promoted from `trialID`, oldest first.
    public func modelVersions(trialID: Int64) throws -> [ModelVersionRecord] {
        try read { db in
            var records: [ModelVersionRecord] = []
            try db.query(
                "SELECT \(Self.modelVersionColumns) FROM model_versions WHERE trial_id = ?1 ORDER BY name, version",
                [.integer(trialID)]) { records.append(Self.decodeModelVersion($0)) }
            return try records.map { try Self.withAliases(db, $0) }
        }
    }

    /// Every model name, sorted, with its version count, latest version and aliases.
    public func models() throws -> [ModelSummary] {
        try read { db in
            var summaries: [ModelSummary] = []
            try db.query(
                "SELECT name, count(*), max(version), max(promoted_at) FROM model_versions GROUP BY name ORDER BY name"
            ) { row in
                summaries.append(ModelSummary(name: row.text(0), versionCount: row.int(1), latestVersion: row.int(2),
                                              latestPromotedAt: row.double(3), aliases: []))
            }
            for i in summaries.indices {
                try db.query("SELECT alias, version FROM model_aliases WHERE name = ?1 ORDER BY alias",
                             [.text(summaries[i].name)]) { summaries[i].aliases.append((alias: $0.text(0), version: $0.int(1))) }
            }
            return summaries
        }
    }
}
