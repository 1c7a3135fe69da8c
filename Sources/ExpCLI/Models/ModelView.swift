import ExpDomain
import Foundation

/// `exp models show`: one registered version as text or JSON.
enum ModelView {
    static func json(_ record: ModelVersionRecord) throws -> [String: Any] {
        func object(_ json: String, _ field: String) throws -> Any {
            try StoredObject.parse(json, record: record.recordName, field: field)
        }
        return [
            "name": record.name, "version": record.version, "aliases": record.aliases,
            "bundle": record.artifact.stored, "digest": record.digest, "size_bytes": record.sizeBytes,
            "sweep_id": record.sweepID ?? NSNull(), "trial_id": record.trialID ?? NSNull(),
            "params": try object(record.paramsJSON, "params_json"),
            "cv_metrics": try object(record.cvMetricsJSON, "cv_metrics_json"),
            "holdout_metrics": try object(record.holdoutMetricsJSON, "holdout_metrics_json"), "promoted_by": record.promotedBy,
            "promoted_at": record.promotedAt, "command": record.command,
        ]
    }

    static func text(_ record: ModelVersionRecord, allVersions: [Int]) throws -> String {
        var lines: [String] = []
        lines.append("\(record.name):\(record.version)\(record.aliases.isEmpty ? "" : "  (\(record.aliases.map { "@\($0)" }.joined(separator: " ")))")")
        lines.append("  bundle    \(record.artifact.filePath.map(FilePaths.display) ?? record.artifact.stored) (\(record.sizeBytes) bytes)")
        lines.append("  sha256    \(record.digest)")
        lines.append("  lineage   sweep \(record.sweepID.map(String.init) ?? "-"), trial \(record.trialID.map(String.init) ?? "-")")
        lines.append("  promoted  \(formatTime(record.promotedAt)) by \(record.promotedBy)")
        lines.append("  command   \(record.command)")
        lines.append("  versions  \(allVersions.sorted().map { "v\($0)" }.joined(separator: " "))")
        let cv = try record.crossValidationMetrics()
        let holdout = try record.holdoutMetrics()
        var table = TextTable(header: ["metric", "cv mean", "cv std", "holdout"])
        for name in Set(cv.keys).union(holdout.keys).sorted() {
            let summary = cv[name]
            table.rows.append([name, formatMetric(summary?.mean), formatMetric(summary?.std),
                       formatMetric(holdout[name] ?? nil)])
        }
        lines.append("")
        let params = try StoredObject.parse(record.paramsJSON, record: record.recordName, field: "params_json") as? [String: Any]
        guard let params else {
            throw DomainError.corruptRecord(record: record.recordName, field: "params_json", reason: "expected an object")
        }
        lines.append("parameters")
        for (key, value) in params.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(key.padding(toLength: 24, withPad: " ", startingAt: 0)) \(describe(value))")
        }
        lines.append("")
        return lines.joined(separator: "\n") + "\n" + table.render()
    }

    private static func describe(_ value: Any) -> String {
        if let array = value as? [Any] { return "[" + array.map(describe).joined(separator: ", ") + "]" }
        if let number = value as? NSNumber, String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
        return "\(value)"
    }
}
