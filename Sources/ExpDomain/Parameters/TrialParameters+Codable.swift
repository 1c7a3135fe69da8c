extension TrialParameters: Codable {
    /// A coding key for any parameter name.
    struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the object of ``canonicalJSON`` (or any JSON object of parameter names, aliases
    /// included); keys that are missing keep their defaults.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: NameKey.self)
        for codingKey in container.allKeys {
            guard let key = ParameterKey(name: codingKey.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: codingKey, in: container, debugDescription: "unknown parameter '\(codingKey.stringValue)'")
            }
            let value = try container.decode(ParameterValue.self, forKey: codingKey)
            guard set(key, to: value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: codingKey, in: container,
                    debugDescription: "\(key): expected \(key.kind.expectation), got \(value)")
            }
        }
    }

    /// Encodes every key under its scikit-learn name, as in ``canonicalJSON``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        for key in ParameterKey.allCases {
            try container.encode(value(for: key), forKey: NameKey(stringValue: key.rawValue))
        }
    }
}
