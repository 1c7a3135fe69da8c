import ExpDomain
import Foundation

/// The one JSON dialect of every bundle member: keys sorted, pretty-printed, a trailing newline,
/// numbers in Swift's shortest round-trip spelling (Float as Float, Double as Double), slashes
/// unescaped, ±∞ as the strings `"Infinity"` / `"-Infinity"` (NaN metrics are written as `null` by
/// their types). Same value → same bytes.
enum BundleJSON {
    private static let nonConformingPositive = "Infinity"
    private static let nonConformingNegative = "-Infinity"
    private static let nonConformingNaN = "NaN"

    /// `value` as member bytes.
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` when the value cannot be encoded.
    static func encode(_ value: some Encodable, member: BundleMember) throws -> [UInt8] {
        // JSONEncoder is a class and not Sendable: one per call, never shared.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonConformingPositive, negativeInfinity: nonConformingNegative, nan: nonConformingNaN)
        do {
            var bytes = [UInt8](try encoder.encode(value))
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch {
            throw BundleError.invalidMember(member: member.rawValue, reason: "cannot encode: \(describe(error))")
        }
    }

    /// The value of member bytes.
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` naming the member and the JSON path.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], member: BundleMember) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonConformingPositive, negativeInfinity: nonConformingNegative, nan: nonConformingNaN)
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw BundleError.invalidMember(member: member.rawValue, reason: describe(error))
        }
    }

    /// A one-line account of a coding error: what is wrong, and where in the document.
    static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            guard !codingPath.isEmpty else { return "the top level" }
            return codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        guard let error = error as? DecodingError else {
            if let error = error as? EncodingError, case let .invalidValue(value, context) = error {
                return "value \(value) at \(path(context.codingPath)): \(context.debugDescription)"
            }
            return "\(error)"
        }
        switch error {
        case let .keyNotFound(key, context):
            return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
        case let .typeMismatch(type, context):
            return "expected \(type) at \(path(context.codingPath))"
        case let .valueNotFound(type, context):
            return "expected \(type) at \(path(context.codingPath)), found null"
        case let .dataCorrupted(context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return "not valid JSON at \(path(context.codingPath)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
