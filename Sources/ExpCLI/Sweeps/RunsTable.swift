import ExpDomain
import ExpStore
import Foundation

/// Trials as a table, JSON or CSV: id, number, state, the sweep's metric first, the other metrics,
/// and the searched parameters.
struct RunsTable {
    var trials: [TrialSummary]
    var metric: String?
    /// Metrics shown in the text table (JSON and CSV always carry all of them); nil shows the
    /// ranking metric plus ``defaultTableMetrics``, four in all, so the table fits a terminal.
    var tableMetrics: [String]? = nil

    static let defaultTableMetrics = ["roc_auc", "average_precision", "log_loss", "f1"]

    static let metricOrder = ["roc_auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1"]

    var metricNames: [String] {
        let present = Set(trials.flatMap { $0.metrics.keys })
        var names = Self.metricOrder.filter { present.contains($0) }
        names += present.subtracting(names).sorted()
        if let metric, let i = names.firstIndex(of: metric) { names.insert(names.remove(at: i), at: 0) }
        return names
    }

    /// Parameters whose values differ between the listed trials (all of them when one trial).
    func parameterNames() throws -> [String] {
        let params = try trials.map { try $0.parameterTexts() }
        let keys = Set(params.flatMap { $0.keys }).sorted()
        guard params.count > 1 else { return keys.filter { ["hidden_layers", "alpha", "k_best"].contains($0) } }
        return keys.filter { key in Set(params.map { $0[key] ?? "" }).count > 1 }
    }

    func render(_ format: ListingFormat) throws -> String {
        var metrics = metricNames
        if format == .table {
            let wanted = tableMetrics ?? Array(([metric].compactMap { $0 } + Self.defaultTableMetrics)
                .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.prefix(4))
            metrics = metrics.filter { wanted.contains($0) }
        }
        let params = try parameterNames()
        switch format {
        case .json:
            let rows: [[String: Any]] = try trials.map { t in
                var row: [String: Any] = ["id": t.id, "sweep": t.sweepID, "number": t.number, "state": t.state.rawValue,
                                          "seed": String(t.seed)]
                row["duration_seconds"] = t.durationSeconds ?? NSNull()
                row["params"] = try StoredObject.parse(t.paramsJSON, record: t.recordName, field: "params_json")
                row["metrics"] = t.metrics.mapValues { ["mean": jsonNumber($0.mean), "std": jsonNumber($0.std)] }
                if let error = t.error { row["error"] = error }
                return row
            }
            let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case .table, .csv:
            var table = TextTable(header: ["id", "#", "state"] + metrics.map { format == .table ? "\($0) (±std)" : $0 } + params)
            if format == .csv {
                table.header = ["id", "number", "state"] + metrics.flatMap { [$0, "\($0)_std"] } + params
            }
            table.rightAligned = Set(0..<(3 + metrics.count * (format == .csv ? 2 : 1)))
            for t in trials {
                let values = try t.parameterTexts()
                var row = [String(t.id), String(t.number), t.state.rawValue]
                for name in metrics {
                    let m = t.metrics[name]
                    if format == .csv {
                        row += [m.map { String($0.mean) } ?? "", m.map { String($0.std) } ?? ""]
                    } else {
                        row.append(m.map { "\(formatMetric($0.mean)) ±\(formatMetric($0.std))" } ?? "-")
                    }
                }
                row += params.map { values[$0] ?? "" }
                table.rows.append(row)
            }
            return format == .csv ? table.csv() : table.render()
        }
    }
}

/// NaN has no JSON spelling: write null.
func jsonNumber(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

/// One parameter value decoded for display, keeping booleans as booleans.
