/// `Codable`, for values that travel inside `JSONEncoder` / `JSONDecoder` documents (the bundle
/// manifest's hyper-parameters).
///
/// Decoding tries, in order, null, a boolean, an `Int`, a `Double`, a string, an array and an
/// object, so `64` decodes as ``JSONValue/int(_:)`` and `0.5` as ``JSONValue/double(_:)``; arrays
/// decode as ``JSONValue/array(_:)`` and objects with their members sorted by key (a decoder's keys
/// have no document order). Encoding writes the case's own type, so `.int(64)` and `.double(64)`
/// give what `JSONEncoder` gives for `64` and `64.0`; ``JSONValue/numbers(_:)`` is written as
/// `[Double]`. An object with a repeated key cannot be encoded (it throws
/// `EncodingError.invalidValue`), because a keyed container has room for one value per key.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value.keys.sorted().compactMap { key in value[key].map { JSONMember(key: key, value: $0) } })
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .int(value): try container.encode(value)
        case let .double(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .numbers(values): try container.encode(values)
        case let .array(values): try container.encode(values)
        case let .object(members):
            var dictionary: [String: JSONValue] = [:]
            dictionary.reserveCapacity(members.count)
            for member in members {
                guard dictionary.updateValue(member.value, forKey: member.key) == nil else {
                    throw EncodingError.invalidValue(
                        self, EncodingError.Context(codingPath: encoder.codingPath,
                                                    debugDescription: "the key \"\(member.key)\" appears more than once"))
                }
            }
            try container.encode(dictionary)
        }
    }
}
