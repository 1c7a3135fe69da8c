/// The one error type of the runner.
public enum RunnerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data cannot support the requested protocol (e.g. more folds than minority rows).
    case protocolNotSupported(String)
    /// A trial failed inside its pipeline; `stage` names the step (imputer, select, resample, scale, fit).
    case trialFailed(fold: Int, stage: String, message: String)
    /// Re-fitting a trial's configuration on all development rows failed at `stage`.
    case refitFailed(stage: String, message: String)
    /// ``LeakageProbe`` failed at `stage` (e.g. `leaky fold 2, fit`).
    case leakageProbeFailed(stage: String, message: String)

    public var description: String {
        switch self {
        case let .protocolNotSupported(message): "the data cannot support this protocol: \(message)"
        case let .trialFailed(fold, stage, message): "fold \(fold), \(stage): \(message)"
        case let .refitFailed(stage, message): "re-fitting on all development rows, \(stage): \(message)"
        case let .leakageProbeFailed(stage, message): "measuring the leak, \(stage): \(message)"
        }
    }
}
