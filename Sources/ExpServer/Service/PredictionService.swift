import ExpCore
import ExpData
import ExpDomain

/// The whole HTTP API of the prediction server as a pure function of a request: routing, the
/// bearer token, CORS, content negotiation, input validation, scoring, metrics. No sockets: the
/// Hummingbird layer (``PredictionServer``) only moves bytes, and tests call ``handle(_:)``.
///
/// Routes:
///
/// | route | method | body → response |
/// | --- | --- | --- |
/// | `/predict` | POST | `{"data": [x…]}` or `{"features": {"name": x, …}}` → `{"prediction", "probability", "risk_level", "model", "warnings"}` |
/// | `/v1/predict`, `/invocations` | POST | `{"columns", "data"}`, `{"dataframe_split": {"columns", "data"}}`, records `[{…}]` (or `{"dataframe_records": [{…}]}`) or `{"instances": [[x…]…]}` → `{"predictions", "probabilities", "risk_levels", "classes", "threshold", "model", "warnings"}` |
/// | `/health` | GET | `{"status": "ok", "model"}` (never needs the token) |
/// | `/v1/model` | GET | `{"manifest", "input_schema", "model"}` |
/// | `/metrics` | GET | Prometheus text |
///
/// Bodies are read by ``FeatureDecoder``, under the rules `exp predict` reads files by. Every
/// route answers `OPTIONS` as a CORS preflight. Errors are JSON
/// `{"error": {"code", "message", "details"}}` (codes listed on `APIError`); `details.field` names
/// the offending JSON location, e.g. `data[3][7]` or `features["x1"]`.
///
/// ```swift
/// let service = try PredictionService(model: served, configuration: .init())
/// let response = service.handle(.json("/predict", #"{"data": [0.1, 0.2, 0.3, 0.4]}"#))
/// response.status  // 200
/// ```
public final class PredictionService: Sendable {
    public let model: ServedModel
    public let configuration: ServerConfiguration
    let metrics: ServerMetrics

    /// `{"name":…,"version":…,"digest":…}`.
    let modelIdentity: [UInt8]
    let healthBody: [UInt8]
    let modelBody: [UInt8]
    /// Pieces of the `/predict` response around the computed values.
    let singlePredictionPieces: (probability: [UInt8], positive: [UInt8], tail: [UInt8])
    /// Reads request bodies by the rules `exp predict` reads files by.
    let decoder: FeatureDecoder
    let tokenDigest: [UInt8]?
    let allowsAnyOrigin: Bool
    let allowedOrigins: Set<String>
    let requestTimeoutText: String

    /// - Throws: ``ServerError/invalidModel(_:)`` when names, classes, threshold or manifest do not
    ///   fit the pipeline; ``ServerError/invalidConfiguration(_:)`` for out-of-range settings.
    public init(model: ServedModel, configuration: ServerConfiguration = ServerConfiguration()) throws(ServerError) {
        try Self.validate(model)
        try Self.validate(configuration)
        self.model = model
        self.configuration = configuration
        metrics = ServerMetrics(model: model)

        var identity = JSONWriter()
        identity.raw("{\"name\":")
        identity.string(model.name)
        identity.key("version")
        identity.integer(model.version)
        identity.key("digest")
        identity.string(model.digest)
        identity.byte(UInt8(ascii: "}"))
        modelIdentity = identity.bytes

        var health = JSONWriter()
        health.raw("{\"status\":\"ok\",\"model\":")
        health.raw(identity.bytes)
        health.byte(UInt8(ascii: "}"))
        healthBody = health.bytes

        modelBody = Self.modelDocument(model: model, configuration: configuration, identity: identity.bytes)

        var probability = JSONWriter()
        probability.raw(",\"probability\":{")
        probability.string(model.classNames[0])
        probability.byte(UInt8(ascii: ":"))
        var positive = JSONWriter()
        positive.byte(UInt8(ascii: ","))
        positive.string(model.classNames[1])
        positive.byte(UInt8(ascii: ":"))
        var tail = JSONWriter()
        tail.raw("\",\"model\":")
        tail.raw(identity.bytes)
        singlePredictionPieces = (probability.bytes, positive.bytes, tail.bytes)

        decoder = FeatureDecoder(columns: model.inputFeatureNames, pipeline: model.pipeline, maxRows: configuration.maxBatch)
        tokenDigest = configuration.token.map { SHA256.hash(Array($0.utf8)) }
        allowsAnyOrigin = configuration.allowedOrigins.contains("*")
        allowedOrigins = Set(configuration.allowedOrigins)
        let timeout = configuration.requestTimeout.components
        requestTimeoutText = "\(Double(timeout.seconds) + Double(timeout.attoseconds) * 1e-18)"
    }

    // MARK: Handling a request

