import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpStore

@Suite("Trial listings")
struct ListingTests {
    /// Sweep "demo" (roc_auc, max) with trials 0…7: numbers 0…5 done with roc_auc means
    /// `values`, number 6 done with a NaN roc_auc, number 7 pending.
    static let values = [0.62, 0.91, 0.55, 0.91, 0.73, 0.80]

    func makeStore(_ dir: TemporaryDirectory) throws -> (SQLiteStore, Int64) {
        let store = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(store, trials: 8)
        for value in Self.values + [.nan] {
            let trial = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 10))
            let folds = [
                FoldOutcome(
                    fold: 0, trainRows: 1, testRows: 1, epochs: 1, bestEpoch: 1,
                    metrics: ["roc_auc": value, "log_loss": 1 - (value.isNaN ? 0.5 : value)], curvesJSON: "{}")
            ]
            try store.completeTrial(
                TrialOutcome(trialID: trial.id, worker: "w", attempt: 1, folds: folds, oofPredictions: [],
                             durationSeconds: 1), now: 11)
        }
        return (store, sweepID)
    }

    @Test("sorting by a metric: best first, ties by trial id, NaN and unfinished last")
    func sorted() throws {
        let dir = try TemporaryDirectory()
        let (store, sweepID) = try makeStore(dir)
        // Trial ids are numbers + 1.
        let descending = try store.trials(sweepID: sweepID, sortBy: "roc_auc")
        #expect(descending.map(\.number) == [1, 3, 5, 4, 0, 2, 6, 7])
        #expect(descending[0].metrics["roc_auc"]?.mean == 0.91)
        #expect(descending[6].metrics["roc_auc"]?.mean.isNaN == true)
        #expect(descending[7].state == .pending)
        #expect(descending[7].metrics.isEmpty)

        let ascending = try store.trials(sweepID: sweepID, sortBy: "roc_auc", descending: false)
        #expect(ascending.map(\.number) == [2, 0, 4, 5, 1, 3, 6, 7])

        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", limit: 3).map(\.number) == [1, 3, 5])
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", descending: false, limit: 2).map(\.number) == [2, 0])
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", limit: 7).map(\.number) == [1, 3, 5, 4, 0, 2, 6])
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", limit: 0).isEmpty)
        #expect(try store.trials(sortBy: "roc_auc", limit: 2).map(\.number) == [1, 3])
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", states: [.pending]).map(\.number) == [7])
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc", limit: 2, states: [.done]).map(\.number) == [1, 3])
        #expect(try store.trials(sweepID: sweepID, sortBy: "no_such_metric").map(\.number) == Array(0..<8))
        #expect(try store.trials(sweepID: sweepID, limit: 3).map(\.number) == [0, 1, 2])
        #expect(try store.trials(states: []).isEmpty)
        #expect(expectError(StoreError.self) { _ = try store.trials(sweepID: 5) }?.kind == .notFound("sweep 5"))
        #expect(expectError(StoreError.self) { _ = try store.trials(limit: -1) }?.kind == .invalidArgument("the limit must not be negative, not -1"))
        try expectIntact(store)
    }

    @Test("the default direction follows the goal of the sweep whose metric it is")
    func defaultDirection() throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.path())
        let sweepID = try Fixtures.populate(store, trials: 3, sweep: Fixtures.sweep(metric: "log_loss", goal: .min))
        for value in [0.3, 0.1, 0.2] {
            let trial = try #require(try store.claimTrial(sweepID: sweepID, worker: "w", lease: 60, now: 10))
            try store.completeTrial(Fixtures.outcome(for: trial, value: 1 - value), now: 11)
        }
        #expect(try store.trials(sweepID: sweepID, sortBy: "log_loss").map(\.number) == [1, 2, 0])
        #expect(try store.trials(sortBy: "log_loss").map(\.number) == [1, 2, 0])
        #expect(try store.trials(sweepID: sweepID, sortBy: "log_loss", descending: true).map(\.number) == [0, 2, 1])
        // A metric that is not the sweep's goal metric sorts descending by default
        // (roc_auc here is 1 - log_loss + a fold offset).
        #expect(try store.trials(sweepID: sweepID, sortBy: "roc_auc").map(\.number) == [1, 2, 0])
    }

    @Test("the sorted listing reads the metric index in order")
    func queryPlan() throws {
        let dir = try TemporaryDirectory()
        let (store, sweepID) = try makeStore(dir)
        let plans = try store.withDatabase { db in
            try [(true, "sweep_id = ? AND"), (false, "")].map { _, scope in
                var plan: [String] = []
                let arguments: [SQLValue] = scope.isEmpty ? [.text("roc_auc")] : [.integer(sweepID), .text("roc_auc")]
                try db.query(
                    """
                    EXPLAIN QUERY PLAN SELECT m.trial_id FROM trial_metrics m
                    WHERE \(scope.isEmpty ? "" : "m.sweep_id = ? AND ") m.name = ? AND m.mean IS NOT NULL
                    ORDER BY m.mean DESC, m.trial_id LIMIT 20
                    """, arguments
                ) { plan.append($0.text(3)) }
                return plan.joined(separator: "; ")
            }
        }
        #expect(plans[0].contains("trial_metrics_by_sweep_value"), "\(plans[0])")
        #expect(plans[1].contains("trial_metrics_by_value"), "\(plans[1])")
        for plan in plans {
            // At most the tie-break is sorted ("RIGHT PART OF ORDER BY"), never the whole result.
            #expect(!plan.contains("USE TEMP B-TREE FOR ORDER BY"), "\(plan)")
        }
    }
}
