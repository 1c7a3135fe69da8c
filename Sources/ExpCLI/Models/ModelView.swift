import ExpDomain
import ExpStore
import Foundation

/// `exp models show`: one registered version as text or JSON.
enum ModelView {
    static func json(_ record: ModelVersionRecord) -> [String: Any] {
        func object(_ json: String) -> Any { (try? JSONSerialization.jsonObject(with: Data(json.utf8))) ?? [:] }
        return [
            "name": record.name, "version": record.version, "aliases": record.aliases,
            "bundle": record.bundlePath, "digest": record.digest, "size_bytes": record.sizeBytes,
            "sweep_id": record.sweepID ?? NSNull(), "trial_id": record.trialID ?? NSNull(),
            "params": object(record.paramsJSON), "cv_metrics": object(record.cvMetricsJSON),
            "holdout_metrics": object(record.holdoutMetricsJSON), "promoted_by": record.promotedBy,
            "promoted_at": record.promotedAt, "command": record.command,
        ]
    }

    static func text(_ record: ModelVersionRecord, allVersions: [Int]) -> String {
        var lines: [String] = []
        lines.append("\(record.name):\(record.version)\(record.aliases.isEmpty ? "" : "  (\(record.aliases.map { "@\($0)" }.joined(separator: " ")))")")
        lines.append("  bundle    \(FilePaths.display(record.bundlePath)) (\(record.sizeBytes) bytes)")
        lines.append("  sha256    \(record.digest)")
        lines.append("  lineage   sweep \(record.sweepID.map(String.init) ?? "-"), trial \(record.trialID.map(String.init) ?? "-")")
        lines.append("  promoted  \(formatTime(record.promotedAt)) by \(record.promotedBy)")
        lines.append("  command   \(record.command)")
        lines.append("  versions  \(allVersions.sorted().map { "v\($0)" }.joined(separator: " "))")
        let cv = (try? JSONSerialization.jsonObject(with: Data(record.cvMetricsJSON.utf8))) as? [String: Any] ?? [:]
        let holdout = (try? JSONSerialization.jsonObject(with: Data(record.holdoutMetricsJSON.utf8))) as? [String: Any] ?? [:]
        var table = TextTable(header: ["metric", "cv mean", "cv std", "holdout"])
        for name in Set(cv.keys).union(holdout.keys).sorted() {
            let summary = cv[name] as? [String: Any]
            table.rows.append([name, formatMetric(summary?["mean"] as? Double), formatMetric(summary?["std"] as? Double),
                       formatMetric(holdout[name] as? Double)])
        }
        lines.append("")
        let params = (try? JSONSerialization.jsonObject(with: Data(record.paramsJSON.utf8))) as? [String: Any] ?? [:]
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
