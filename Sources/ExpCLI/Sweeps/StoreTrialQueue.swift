import ExpDomain
import ExpCore
import ExpRunner
import ExpStore
import Foundation

/// The experiment store seen as the runner's ``TrialQueue``: claims, lease renewals and results go
/// through SQLite, so several processes can work on one sweep.
struct StoreTrialQueue: TrialQueue {
    let store: ExperimentStore
    let sweepID: Int64
    /// Seconds a claim stays valid without a heartbeat.
    let lease: Double

    func claim(worker: String) async throws -> ExpRunner.ClaimedTrial? {
        guard let claimed = try store.claimTrial(sweepID: sweepID, worker: worker, lease: lease) else { return nil }
        let parameters = try JSONDecoder().decode(TrialParameters.self, from: Data(claimed.paramsJSON.utf8))
        return ExpRunner.ClaimedTrial(trialID: claimed.id, number: claimed.number, seed: claimed.seed,
                                      attempt: claimed.attempt, parameters: parameters)
    }

    func renew(_ trial: ExpRunner.ClaimedTrial, worker: String) async throws -> Bool {
        try store.renewLease(trialID: trial.trialID, worker: worker, attempt: trial.attempt, lease: lease)
    }

    func complete(_ trial: ExpRunner.ClaimedTrial, worker: String, evaluation: TrialEvaluation) async throws {
        let folds = try evaluation.folds.map { fold in
            FoldOutcome(
                fold: fold.fold, trainRows: fold.trainRows, testRows: fold.testRows, epochs: fold.epochs,
                bestEpoch: fold.bestEpoch,
                metrics: Dictionary(uniqueKeysWithValues: zip(fold.metrics.names, fold.metrics.values)),
                curvesJSON: try FoldCurves(fold).json())
        }
        do {
            try store.completeTrial(TrialOutcome(
                trialID: trial.trialID, worker: worker, attempt: trial.attempt, folds: folds,
                oofPredictions: evaluation.outOfFoldPredictions, durationSeconds: evaluation.durationSeconds))
        } catch let error as StoreError where error.kind == .leaseLost {
            throw ClaimLost(underlying: error)
        }
    }

    func fail(_ trial: ExpRunner.ClaimedTrial, worker: String, message: String) async throws {
        do {
            try store.failTrial(trialID: trial.trialID, worker: worker, attempt: trial.attempt, error: message)
        } catch let error as StoreError where error.kind == .leaseLost {
            throw ClaimLost(underlying: error)
        }
    }
}

/// A result refused because the worker's claim was taken over.
struct ClaimLost: LeaseLostError {
    var underlying: StoreError
}

/// What the store keeps of a fold besides its metrics: learning curves and the selected features.
struct FoldCurves: Codable {
    var loss: [Double]
    var validationScore: [Double]
    var validationLogLoss: [Double]
    var selectedFeatures: [Int]
    var resampledRows: Int
    var converged: Bool

    init(_ fold: FoldEvaluation) {
        loss = fold.lossCurve
        validationScore = fold.validationScores
        validationLogLoss = fold.validationLogLoss
        selectedFeatures = fold.selectedFeatures
        resampledRows = fold.resampledRows
        converged = fold.converged
    }

    enum CodingKeys: String, CodingKey {
        case loss, converged
        case validationScore = "validation_score"
        case validationLogLoss = "validation_log_loss"
        case selectedFeatures = "selected_features"
        case resampledRows = "resampled_rows"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ json: String) -> FoldCurves? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try? decoder.decode(FoldCurves.self, from: Data(json.utf8))
    }
}
