import ExpDomain
import ExpStore
import Foundation

/// `exp sweep --format json`: the sweep, its counts and the best trials.
struct SweepReport {
    var sweep: SweepRecord
    var counts: TrialCounts
    var best: [TrialSummary]
    var seconds: Double

    func json() throws -> String {
        let bestRows = try JSONSerialization.jsonObject(with: Data(RunsTable(trials: best, metric: sweep.metric).render(.json).utf8))
        let object: [String: Any] = [
            "sweep": SweepDescription(sweep).object,
            "counts": ["pending": counts.pending, "running": counts.running, "done": counts.done, "failed": counts.failed],
            "seconds": seconds,
            "best": bestRows,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
                      as: UTF8.self)
    }
}

/// A sweep's provenance as a JSON object.
struct SweepDescription {
    var object: [String: Any]

    init(_ sweep: SweepRecord) {
        let environment = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(sweep.environment))) ?? [:]
        object = [
            "id": sweep.id, "name": sweep.name, "metric": sweep.metric, "goal": sweep.metricGoal.rawValue,
            "seed": String(sweep.seed), "spec_hash": sweep.specHash, "dataset_sha256": sweep.datasetSHA256,
            "dataset": sweep.datasetDescription, "fold_hash": sweep.foldHash, "exp_version": sweep.expVersion,
            "environment": environment, "command": sweep.command, "created_at": sweep.createdAt,
        ]
    }
}
