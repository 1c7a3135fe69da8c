import ExpDomain
/// One parameter set to one value: a fixed `model:` setting, or a value a search chose.
public struct ParameterSetting: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The parameter.
    public var key: ParameterKey
    /// Its value, in the key's normal form.
    public var value: ParameterValue

    /// A setting; `value` must already be in `key`'s normal form (see ``ParameterKey``).
    public init(_ key: ParameterKey, _ value: ParameterValue) {
        self.key = key
        self.value = value
    }

    /// `key=value`, e.g. `alpha=0.001`.
    public var description: String { "\(key)=\(value)" }

    private enum CodingKeys: String, CodingKey {
        case key = "name"
        case value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(ParameterKey.self, forKey: .key)
        let raw = try container.decode(ParameterValue.self, forKey: .value)
        guard let normal = key.normalized(raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: container, debugDescription: "\(key): expected \(key.kind.expectation), got \(raw)")
        }
        value = normal
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(value, forKey: .value)
    }
}
