import ExpDomain
import Foundation

/// `exp runs compare A B …`: parameters that differ, metric deltas against the first trial with
/// per-fold paired differences, and warnings when the trials are not comparable (different data,
/// folds or protocol).
struct TrialComparison {
    var trials: [TrialDetail]
    var allParameters: Bool
    /// Each trial's parameters as display text (decoded once; a damaged record is an error).
    private let parameters: [[String: String]]

    init(_ trials: [TrialDetail], allParameters: Bool) throws {
        self.trials = trials
        self.allParameters = allParameters
        self.parameters = try trials.map { try $0.summary.parameterTexts() }
    }

    var warnings: [String] {
        guard let base = trials.first else { return [] }
        var out: [String] = []
        for other in trials.dropFirst() {
            let a = base.sweep, b = other.sweep
            if a.datasetSHA256 != b.datasetSHA256 {
                out.append("trials \(base.summary.id) and \(other.summary.id) used different data (sha256 \(a.datasetSHA256.prefix(12))… vs \(b.datasetSHA256.prefix(12))…): metrics are not comparable")
            } else if a.foldHash != b.foldHash {
                out.append("trials \(base.summary.id) and \(other.summary.id) used different folds (fold hash \(a.foldHash.prefix(12))… vs \(b.foldHash.prefix(12))…): per-fold differences are not paired")
            }
            if a.environment != b.environment {
                out.append("trials \(base.summary.id) and \(other.summary.id) ran in different environments (\(a.environment.floatType)/\(a.environment.kernelMode) vs \(b.environment.floatType)/\(b.environment.kernelMode))")
            }
        }
        return out
    }

    var parameterRows: [(key: String, values: [String])] {
        let params = parameters
        let keys = Set(params.flatMap { $0.keys }).sorted()
        return keys.compactMap { key in
            let values = params.map { $0[key] ?? "-" }
            return allParameters || Set(values).count > 1 ? (key, values) : nil
        }
    }

    /// Per-fold differences `other − base` of `metric`, when the folds are paired.
    func pairedDifferences(_ metric: String, _ other: TrialDetail) -> [Double]? {
        guard let base = trials.first, base.sweep.foldHash == other.sweep.foldHash,
              base.folds.count == other.folds.count else { return nil }
        return zip(base.folds.sorted { $0.fold < $1.fold }, other.folds.sorted { $0.fold < $1.fold }).map { a, b in
            (b.metrics[metric] ?? .nan) - (a.metrics[metric] ?? .nan)
        }
    }

    func text() -> String {
        guard let base = trials.first else { return "" }
        let ids = trials.map { "#\($0.summary.id)" }
        var out = "comparing trials \(trials.map { String($0.summary.id) }.joined(separator: ", ")) (baseline \(base.summary.id))\n"
        for w in warnings { out += "warning: \(w)\n" }
        out += "\nparameters\(allParameters ? "" : " that differ"):\n"
        let rows = parameterRows
        if rows.isEmpty {
            out += "  (none)\n"
        } else {
            var table = TextTable(header: ["parameter"] + ids)
            table.rows = rows.map { [$0.key] + $0.values }
            out += indent(table.render())
        }
        out += "\nmetrics (mean ± std; Δ = trial − baseline; folds: paired per-fold Δ, wins/folds):\n"
        let metrics = RunsTable(trials: trials.map(\.summary), metric: base.sweep.metric).metricNames
        var header = ["metric", ids[0]]
        for id in ids.dropFirst() { header += [id, "Δ", "folds"] }
        var table = TextTable(header: header)
        table.rightAligned = Set(1..<header.count)
        for name in metrics {
            let baseValue = base.summary.metrics[name]
            var row = [name, "\(formatMetric(baseValue?.mean)) ±\(formatMetric(baseValue?.std))"]
            for other in trials.dropFirst() {
                let value = other.summary.metrics[name]
                let delta = (value?.mean ?? .nan) - (baseValue?.mean ?? .nan)
                row.append("\(formatMetric(value?.mean)) ±\(formatMetric(value?.std))")
                row.append(String(format: "%+.4f", delta))
                if let diffs = pairedDifferences(name, other) {
                    let lowerIsBetter = name == "log_loss" || name == "brier"
                    let wins = diffs.filter { lowerIsBetter ? $0 < 0 : $0 > 0 }.count
                    row.append(diffs.map { String(format: "%+.3f", $0) }.joined(separator: " ") + "  (\(wins)/\(diffs.count))")
                } else {
                    row.append("not paired")
                }
            }
            table.rows.append(row)
        }
        out += indent(table.render())
        return out
    }

    func json() throws -> String {
        guard let base = trials.first else { return "{}\n" }
        let metrics = RunsTable(trials: trials.map(\.summary), metric: base.sweep.metric).metricNames
        let object: [String: Any] = [
            "baseline": base.summary.id,
            "trials": trials.map(\.summary.id),
            "warnings": warnings,
            "parameters": Dictionary(uniqueKeysWithValues: parameterRows.map { ($0.key, $0.values) }),
            "metrics": Dictionary(uniqueKeysWithValues: metrics.map { name in
                (name, trials.map { t -> [String: Any] in
                    var entry: [String: Any] = ["trial": t.summary.id,
                                                "mean": jsonNumber(t.summary.metrics[name]?.mean ?? .nan),
                                                "std": jsonNumber(t.summary.metrics[name]?.std ?? .nan),
                                                "delta": jsonNumber((t.summary.metrics[name]?.mean ?? .nan) - (base.summary.metrics[name]?.mean ?? .nan))]
                    entry["paired_fold_deltas"] = pairedDifferences(name, t).map { $0.map(jsonNumber) } ?? NSNull()
                    return entry
                })
            }),
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
                      as: UTF8.self) + "\n"
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }
}
