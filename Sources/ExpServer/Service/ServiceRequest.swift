/// An HTTP request as the transport-free ``PredictionService`` sees it.
public struct ServiceRequest: Sendable, Equatable {
    /// Upper-case method, e.g. `POST`.
    public var method: String
    /// The request target's path, e.g. `/predict` (a query string, if any, is ignored).
    public var path: String
    /// Header values by lower-case name; repeated fields joined with ", ".
    public var headers: [String: String]
    public var body: [UInt8]

    /// - Parameter headers: names in any case; they are lower-cased.
    public init(method: String, path: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        var lowered: [String: String] = [:]
        lowered.reserveCapacity(headers.count)
        for (name, value) in headers {
            let key = name.lowercased()
            if let existing = lowered[key] { lowered[key] = existing + ", " + value } else { lowered[key] = value }
        }
        self.headers = lowered
        self.body = body
    }

    /// Transport initialiser: `headers` must already be keyed by lower-case name.
    init(method: String, path: String, lowercasedHeaders headers: [String: String], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// A request whose body is the UTF-8 of `json`, with `Content-Type: application/json`.
    public static func json(_ path: String, _ json: String, method: String = "POST",
                            headers: [String: String] = [:]) -> ServiceRequest {
        var all = headers
        if !all.keys.contains(where: { $0.lowercased() == "content-type" }) { all["content-type"] = "application/json" }
        return ServiceRequest(method: method, path: path, headers: all, body: Array(json.utf8))
    }
}

/// An HTTP response from ``PredictionService``: always a complete body (JSON, or Prometheus text
/// for `/metrics`, or empty for a preflight).
public struct ServiceResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields in order (names in canonical lower case).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    public static func == (lhs: ServiceResponse, rhs: ServiceResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