    /// Answers one request completely (head checks, then the body). Never throws and never traps
    /// on input: every refusal is a JSON error response.
    public func handle(_ request: ServiceRequest) -> ServiceResponse {
        let start = ContinuousClock.now
        switch begin(request, start: start) {
        case let .respond(response):
            return response
        case let .readBody(pending):
            if request.body.count > configuration.maxBodyBytes {
                return reject(pending, APIError.bodyTooLarge(limit: configuration.maxBodyBytes))
            }
            return complete(pending, body: request.body)
        }
    }

    /// The Prometheus exposition text served by `GET /metrics`.
    public func metricsText() -> String { String(decoding: metrics.render(), as: UTF8.self) }

    /// The outcome of looking at a request's head.
    enum Stage: Sendable {
        /// Answered without a body (GET routes, preflights, refusals).
        case respond(ServiceResponse)
        /// A POST route that passed the head checks: read at most `maxBodyBytes`, then ``complete(_:body:)``.
        case readBody(PendingRequest)
    }

    /// A request waiting for its body.
    struct PendingRequest: Sendable {
        var route: Route
        var origin: String?
        var start: ContinuousClock.Instant
    }

    /// What a request's head alone decides, before any body byte is read.
    enum HeadDecision: Sendable {
        /// A refusal (404, 405, 401, 415, 413 by declared length).
        case refuse(Route?, APIError)
        /// A CORS preflight or plain OPTIONS.
        case preflight(Route)
        /// A GET (or HEAD) route: answered from the head.
        case answer(Route)
        /// A POST route that passed every head check: its body is wanted.
        case readBody(Route)
    }

    /// Routing, method, token, content type and declared length: everything decidable before the
    /// body is read. Pure (nothing is counted), so a transport can ask it early, e.g. before it
    /// answers `Expect: 100-continue`.
    func decide(_ request: ServiceRequest) -> HeadDecision {
        var path = Substring(request.path)
        if let query = path.firstIndex(of: "?") { path = path[..<query] }
        guard let route = Route(path: String(path)) else {
            return .refuse(nil, APIError(status: 404, code: "not_found",
                                         message: "no route \(String(path)); the routes are \(Route.pathList)",
                                         details: [(key: "path", value: .string(String(path)))]))
        }
        if request.method == "OPTIONS" { return .preflight(route) }
        // HEAD is GET without the body (RFC 9110 §9.3.2): the service answers as for GET and the
        // transport sends the head only, with the GET body's Content-Length.
        guard request.method == route.method || (request.method == "HEAD" && !route.takesBody) else {
            return .refuse(route, APIError(status: 405, code: "method_not_allowed",
                                           message: "\(route.path) accepts \(route.method), not \(request.method)",
                                           details: [(key: "allowed", value: .strings(route.allowedMethodList))],
                                           headers: [(name: "allow", value: route.allowedMethods)]))
        }
        if route.requiresToken, let error = checkToken(request) { return .refuse(route, error) }
        guard route.takesBody else { return .answer(route) }
        if let error = checkContentType(request.headers["content-type"]) { return .refuse(route, error) }
        if let declared = request.headers["content-length"].flatMap({ Int($0) }), declared > configuration.maxBodyBytes {
            var error = APIError.bodyTooLarge(limit: configuration.maxBodyBytes)
            error.details.append((key: "content_length", value: .integer(declared)))
            error.headers.append((name: "connection", value: "close"))
            return .refuse(route, error)
        }
        return .readBody(route)
    }

    /// Whether the service would read this request's body: the answer to `Expect: 100-continue`
    /// (RFC 9110 §10.1.1: a request refused on its head gets the final status, not 100).
    public func wantsBody(_ request: ServiceRequest) -> Bool {
        if case .readBody = decide(request) { return true }
        return false
    }

    /// ``decide(_:)``, with the answers that need no body made and counted.
    func begin(_ request: ServiceRequest, start: ContinuousClock.Instant) -> Stage {
        let origin = request.headers["origin"]
        switch decide(request) {
        case let .refuse(route, error):
            return .respond(finish(route, origin: origin, start: start, error: error))
        case let .preflight(route):
            return .respond(preflight(route, request: request, origin: origin, start: start))
        case let .answer(route):
            let response: (body: [UInt8], contentType: String) =
                switch route {
                case .model: (modelBody, "application/json")
                case .metrics: (metrics.render(), "text/plain; version=0.0.4; charset=utf-8")
                default: (healthBody, "application/json")
                }
            return .respond(finish(route, origin: origin, start: start, status: 200, body: response.body,
                                   contentType: response.contentType))
        case let .readBody(route):
            return .readBody(PendingRequest(route: route, origin: origin, start: start))
        }
    }

