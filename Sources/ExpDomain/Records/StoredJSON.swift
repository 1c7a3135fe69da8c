import Foundation

/// Strict decoding of the JSON fields of stored records. A field that does not decode is an
/// error naming the record and the field: a damaged record is never read as an empty one.
public enum StoredJSON {
    /// Decodes `json` as `T`, or throws ``DomainError/corruptRecord(record:field:reason:)``.
    public static func decode<T: Decodable>(_ type: T.Type, _ json: String, record: String, field: String)
        throws(DomainError) -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch {
            throw .corruptRecord(record: record, field: field, reason: reason(error))
        }
    }

    /// A decoding error in a user's terms: what was expected where, not `DecodingError.typeMismatch(…)`.
    static func reason(_ error: any Error) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at '" + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case let DecodingError.dataCorrupted(context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return context.codingPath.isEmpty
                ? "not valid JSON" + (underlying.map { ": \($0)" } ?? "")
                : context.debugDescription + at(context.codingPath)
        case let DecodingError.keyNotFound(key, context):
            return "the key '\(key.stringValue)' is missing" + at(context.codingPath)
        case let DecodingError.typeMismatch(type, context):
            return "expected \(type)" + at(context.codingPath)
        case let DecodingError.valueNotFound(type, context):
            return "expected \(type), found null" + at(context.codingPath)
        default:
            return String(describing: error)
        }
    }
}
