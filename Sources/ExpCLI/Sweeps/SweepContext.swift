import ExpDomain
import ExpCore
import ExpData
import ExpRunner
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

    /// - Throws: ``RunnerError`` when the data is gone or changed (both SHA-256 values named) or
    ///   the folds cannot be reproduced; `DomainError` for a damaged stored spec.
    static func load(_ sweep: SweepRecord) throws -> SweepContext {
        let session = try SweepSession.resume(sweep)
        guard session.data.foldHash == sweep.foldHash else {
            throw CLIError("the fold assignment of sweep \(sweep.id) cannot be reproduced (fold hash differs)")
        }
        return SweepContext(sweep: sweep, spec: session.spec, data: session.data)
    }
}
