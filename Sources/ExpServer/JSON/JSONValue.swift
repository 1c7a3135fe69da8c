/// A parsed JSON document, shaped for request validation.
///
/// An array whose elements are all numbers is stored compactly as ``numbers(_:)`` (the common case
/// for feature rows, and the hot path of `POST /predict`); any other array is ``array(_:)``. An
/// empty array is `numbers([])`. Object members keep their order and their duplicates, so that the
/// request layer can reject a repeated key by name instead of silently keeping one of them.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case numbers([Double])
    case array([JSONValue])
    case object([JSONMember])

    /// What the value is, for error messages ("a string", "null", …).
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .numbers, .array: "an array"
        case .object: "an object"
        }
    }

    /// The number of elements of an array value, or nil for a non-array.
    var arrayCount: Int? {
        switch self {
        case let .numbers(values): values.count
        case let .array(values): values.count
        default: nil
        }
    }
}

/// One `"key": value` member of a JSON object.
struct JSONMember: Sendable, Equatable {
    var key: String
    var value: JSONValue
}
