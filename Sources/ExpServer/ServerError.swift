/// Why a server could not be set up. Request errors never surface as thrown errors; they become
/// JSON error responses (see ``PredictionService``).
public enum ServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The ``ServedModel`` is inconsistent (e.g. names that do not match the pipeline).
    case invalidModel(String)
    /// A ``ServerConfiguration`` value is out of range.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case let .invalidModel(reason): "cannot serve the model: \(reason)"
        case let .invalidConfiguration(reason): "invalid server configuration: \(reason)"
        }
    }
}
