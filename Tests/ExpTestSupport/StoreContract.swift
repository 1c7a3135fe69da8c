import ExpDomain
import Foundation
import Testing

/// The contract every experiment-store backend keeps, written against the ``ExperimentStore``
/// protocols only. Each check takes a fresh, empty store; a backend's test target runs them all
/// (`Tests/ExpStoreTests/StoreContractTests.swift` for SQLite and the in-memory store).
///
/// Lease checks sleep for real: the backend owns lease time, so a test cannot fake its clock.
public enum StoreContract {
    /// The checks, by name, for parameterized tests.
    public static let checks: [(name: String, run: @Sendable (any ExperimentStore) async throws -> Void)] = [
        ("sweeps are created once and found again", sweepsAreCreatedOnce),
        ("trials are inserted once", trialsAreInsertedOnce),
        ("claims go in trial order, each trial to one worker", claimsAreExclusive),
        ("an expired lease is reclaimed and the late result refused", expiredLeaseIsReclaimed),
        ("renewals keep a claim past its first lease", renewalsKeepTheClaim),
        ("results are stored with their folds, summaries and predictions", resultsAreStored),
        ("failed trials keep their reason and can be reset", failuresAndResets),
        ("a released trial is claimed again", releases),
        ("listings sort by a metric in its direction", listingsSort),
        ("the registry numbers versions and moves aliases", registry),
    ]

    // MARK: Fixtures

    public static func newSweep(name: String = "contract", specHash: String = "spec-1", goal: MetricGoal = .max) -> NewSweep {
        NewSweep(
            name: name, specHash: specHash, specJSON: #"{"path":"x.yaml","yaml":"name: contract","canonical":"{}"}"#,
            datasetSHA256: String(repeating: "a", count: 64), datasetDescription: "builtin:bankruptcy",
            foldHash: "fold-1", seed: 42, metric: "roc_auc", metricGoal: goal, expVersion: "test",
            environment: EnvironmentFingerprint(swiftVersion: "6.3", architecture: "x86_64", floatType: "float64",
                                                kernelMode: "separate", operatingSystem: "Linux"),
            command: "exp sweep contract.yaml")
    }

    public static func newTrials(_ count: Int) -> [NewTrial] {
        (0..<count).map { NewTrial(number: $0, cellHash: "cell-\($0)", paramsJSON: #"{"alpha":\#(Double($0 + 1) * 1e-4)}"#, seed: UInt64(100 + $0)) }
    }

    /// A result whose `roc_auc` folds average to `auc`.
    public static func result(auc: Double, folds: Int = 3) -> TrialResult {
        TrialResult(
            folds: (0..<folds).map { fold in
                FoldOutcome(fold: fold, trainRows: 80, testRows: 20, epochs: 10 + fold, bestEpoch: nil,
                            metrics: ["roc_auc": auc + Double(fold - 1) * 0.01, "log_loss": 0.3],
                            curvesJSON: #"{"converged":true,"loss":[0.5,0.4],"resampled_rows":80,"selected_features":[0,1],"validation_log_loss":[],"validation_score":[]}"#)
            },
            oofPredictions: [0.1, 0.9, 0.5], durationSeconds: 1.5)
    }

    static func sweepWithTrials(_ store: any ExperimentStore, _ count: Int, goal: MetricGoal = .max) async throws -> SweepRecord {
        let (sweep, _) = try await store.createOrResumeSweep(newSweep(goal: goal))
        try await store.insertTrials(sweepID: sweep.id, newTrials(count))
        return sweep
    }

    // MARK: Checks

    public static func sweepsAreCreatedOnce(_ store: any ExperimentStore) async throws {
        let (first, resumed) = try await store.createOrResumeSweep(newSweep())
        #expect(!resumed)
        let (again, resumedAgain) = try await store.createOrResumeSweep(newSweep())
        #expect(resumedAgain && again.id == first.id)
        let (other, _) = try await store.createOrResumeSweep(newSweep(specHash: "spec-2"))
        #expect(other.id != first.id)
        #expect(try await store.sweep(id: first.id)?.name == "contract")
        #expect(try await store.sweep(id: 9_999) == nil)
        #expect(try await store.latestSweep(named: "contract")?.id == other.id)
        #expect(try await store.latestSweep(named: "nope") == nil)
        #expect(try await store.sweeps().map(\.id).sorted() == [first.id, other.id].sorted())
        #expect(first.specJSON == newSweep().specJSON && first.seed == 42 && first.metricGoal == .max)
    }

    public static func trialsAreInsertedOnce(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 3)
        try await store.insertTrials(sweepID: sweep.id, newTrials(3))
        #expect(try await store.counts(sweepID: sweep.id) == TrialCounts(pending: 3))
        let trials = try await store.trials(sweepID: sweep.id)
        #expect(trials.map(\.number) == [0, 1, 2])
        #expect(trials.map(\.seed) == [100, 101, 102])
        #expect(trials.allSatisfy { $0.state == .pending && $0.attempt == 0 })
        #expect(try trials[1].parameters().alpha == 2e-4)
    }

    public static func claimsAreExclusive(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 6)
        let first = try await store.claim(sweepID: sweep.id, worker: "w/first", lease: .seconds(60))
        #expect(first?.number == 0 && first?.attempt == 1 && first?.worker == "w/first")
        // Ten workers race for the five trials left: each trial goes to exactly one of them.
        let claims = try await withThrowingTaskGroup(of: ClaimedTrial?.self) { group in
            for w in 0..<10 {
                group.addTask { try await store.claim(sweepID: sweep.id, worker: "w/\(w)", lease: .seconds(60)) }
            }
            var all: [ClaimedTrial] = []
            for try await claim in group { if let claim { all.append(claim) } }
            return all
        }
        #expect(claims.map(\.number).sorted() == [1, 2, 3, 4, 5])
        #expect(try await store.claim(sweepID: sweep.id, worker: "w/late", lease: .seconds(60)) == nil)
        #expect(try await store.counts(sweepID: sweep.id) == TrialCounts(running: 6))
    }

    public static func expiredLeaseIsReclaimed(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 1)
        let stale = try #require(try await store.claim(sweepID: sweep.id, worker: "host-a/0", lease: .seconds(2)))
        #expect(try await store.claim(sweepID: sweep.id, worker: "host-b/0", lease: .seconds(60)) == nil)
        try await Task.sleep(for: .milliseconds(2_500))
        let fresh = try #require(try await store.claim(sweepID: sweep.id, worker: "host-b/0", lease: .seconds(60)))
        #expect(fresh.id == stale.id && fresh.attempt == 2)
        #expect(try await store.renew(stale, lease: .seconds(60)) == false)
        await #expect(throws: StoreError.self) { try await store.complete(stale, with: result(auc: 0.5)) }
        do {
            try await store.complete(stale, with: result(auc: 0.5))
        } catch let error as StoreError {
            #expect(error.kind == .leaseLost)
            #expect(error.description.contains("host-a/0"))
        }
        try await store.complete(fresh, with: result(auc: 0.8))
        let done = try #require(try await store.trial(id: fresh.id))
        #expect(done.summary.state == .done && done.summary.attempt == 2 && done.summary.worker == "host-b/0")
        #expect(done.summary.metrics["roc_auc"]?.mean == MetricSummary.of([0.79, 0.8, 0.81]).mean)
    }

