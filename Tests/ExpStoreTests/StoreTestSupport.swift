import Foundation
import Testing

import ExpDomain
@testable import ExpStore

enum Fixtures {
    static let environment = EnvironmentFingerprint(
        swiftVersion: "6.3", architecture: "x86_64", floatType: "Float64", kernelMode: "strict",
        operatingSystem: "Linux test")

    static func sweep(
        name: String = "demo", specHash: String = "spec-1", dataset: String = "data-1", foldHash: String = "folds-1",
        metric: String = "roc_auc", goal: MetricGoal = .max
    ) -> NewSweep {
        NewSweep(
            name: name, specHash: specHash, specJSON: #"{"grid":{"alpha":[0.1,1]}}"#, datasetSHA256: dataset,
            datasetDescription: "fixture data", foldHash: foldHash, seed: UInt64.max - 7, metric: metric,
            metricGoal: goal, expVersion: "0.1.0-test", environment: environment, command: "exp sweep demo.yaml")
    }

    static func trials(_ count: Int, offset: Int = 0) -> [NewTrial] {
        (offset..<(offset + count)).map { number in
            NewTrial(
                number: number, cellHash: "cell-\(number)", paramsJSON: #"{"alpha":\#(number)}"#,
                seed: 1000 &+ UInt64(number) &* 0x9E37_79B9_7F4A_7C15)
        }
    }

    /// A three-fold outcome whose metric values derive from `value`.
    static func outcome(for trial: ClaimedTrial, value: Double, predictions: [Double] = [0.1, 0.9]) -> TrialOutcome {
        let folds = (0..<3).map { fold in
            FoldOutcome(
                fold: fold, trainRows: 200, testRows: 100, epochs: 10 + fold, bestEpoch: 5 + fold,
                metrics: ["roc_auc": value + 0.01 * Double(fold), "log_loss": 1 - value],
                curvesJSON: #"{"loss":[0.7,0.5],"validation":[0.6,0.55]}"#)
        }
        return TrialOutcome(
            trialID: trial.id, worker: trial.worker, attempt: trial.attempt, folds: folds, oofPredictions: predictions,
            durationSeconds: 1.5)
    }

    /// Creates a sweep with `count` trials; returns the sweep id.
    @discardableResult
    static func populate(_ store: SQLiteStore, trials count: Int, sweep: NewSweep = Fixtures.sweep()) throws
        -> Int64
    {
        let (record, _) = try store.createOrResumeSweep(sweep, now: 100)
        try store.insertTrials(sweepID: record.id, trials(count), now: 100)
        return record.id
    }
}

/// Expects `PRAGMA integrity_check` and `PRAGMA foreign_key_check` to find nothing.
func expectIntact(_ store: SQLiteStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let problems = try store.checkIntegrity()
    #expect(problems.isEmpty, "integrity problems: \(problems)", sourceLocation: sourceLocation)
}

func fileBytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}
