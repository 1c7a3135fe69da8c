import ExpDomain
import Foundation

/// `exp runs show`: one trial in full.
struct TrialDetailView {
    var detail: TrialDetail

    init(_ detail: TrialDetail) { self.detail = detail }

    func text() throws -> String {
        let t = detail.summary, s = detail.sweep
        var out = "trial \(t.id): #\(t.number) of sweep \(s.id) '\(s.name)', \(t.state.rawValue)"
        if let d = t.durationSeconds { out += ", \(String(format: "%.1f", d)) s" }
        out += "\n"
        if let error = t.error { out += "error: \(error)\n" }
        out += "\nparameters (seed \(t.seed)):\n"
        for (key, value) in try t.parameterTexts().sorted(by: { $0.key < $1.key }) {
            out += "  \(key.padding(toLength: 22, withPad: " ", startingAt: 0)) \(value)\n"
        }
        let names = RunsTable(trials: [t], metric: s.metric).metricNames
        if !detail.folds.isEmpty {
            out += "\nmetrics per fold:\n"
            var table = TextTable(header: ["metric"] + detail.folds.map { "fold \($0.fold)" } + ["mean", "std"])
            table.rightAligned = Set(1...(detail.folds.count + 2))
            for name in names {
                table.rows.append([name] + detail.folds.map { formatMetric($0.metrics[name]) }
                                  + [formatMetric(t.metrics[name]?.mean), formatMetric(t.metrics[name]?.std)])
            }
            out += table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
            out += "\ntraining per fold:\n"
            var curves = TextTable(header: ["fold", "train", "resampled", "test", "epochs", "best epoch", "final loss", "best validation", "selected features"])
            curves.rightAligned = Set(0...7)
            for (f, c) in zip(detail.folds, try detail.curves()) {
                let bestValidation: Double? = c.validationScore.max()
                curves.rows.append([
                    String(f.fold), String(f.trainRows), String(c.resampledRows), String(f.testRows),
                    String(f.epochs), f.bestEpoch.map(String.init) ?? "-", formatMetric(c.loss.last),
                    formatMetric(bestValidation), "\(c.selectedFeatures.count)",
                ])
            }
            out += curves.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        out += "\nprovenance:\n"
        let env = s.environment
        for (key, value) in [
            ("dataset", s.datasetDescription), ("dataset sha256", s.datasetSHA256), ("spec hash", s.specHash),
            ("fold hash", s.foldHash), ("sweep seed", String(s.seed)), ("exp version", s.expVersion),
            ("environment", "swift \(env.swiftVersion), \(env.architecture), \(env.operatingSystem), \(env.floatType), kernel \(env.kernelMode)"),
            ("command", s.command), ("cell hash", detail.cellHash),
        ] {
            out += "  \(key.padding(toLength: 15, withPad: " ", startingAt: 0)) \(value)\n"
        }
        return out
    }

    func json() throws -> String {
        let t = detail.summary
        var object: [String: Any] = [
            "id": t.id, "number": t.number, "state": t.state.rawValue, "seed": String(t.seed),
            "params": try StoredObject.parse(t.paramsJSON, record: t.recordName, field: "params_json"),
            "metrics": t.metrics.mapValues { ["mean": jsonNumber($0.mean), "std": jsonNumber($0.std)] },
            "cell_hash": detail.cellHash, "sweep": SweepDescription(detail.sweep).object,
        ]
        object["duration_seconds"] = t.durationSeconds ?? NSNull()
        object["error"] = t.error ?? NSNull()
        object["folds"] = try detail.folds.map { f -> [String: Any] in
            var fold: [String: Any] = ["fold": f.fold, "train_rows": f.trainRows, "test_rows": f.testRows,
                                       "epochs": f.epochs, "metrics": f.metrics.mapValues(jsonNumber)]
            fold["best_epoch"] = f.bestEpoch ?? NSNull()
            fold["curves"] = try StoredObject.parse(f.curvesJSON, record: "\(t.recordName), fold \(f.fold)", field: "curves_json")
            return fold
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
                      as: UTF8.self) + "\n"
    }
}