    public static func renewalsKeepTheClaim(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 1)
        // Six renewals a third of a lease apart span more than three leases.
        let claim = try #require(try await store.claim(sweepID: sweep.id, worker: "w/0", lease: .seconds(1.5)))
        for _ in 0..<6 {
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await store.renew(claim, lease: .seconds(1.5)))
        }
        #expect(try await store.claim(sweepID: sweep.id, worker: "w/1", lease: .seconds(60)) == nil)
        try await store.complete(claim, with: result(auc: 0.7))
        #expect(try await store.renew(claim, lease: .seconds(1)) == false)
    }

    public static func resultsAreStored(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 2)
        let claim = try #require(try await store.claim(sweepID: sweep.id, worker: "w/0", lease: .seconds(60)))
        let outcome = result(auc: 0.9)
        try await store.complete(claim, with: outcome)
        let detail = try #require(try await store.trial(id: claim.id))
        #expect(detail.folds.map(\.fold) == [0, 1, 2])
        #expect(detail.folds.map(\.metrics) == outcome.folds.map(\.metrics))
        #expect(detail.folds.map(\.curvesJSON) == outcome.folds.map(\.curvesJSON))
        #expect(detail.oofPredictions == outcome.oofPredictions)
        #expect(detail.summary.metrics["roc_auc"] == MetricSummary.of(outcome.folds.map { $0.metrics["roc_auc"] ?? .nan }))
        #expect(detail.summary.durationSeconds == 1.5)
        #expect(detail.sweep.id == sweep.id)
        #expect(try detail.curves().map(\.loss) == [[0.5, 0.4], [0.5, 0.4], [0.5, 0.4]])
        #expect(try await store.counts(sweepID: sweep.id) == TrialCounts(pending: 1, done: 1))
    }

    public static func failuresAndResets(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 1)
        let claim = try #require(try await store.claim(sweepID: sweep.id, worker: "w/0", lease: .seconds(60)))
        try await store.fail(claim, reason: "fold 0, fit: training diverged")
        let failed = try await store.trials(sweepID: sweep.id, states: [.failed])
        #expect(failed.map(\.error) == ["fold 0, fit: training diverged"])
        #expect(try await store.claim(sweepID: sweep.id, worker: "w/1", lease: .seconds(60)) == nil)
        #expect(try await store.resetFailedTrials(sweepID: sweep.id) == 1)
        let again = try await store.claim(sweepID: sweep.id, worker: "w/1", lease: .seconds(60))
        #expect(again?.id == claim.id && again?.seed == claim.seed)
    }

    public static func releases(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 1)
        let claim = try #require(try await store.claim(sweepID: sweep.id, worker: "w/0", lease: .seconds(60)))
        #expect(try await store.release(trialID: claim.id, worker: claim.worker, attempt: claim.attempt + 1) == false)
        #expect(try await store.release(trialID: claim.id, worker: claim.worker, attempt: claim.attempt))
        #expect(try await store.counts(sweepID: sweep.id) == TrialCounts(pending: 1))
        let next = try await store.claim(sweepID: sweep.id, worker: "w/1", lease: .seconds(60))
        #expect(next?.id == claim.id && next?.attempt == 2)
    }

    public static func listingsSort(_ store: any ExperimentStore) async throws {
        let sweep = try await sweepWithTrials(store, 4)
        for auc in [0.6, 0.9, 0.7] {
            let claim = try #require(try await store.claim(sweepID: sweep.id, worker: "w/0", lease: .seconds(60)))
            try await store.complete(claim, with: result(auc: auc))
        }
        let best = try await store.trials(sweepID: sweep.id, sortBy: "roc_auc", limit: 2)
        #expect(best.map(\.number) == [1, 2])
        let ascending = try await store.trials(sweepID: sweep.id, sortBy: "roc_auc", descending: false, limit: nil, states: [.done])
        #expect(ascending.map(\.number) == [0, 2, 1])
        // Trials without the metric follow the ranked ones.
        #expect(try await store.trials(sweepID: sweep.id, sortBy: "roc_auc").map(\.number) == [1, 2, 0, 3])
        let summary = try #require(try await store.sweeps().first { $0.id == sweep.id })
        #expect(summary.bestTrialID == best.first?.id)
        #expect(summary.counts == TrialCounts(pending: 1, done: 3))
    }

    public static func registry(_ store: any ExperimentStore) async throws {
        #expect(try await store.nextModelVersion(name: "fraud") == 1)
        let sweep = try await sweepWithTrials(store, 2)
        let trialIDs = try await store.trials(sweepID: sweep.id).map(\.id)
        func model(_ index: Int) -> NewModelVersion {
            NewModelVersion(name: "fraud", sweepID: sweep.id, trialID: trialIDs[index], artifact: .file("/artifacts/fraud-v\(index + 1).tar.gz"),
                            digest: String(repeating: "b", count: 64), sizeBytes: 1234, paramsJSON: #"{"alpha":0.001}"#,
                            cvMetricsJSON: #"{"roc_auc":{"mean":0.9,"std":0.01}}"#,
                            holdoutMetricsJSON: #"{"roc_auc":0.88,"f1":null}"#, promotedBy: "test@host", command: "exp promote")
        }
        let v1 = try await store.registerModelVersion(model(0), version: 1)
        #expect(v1.version == 1 && v1.name == "fraud" && v1.artifact == .file("/artifacts/fraud-v1.tar.gz"))
        await #expect(throws: StoreError.self) { _ = try await store.registerModelVersion(model(1), version: 1) }
        _ = try await store.registerModelVersion(model(1), version: 2)
        #expect(try await store.setAlias(name: "fraud", alias: "production", version: 1, by: "test") == nil)
        #expect(try await store.setAlias(name: "fraud", alias: "production", version: 2, by: "test") == 1)
        #expect(try await store.modelVersion(.alias(name: "fraud", alias: "production"))?.version == 2)
        #expect(try await store.modelVersion(.latest(name: "fraud"))?.aliases == ["production"])
        #expect(try await store.modelVersion(.version(name: "fraud", version: 1))?.aliases == [])
        #expect(try await store.modelVersion(.version(name: "fraud", version: 3)) == nil)
        #expect(try await store.modelVersions(name: "fraud").map(\.version) == [2, 1])
        #expect(try await store.modelVersions(trialID: trialIDs[1]).map(\.version) == [2])
        #expect(try await store.modelVersion(.version(name: "fraud", version: 2))?.sweepID == sweep.id)
        let summary = try #require(try await store.models().first)
        #expect(summary.name == "fraud" && summary.versionCount == 2 && summary.latestVersion == 2)
        let record = try #require(try await store.modelVersion(.version(name: "fraud", version: 1)))
        #expect(try record.holdoutMetrics() == ["roc_auc": 0.88, "f1": nil])
        #expect(try record.crossValidationMetrics()["roc_auc"] == StoredMetricSummary(mean: 0.9, std: 0.01))
        await #expect(throws: (any Error).self) {
            _ = try await store.registerModelVersion(
                NewModelVersion(name: "bad name", sweepID: nil, trialID: nil, artifact: .file("/x"), digest: "d", sizeBytes: 1,
                                paramsJSON: "{}", cvMetricsJSON: "{}", holdoutMetricsJSON: "{}", promotedBy: "t", command: "c"),
                version: 1)
        }
        await #expect(throws: (any Error).self) {
            _ = try await store.setAlias(name: "fraud", alias: "no such", version: 1, by: "test")
        }
    }
}
