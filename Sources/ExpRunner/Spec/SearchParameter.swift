import ExpDomain
/// One entry of `search.parameters`: a parameter and the values the search explores.
public struct SearchParameter: Sendable, Hashable, Codable {
    /// The parameter.
    public var key: ParameterKey
    /// Its values or range, in the key's normal form.
    public var domain: ParameterDomain

    public init(_ key: ParameterKey, _ domain: ParameterDomain) {
        self.key = key
        self.domain = domain
    }

    var canonicalJSON: CanonicalJSON {
        switch domain {
        case let .values(list):
            return .object([("name", .string(key.rawValue)), ("values", .array(list.map(\.canonicalJSON)))])
        case let .range(r):
            return .object([("name", .string(key.rawValue)), ("range", r.canonicalJSON)])
        }
    }

    private enum CodingKeys: String, CodingKey {
        case name, values, range
    }

    /// Decodes `{"name": …, "values": […]}` or `{"name": …, "range": {"min": …, "max": …, "log": …}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(ParameterKey.self, forKey: .name)
        let key = self.key
        func normal(_ raw: ParameterValue, _ codingKey: CodingKeys) throws -> ParameterValue {
            guard let v = key.normalized(raw) else {
                throw DecodingError.dataCorruptedError(
                    forKey: codingKey, in: container,
                    debugDescription: "\(key): expected \(key.kind.expectation), got \(raw)")
            }
            return v
        }
        if let list = try container.decodeIfPresent([ParameterValue].self, forKey: .values) {
            domain = .values(try list.map { try normal($0, .values) })
        } else {
            let r = try container.decode(ParameterRange.self, forKey: .range)
            domain = .range(ParameterRange(min: try normal(r.min, .range), max: try normal(r.max, .range), log: r.log))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .name)
        switch domain {
        case let .values(list): try container.encode(list, forKey: .values)
        case let .range(r): try container.encode(r, forKey: .range)
        }
    }
}
