/// The one error type of the numeric core. Each case carries what a user needs to act on it.
public enum ExpCoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hyper-parameter outside its domain, e.g. `alpha` negative or `k` above the feature count.
    case invalidParameter(name: String, reason: String)
    /// Inputs whose shapes do not fit together.
    case shapeMismatch(String)
    /// Fitting needs both classes, and the labels hold only one.
    case singleClass(label: Int)
    /// Too few samples for the request (e.g. fewer minority samples than folds or neighbours).
    case insufficientSamples(String)
    /// Input that must be finite holds NaN or ±∞ at (row, column).
    case nonFiniteInput(row: Int, column: Int)
    /// A statistic of a column (its `mean` or `variance`) is not representable in float64,
    /// although every value is finite: the values are too large in magnitude (e.g. ±1e308).
    case overflow(column: Int, statistic: String)
    /// Training diverged (scikit-learn: "Solver produced non-finite parameter weights").
    case nonFiniteWeights
    /// The caller asked a long computation to stop (see `MLPClassifier.fit(…shouldStop:)`).
    case interrupted
    /// Columns an input schema needs but the supplied data lacks, named.
    case missingColumns([String])
    /// Columns supplied more than once, named.
    case duplicateColumns([String])

    public var description: String {
        switch self {
        case let .invalidParameter(name, reason): "invalid parameter '\(name)': \(reason)"
        case let .shapeMismatch(message): "shape mismatch: \(message)"
        case let .singleClass(label):
            "the labels contain a single class (\(label)); fitting needs both classes"
        case let .insufficientSamples(message): "not enough samples: \(message)"
        case let .nonFiniteInput(row, column):
            "non-finite value (NaN or infinity) at row \(row), column \(column)"
        case let .overflow(column, statistic):
            "the \(statistic) of column \(column) overflows float64: its values are too large in magnitude to standardize; rescale the column"
        case .nonFiniteWeights:
            "training produced non-finite weights; lower learning_rate_init or scale the inputs"
        case .interrupted: "the computation was stopped before it finished"
        case let .missingColumns(names):
            "missing \(names.count == 1 ? "column" : "columns"): \(names.map { "'\($0)'" }.joined(separator: ", "))"
        case let .duplicateColumns(names):
            "duplicate \(names.count == 1 ? "column" : "columns"): \(names.map { "'\($0)'" }.joined(separator: ", "))"
        }
    }
}