    /// Parses and scores the body of a request that passed ``begin(_:start:)``.
    func complete(_ pending: PendingRequest, body: [UInt8]) -> ServiceResponse {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            return reject(pending, APIError.malformed(error))
        }
        do {
            let (bytes, rows) = switch pending.route {
            case .predict: try predictOne(value)
            default: try predictBatch(value)
            }
            return finish(pending.route, origin: pending.origin, start: pending.start, status: 200, body: bytes,
                          predictions: rows)
        } catch {
            return reject(pending, error)
        }
    }

    /// Refuses a request that passed ``begin(_:start:)`` (body too large, too slow, invalid).
    func reject(_ pending: PendingRequest, _ error: APIError) -> ServiceResponse {
        finish(pending.route, origin: pending.origin, start: pending.start, error: error)
    }

    // MARK: Token, content type, CORS

    private func checkToken(_ request: ServiceRequest) -> APIError? {
        guard let tokenDigest else { return nil }
        let challenge = "Bearer realm=\"exp\""
        guard let header = request.headers["authorization"] else {
            return APIError(status: 401, code: "unauthorized",
                            message: "this server needs an 'Authorization: Bearer <token>' header",
                            headers: [(name: "www-authenticate", value: challenge)])
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return APIError(status: 401, code: "unauthorized",
                            message: "the Authorization header must use the Bearer scheme",
                            headers: [(name: "www-authenticate", value: challenge)])
        }
        // Compare digests (fixed length) with an accumulated XOR: the time taken depends neither on
        // where the tokens differ nor on the length of the expected token.
        let presented = SHA256.hash(Array(parts[1].trimmingSpaces.utf8))
        var difference: UInt8 = 0
        for i in 0..<SHA256.digestByteCount { difference |= presented[i] ^ tokenDigest[i] }
        guard difference == 0 else {
            return APIError(status: 401, code: "unauthorized", message: "the bearer token is not valid",
                            headers: [(name: "www-authenticate", value: challenge + ", error=\"invalid_token\"")])
        }
        return nil
    }

    private func checkContentType(_ value: String?) -> APIError? {
        guard let value else {
            return APIError(status: 415, code: "unsupported_media_type",
                            message: "send the body as JSON with 'Content-Type: application/json'")
        }
        if value == "application/json" || value == "application/json; charset=utf-8" { return nil }
        let parameters = value.split(separator: ";").map { $0.trimmingSpaces.lowercased() }
        guard parameters.first == "application/json" else {
            return APIError(status: 415, code: "unsupported_media_type",
                            message: "the Content-Type must be application/json, not '\(value)'",
                            details: [(key: "content_type", value: .string(value))])
        }
        for parameter in parameters.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).filter { $0 != "\"" }
            guard charset == "utf-8" || charset == "utf8" else {
                return APIError(status: 415, code: "unsupported_media_type",
                                message: "JSON bodies must be UTF-8, not '\(charset)'",
                                details: [(key: "content_type", value: .string(value))])
            }
        }
        return nil
    }

    private func isAllowed(origin: String) -> Bool { allowsAnyOrigin || allowedOrigins.contains(origin) }

    private func preflight(_ route: Route, request: ServiceRequest, origin: String?, start: ContinuousClock.Instant)
        -> ServiceResponse
    {
        guard let origin else {
            // A plain OPTIONS request, not a CORS preflight.
            return finish(route, origin: nil, start: start, status: 204, body: [], contentType: nil,
                          headers: [(name: "allow", value: route.allowedMethods)])
        }
        guard isAllowed(origin: origin) else {
            let error = APIError(status: 403, code: "origin_not_allowed",
                                 message: "the origin '\(origin)' may not call this API",
                                 details: [(key: "origin", value: .string(origin))])
            return finish(route, origin: nil, start: start, error: error)
        }
        return finish(route, origin: origin, start: start, status: 204, body: [], contentType: nil, headers: [
            (name: "allow", value: route.allowedMethods),
            (name: "access-control-allow-methods", value: route.allowedMethods),
            (name: "access-control-allow-headers", value: "Authorization, Content-Type"),
            (name: "access-control-max-age", value: "600"),
        ])
    }

    // MARK: Finishing

    private func finish(_ route: Route?, origin: String?, start: ContinuousClock.Instant, error: APIError)
        -> ServiceResponse
    {
        finish(route, origin: origin, start: start, status: error.status, body: error.body(), headers: error.headers)
    }

    /// Adds content type and CORS headers, and records the request in the metrics.
    private func finish(_ route: Route?, origin: String?, start: ContinuousClock.Instant, status: Int, body: [UInt8],
                        contentType: String? = "application/json", headers extra: [(name: String, value: String)] = [],
                        predictions: Int = 0) -> ServiceResponse
    {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(extra.count + 3)
        if let contentType { headers.append((name: "content-type", value: contentType)) }
        headers.append(contentsOf: extra)
        if let origin, isAllowed(origin: origin) {
            headers.append((name: "access-control-allow-origin", value: allowsAnyOrigin ? "*" : origin))
            if !allowsAnyOrigin { headers.append((name: "vary", value: "Origin")) }
        }
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        metrics.record(route: route, status: status, seconds: seconds, predictions: predictions)
        return ServiceResponse(status: status, headers: headers, body: body)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
