import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpStore

@Suite("Trial results")
struct CompletionTests {
    @Test("folds, metrics (NaN included), curves and predictions round-trip")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(store, trials: 1)
        let trial = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 50))

        let auc = [0.75, 0.5, 0.875]
        let folds = (0..<3).map { fold in
            FoldOutcome(
                fold: fold, trainRows: 600 + fold, testRows: 300 - fold, epochs: 20 + fold,
                bestEpoch: fold == 1 ? nil : 7 + fold,
                metrics: ["roc_auc": auc[fold], "precision": fold == 2 ? .nan : 0.25, "zero": 0],
                curvesJSON: #"{"loss":[0.69,0.4\#(fold)],"validation":[0.7,0.5]}"#)
        }
        let predictions = [0.25, .nan, -0.0, .infinity, 1e-300, 0.1 + 0.2, Double(bitPattern: 0x7FF8_0000_0000_0001)]
        let outcome = TrialOutcome(
            trialID: trial.id, worker: "w", attempt: trial.attempt, folds: folds.reversed(),
            oofPredictions: predictions, durationSeconds: 12.5,
            extraMetrics: ["pooled_roc_auc": MetricSummary(mean: 0.7, std: 0)])
        try store.completeTrial(outcome, now: 60)

        let detail = try #require(try store.trial(id: trial.id))
        #expect(detail.summary.state == .done)
        #expect(detail.summary.durationSeconds == 12.5)
        #expect(detail.summary.finishedAt == 60)
        #expect(detail.summary.leaseUntil == nil)
        #expect(detail.cellHash == "cell-0")
        #expect(detail.folds.count == 3)
        for (stored, original) in zip(detail.folds, folds) {
            #expect(stored.fold == original.fold)
            #expect(stored.trainRows == original.trainRows)
            #expect(stored.testRows == original.testRows)
            #expect(stored.epochs == original.epochs)
            #expect(stored.bestEpoch == original.bestEpoch)
            #expect(stored.curvesJSON == original.curvesJSON)
            #expect(stored.metrics["roc_auc"] == original.metrics["roc_auc"])
            #expect(stored.metrics["zero"] == 0)
        }
        #expect(detail.folds[2].metrics["precision"]?.isNaN == true)
        #expect(detail.folds[0].metrics["precision"] == 0.25)

        // Mean and population std (ddof = 0) over the folds in fold order.
        let rocAUC = try #require(detail.summary.metrics["roc_auc"])
        let mean = (0.75 + 0.5 + 0.875) / 3
        #expect(rocAUC.mean == mean)
        let variance = ((0.75 - mean) * (0.75 - mean) + (0.5 - mean) * (0.5 - mean) + (0.875 - mean) * (0.875 - mean)) / 3
        #expect(rocAUC.std == variance.squareRoot())
        #expect(detail.summary.metrics["precision"]?.mean.isNaN == true)
        #expect(detail.summary.metrics["precision"]?.std.isNaN == true)
        #expect(detail.summary.metrics["zero"] == MetricSummary(mean: 0, std: 0))
        #expect(detail.summary.metrics["pooled_roc_auc"] == MetricSummary(mean: 0.7, std: 0))
        #expect(detail.summary.metrics.count == 4)

        // Predictions: bit for bit, stored as little-endian binary64.
        let stored = try #require(detail.oofPredictions)
        #expect(stored.map(\.bitPattern) == predictions.map(\.bitPattern))
        let blob = try store.withDatabase { db in
            try db.queryOne("SELECT oof FROM predictions WHERE trial_id = ?1", [.integer(trial.id)]) { $0.blob(0) }
        }
        #expect(blob?.count == predictions.count * 8)
        #expect(Array(blob?.prefix(8) ?? []) == [0, 0, 0, 0, 0, 0, 0xD0, 0x3F])  // 0.25

        #expect(detail.sweep.datasetSHA256 == "data-1")
        #expect(detail.sweep.foldHash == "folds-1")
        #expect(detail.sweep.environment == Fixtures.environment)
        #expect(detail.events.map(\.kind) == ["claimed", "completed"])
        try expectIntact(store)
    }

    @Test("summaries are mean and population std in fold order")
    func summaryStatistics() {
        #expect(MetricSummary.of([2, 4, 4, 4, 5, 5, 7, 9]) == MetricSummary(mean: 5, std: 2))
        #expect(MetricSummary.of([3]) == MetricSummary(mean: 3, std: 0))
        #expect(MetricSummary.of([]).mean.isNaN)
        #expect(MetricSummary.of([1, .nan]).std.isNaN)
    }

    @Test("an empty prediction list and a trial without folds are stored")
    func emptyResult() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(store, trials: 1)
        let trial = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 50))
        try store.completeTrial(
            TrialOutcome(trialID: trial.id, worker: "w", attempt: 1, folds: [], oofPredictions: [], durationSeconds: 0),
            now: 51)
        let detail = try #require(try store.trial(id: trial.id))
        #expect(detail.oofPredictions == [])
        #expect(detail.folds.isEmpty)
        #expect(detail.summary.metrics.isEmpty)
    }

    @Test("inconsistent outcomes are refused and nothing is written")
    func invalidOutcomes() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(store, trials: 1)
        let trial = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 50))
        var duplicate = Fixtures.outcome(for: trial, value: 0.5)
        duplicate.folds[2].fold = 1
        #expect(expectError(StoreError.self) { try store.completeTrial(duplicate) }?.message.contains("fold 1 twice") == true)
        var mismatched = Fixtures.outcome(for: trial, value: 0.5)
        mismatched.folds[1].metrics["extra"] = 1
        #expect(expectError(StoreError.self) { try store.completeTrial(mismatched) }?.message.contains("reports metrics") == true)
        var repeated = Fixtures.outcome(for: trial, value: 0.5)
        repeated.extraMetrics = ["roc_auc": MetricSummary(mean: 1, std: 0)]
        #expect(expectError(StoreError.self) { try store.completeTrial(repeated) }?.message.contains("repeat fold metrics") == true)
        #expect(expectError(StoreError.self) { try store.completeTrial(TrialOutcome(
            trialID: 999, worker: "w", attempt: 1, folds: [], oofPredictions: [], durationSeconds: 0)) }?.kind
            == .notFound("trial 999"))

        let detail = try #require(try store.trial(id: trial.id))
        #expect(detail.summary.state == .running)
        #expect(detail.folds.isEmpty)
        #expect(detail.oofPredictions == nil)
        // The valid outcome still goes through.
        try store.completeTrial(Fixtures.outcome(for: trial, value: 0.5))
        #expect(try store.counts(sweepID: sweepID) == TrialCounts(done: 1))
    }

    @Test("the audit log is append-only")
    func eventsAppendOnly() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        try Fixtures.populate(store, trials: 1)
        let error = expectError(StoreError.self) {
            _ = try store.write { db in try db.execute("UPDATE events SET kind = 'edited'") }
        }
        #expect(error?.kind == .backend)
        #expect(error?.message.contains("append-only") == true)
        #expect(error?.localizedDescription.contains("append-only") == true)
        #expect(error?.sql?.contains("UPDATE events") == true)
        let kinds = try store.withDatabase { db in
            var kinds: [String] = []
            try db.query("SELECT kind FROM events ORDER BY id") { kinds.append($0.text(0)) }
            return kinds
        }
        #expect(kinds == ["sweep_created", "trials_inserted"])
    }
}
