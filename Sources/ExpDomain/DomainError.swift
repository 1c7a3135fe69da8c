import Foundation

/// An error in a domain value: a name that breaks the rule, a stored record that cannot be read,
/// text that is not JSON.
///
/// Each case carries what the user needs to act: the kind of thing, its name or ID and the field,
/// or the line and column.
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `name` is not a valid name of `kind`; `reason` says which part of the rule it breaks.
    case invalidName(kind: ResourceName.Kind, name: String, reason: String)
    /// A stored record (e.g. "trial 12", "model fraud v3") has a field that cannot be decoded.
    case corruptRecord(record: String, field: String, reason: String)
    /// Text that ``JSONParser`` refuses: where (1-based `line`, 1-based byte `column` within the
    /// line, 0-based byte `offset`; the text's length for a premature end) and why.
    case malformedJSON(line: Int, column: Int, offset: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidName(kind, name, reason):
            "invalid \(kind.noun) '\(name.prefix(120))': \(reason)"
        case let .corruptRecord(record, field, reason):
            "\(record) is damaged: its field '\(field)' cannot be read (\(reason))"
        case let .malformedJSON(line, column, offset, reason):
            "malformed JSON at line \(line), column \(column) (byte \(offset)): \(reason)"
        }
    }
}

/// `localizedDescription` (what Foundation and ArgumentParser print) is the full message.
extension DomainError: LocalizedError {
    public var errorDescription: String? { description }
}
