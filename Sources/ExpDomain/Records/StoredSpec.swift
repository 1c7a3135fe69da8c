import Foundation

/// The spec as stored with its sweep (``SweepRecord/specJSON``), so `exp sweep --resume ID`,
/// promotion and reports need no file: the YAML as the user wrote it, where it was, and its
/// canonical JSON.
public struct StoredSpec: Sendable, Hashable, Codable {
    /// The spec file's path when the sweep was created.
    public var path: String
    /// The directory relative data paths were resolved against (older stores: absent).
    public var baseDirectory: String?
    /// The YAML text.
    public var yaml: String
    /// The canonical JSON of the parsed spec (``TrialParameters``' rules for values).
    public var canonical: String

    public init(path: String, baseDirectory: String?, yaml: String, canonical: String) {
        self.path = path
        self.baseDirectory = baseDirectory
        self.yaml = yaml
        self.canonical = canonical
    }

    /// The stored form: keys sorted.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Decodes the stored form; a damaged one is an error naming `record` and the field.
    public static func decode(_ json: String, record: String) throws(DomainError) -> StoredSpec {
        do {
            return try JSONDecoder().decode(StoredSpec.self, from: Data(json.utf8))
        } catch {
            throw .corruptRecord(record: record, field: "spec_json", reason: StoredJSON.reason(error))
        }
    }
}
