import ExpDomain
/// The one error type of the runner.
public enum RunnerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data cannot support the requested protocol (e.g. more folds than minority rows);
    /// `key` is the spec key whose value the data cannot support (`data.holdout`, `cv.folds`).
    case protocolNotSupported(key: String, message: String)
    /// A stored sweep's data file no longer has the SHA-256 the sweep recorded.
    case dataChanged(sweep: String, source: String, recorded: String, found: String)
    /// A stored sweep's data cannot be loaded any more.
    case dataUnavailable(sweep: String, source: String, reason: String)
    /// A trial failed inside its pipeline; `stage` names the step (imputer, select, resample, scale, fit).
    case trialFailed(fold: Int, stage: String, message: String)
    /// Re-fitting a trial's configuration on all development rows failed at `stage`.
    case refitFailed(stage: String, message: String)
    /// ``LeakageProbe`` failed at `stage` (e.g. `leaky fold 2, fit`).
    case leakageProbeFailed(stage: String, message: String)

    public var description: String {
        switch self {
        case let .protocolNotSupported(key, message): "the data cannot support this protocol (\(key)): \(message)"
        case let .dataChanged(sweep, source, recorded, found):
            "the data of \(sweep) has changed: \(source) now has SHA-256 \(found), the sweep recorded \(recorded)"
        case let .dataUnavailable(sweep, source, reason):
            "\(sweep) was run on \(source), which cannot be loaded now: \(reason)"
        case let .trialFailed(fold, stage, message): "fold \(fold), \(stage): \(message)"
        case let .refitFailed(stage, message): "re-fitting on all development rows, \(stage): \(message)"
        case let .leakageProbeFailed(stage, message): "measuring the leak, \(stage): \(message)"
        }
    }
}
