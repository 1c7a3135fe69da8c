import ExpDomain
import Foundation

/// A stored JSON field as a Foundation object for `--format json` output, decoded strictly: a
/// damaged field is an error naming the record and the field, never an empty object.
enum StoredObject {
    static func parse(_ json: String, record: String, field: String) throws(DomainError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .corruptRecord(record: record, field: field, reason: "not valid JSON")
        }
    }
}
