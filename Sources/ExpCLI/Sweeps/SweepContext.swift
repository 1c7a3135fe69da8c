import ExpDomain
import ExpCore
import ExpData
import ExpRunner
import ExpStore
import Foundation

/// A stored sweep with its data reloaded: the spec stored with it, the data set (checked against
/// the stored SHA-256) and the experiment protocol (checked against the stored fold hash).
///
/// Promotion and reports need the exact rows a sweep used; if the data changed since, they refuse
/// rather than train or plot on something else.
struct SweepContext {
    let sweep: SweepRecord
    let spec: SweepSpec
    let data: ExperimentData

    var dataset: Dataset { data.dataset }

    /// - Throws: ``CLIError`` when the data is gone or changed; the spec's and the data loader's
    ///   errors otherwise.
    static func load(_ sweep: SweepRecord) throws -> SweepContext {
        let stored = try StoredSpec.decode(sweep.specJSON)
        let spec = try SweepSpec.parse(yaml: stored.yaml, file: stored.path, baseDirectory: stored.baseDirectory)
        let dataset: Dataset
        do {
            dataset = try DataLoader.load(
                spec.data.path, options: DataLoader.Options(labelColumn: spec.data.label, positiveClass: spec.data.positive))
        } catch let error as DataError {
            throw CLIError("sweep \(sweep.id) was run on \(sweep.datasetDescription), which cannot be loaded now: \(error)")
        }
        guard dataset.sha256 == sweep.datasetSHA256 else {
            throw CLIError("""
                the data of sweep \(sweep.id) changed: \(dataset.source) has SHA-256 \(dataset.sha256.prefix(12))…, \
                the sweep used \(sweep.datasetSHA256.prefix(12))…
                """)
        }
        let data = try ExperimentData(dataset: dataset, holdout: spec.data.holdout, folds: spec.cv.folds, seed: spec.seed)
        guard data.foldHash == sweep.foldHash else {
            throw CLIError("the fold assignment of sweep \(sweep.id) cannot be reproduced (fold hash differs)")
        }
        return SweepContext(sweep: sweep, spec: spec, data: data)
    }
}
