import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpStore

/// The `exp runs list --sort METRIC` workload at 100,000 trials. Correctness only: the timings
/// are printed, not asserted (timed tests are flaky on shared machines).
@Suite("Listing at scale")
struct ListingScaleTests {
    static let trialCount = 100_000

    @Test("100,000 trials sorted by a metric, both directions, with a limit")
    func sortedListing() throws {
        let dir = try TemporaryDirectory()
        let clock = ContinuousClock()
        var sweep: SweepRecord?
        let generation = try clock.measure {
            sweep = try SQLiteStore.generateSyntheticStore(path: dir.path(), trials: Self.trialCount)
        }
        let sweepID = try #require(sweep?.id)
        let store = try SQLiteStore(path: dir.path(), readOnly: true)

        // Reference order from the full, unsorted listing (the bulk path).
        var all: [TrialSummary] = []
        let fullListing = try clock.measure { all = try store.trials(sweepID: sweepID) }
        #expect(all.count == Self.trialCount)
        #expect(all.map(\.number) == Array(0..<Self.trialCount))
        let values = all.compactMap { trial -> (id: Int64, value: Double)? in
            guard let value = trial.metrics["roc_auc"]?.mean, !value.isNaN else { return nil }
            return (trial.id, value)
        }
        let referenceDescending = values.sorted { a, b in a.value != b.value ? a.value > b.value : a.id < b.id }
            .map(\.id)
        let referenceAscending = values.sorted { a, b in a.value != b.value ? a.value < b.value : a.id < b.id }
            .map(\.id)
        func reference(descending: Bool, limit: Int) -> [Int64] {
            Array((descending ? referenceDescending : referenceAscending).prefix(limit))
        }

        /// The fastest of five runs (other tests share the machine).
        func fastest(_ body: () throws -> Void) rethrows -> Duration {
            var best = Duration.seconds(1_000)
            for _ in 0..<5 { best = min(best, try clock.measure(body)) }
            return best
        }

        var top: [TrialSummary] = []
        let sortedTime = try fastest { top = try store.trials(sweepID: sweepID, sortBy: "roc_auc", limit: 20) }
        #expect(top.map(\.id) == reference(descending: true, limit: 20))
        #expect(top.allSatisfy { $0.metrics.count == SQLiteStore.syntheticMetrics.count })

        var bottom: [TrialSummary] = []
        let ascendingTime = try fastest {
            bottom = try store.trials(sortBy: "roc_auc", descending: false, limit: 20)
        }
        #expect(bottom.map(\.id) == reference(descending: false, limit: 20))

        // Unlimited sorted listing: every trial, the NaN ones (every 997th) last.
        let everything = try store.trials(sweepID: sweepID, sortBy: "roc_auc")
        #expect(everything.count == Self.trialCount)
        let nanCount = (Self.trialCount + 996) / 997
        #expect(Array(everything.prefix(Self.trialCount - nanCount).map(\.id)) == reference(
            descending: true, limit: Self.trialCount))
        #expect(everything.suffix(nanCount).allSatisfy { $0.metrics["roc_auc"]?.mean.isNaN == true })

        // What `exp runs list --sort roc_auc --limit 20` does: open read-only, then list.
        let openAndList = try fastest {
            let fresh = try SQLiteStore(path: dir.path(), readOnly: true)
            #expect(try fresh.trials(sortBy: "roc_auc", limit: 20).count == 20)
        }

        let summaries = try store.sweeps()
        #expect(summaries.first?.counts == TrialCounts(done: Self.trialCount))
        #expect(summaries.first?.bestTrialID == top.first?.id)
        try expectIntact(store)

        print(
            "ListingScaleTests: generate \(Self.trialCount) trials \(generation); sorted top 20 (sweep) \(sortedTime); "
                + "sorted bottom 20 (all sweeps) \(ascendingTime); open + sorted top 20 \(openAndList); "
                + "full unsorted listing \(fullListing)")
    }
}
