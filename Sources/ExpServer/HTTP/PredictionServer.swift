import Hummingbird
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The HTTP/1.1 server (Hummingbird 2) around one ``PredictionService``.
///
/// The Hummingbird layer only moves bytes: it asks the service about the request head, reads the
/// body up to ``ServerConfiguration/maxBodyBytes`` and within ``ServerConfiguration/requestTimeout``,
/// and writes the service's response. Connections that stay silent for
/// ``ServerConfiguration/idleTimeout`` are closed (slow headers, stalled bodies, idle keep-alives).
///
/// ```swift
/// let server = try PredictionServer(model: served, configuration: configuration)
/// try await server.run { port in print("serving on http://\(configuration.host):\(port)") }
/// ```
/// `run` returns after SIGTERM or SIGINT (or ``shutdown()``), once in-flight requests are answered
/// (at most ``ServerConfiguration/shutdownGracePeriod``).
public final class PredictionServer: Sendable {
    public let service: PredictionService

    private struct RunState {
        var group: ServiceGroup?
        var shutdownRequested = false
        var port: Int?
    }

    private let state = Mutex(RunState())

    /// - Throws: ``ServerError`` when the model or the configuration is invalid.
    public convenience init(model: ServedModel, configuration: ServerConfiguration = ServerConfiguration()) throws(ServerError) {
        self.init(service: try PredictionService(model: model, configuration: configuration))
    }

    public init(service: PredictionService) {
        self.service = service
    }

    /// The bound TCP port once the server is listening (useful with port 0).
    public var port: Int? { state.withLock { $0.port } }

    /// Binds, listens and serves until SIGTERM or SIGINT (or ``shutdown()``), then shuts down
    /// gracefully: stops accepting, finishes in-flight requests, closes idle connections.
    ///
    /// - Parameter onRunning: Called once the socket is listening, with the bound port.
    /// - Throws: When the address cannot be bound.
    public func run(onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) async throws {
        try await run(handlingSignals: true, onRunning: onRunning)
    }

    /// Starts a graceful shutdown of a running server (or of the next ``run(onRunning:)``).
    public func shutdown() async {
        let group = state.withLock { state -> ServiceGroup? in
            state.shutdownRequested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }

    /// - Parameter handlingSignals: false in tests, which must not take over the process's signals.
    func run(handlingSignals: Bool, onRunning: @escaping @Sendable (_ port: Int) async -> Void) async throws {
        let configuration = service.configuration
        let service = self.service
        var logger = Logger(label: "exp.serve")
        logger.logLevel = .notice
        let ownEventLoops = configuration.eventLoopThreads.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
        let application = Application(
            responder: ServiceResponder(service: service),
            server: .http1(configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [ExpectContinueHandler(service: service)],
                idleTimeout: .init(configuration.idleTimeout))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                self.state.withLock { $0.port = port }
                await onRunning(port)
            },
            eventLoopGroupProvider: ownEventLoops.map { .shared($0) } ?? .singleton,
            logger: logger
        )
        var groupConfiguration = ServiceGroupConfiguration(
            services: [application],
            gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        let group = ServiceGroup(configuration: groupConfiguration)
        let alreadyRequested = state.withLock { state in
            state.group = group
            return state.shutdownRequested
        }
        if alreadyRequested { await group.triggerGracefulShutdown() }
        do {
            try await group.run()
        } catch {
            try? await ownEventLoops?.shutdownGracefully()
            throw error
        }
        try await ownEventLoops?.shutdownGracefully()
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension ServiceRequest {
    /// The head of an HTTP request (`path` overrides its request target, e.g. with the path
    /// Hummingbird parsed from it), with header names in canonical lower case and repeated
    /// fields joined with ", " (RFC 9110 §5.3); no body.
    init(head: HTTPRequest, path: String? = nil) {
        var headers: [String: String] = [:]
        headers.reserveCapacity(8)
        for field in head.headerFields {
            let name = field.name.canonicalName
            if let existing = headers[name] { headers[name] = existing + ", " + field.value } else { headers[name] = field.value }
        }
        self.init(method: head.method.rawValue, path: path ?? head.path ?? "/", lowercasedHeaders: headers, body: [])
    }
}

/// Maps Hummingbird requests onto ``PredictionService`` and back.
struct ServiceResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let service: PredictionService

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let head = ServiceRequest(head: request.head, path: request.uri.path)
        let headers = head.headers
        switch service.begin(head, start: start) {
        case var .respond(response):
            // Refused on its head after the client announced `Expect: 100-continue`: no 100 was
            // sent (ExpectContinueHandler), so the body may or may not follow; close rather than
            // read it (RFC 9110 §10.1.1).
            if headers["expect"]?.lowercased() == "100-continue", response.header("connection") == nil {
                response.headers.append((name: "connection", value: "close"))
            }
            return Self.response(response, headOnly: request.method == .head)
        case let .readBody(pending):
            let limit = service.configuration.maxBodyBytes
            let deadline = start + service.configuration.requestTimeout
            var body: [UInt8] = []
            if let declared = headers["content-length"].flatMap({ Int($0) }) { body.reserveCapacity(min(declared, limit)) }
            for try await chunk in request.body {
                guard body.count + chunk.readableBytes <= limit else {
                    var error = APIError.bodyTooLarge(limit: limit)
                    error.headers.append((name: "connection", value: "close"))
                    return Self.response(service.reject(pending, error))
                }
                body.append(contentsOf: chunk.readableBytesView)
                if ContinuousClock.now > deadline {
                    return Self.response(service.reject(pending, .requestTimeout(seconds: service.requestTimeoutText)))
                }
            }
            return Self.response(service.complete(pending, body: body))
        }
    }

    /// The Hummingbird response; `headOnly` (a HEAD request) sends the head with the body's
    /// `Content-Length` and no body.
    static func response(_ response: ServiceResponse, headOnly: Bool = false) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        if headOnly && response.status != 204 {
            fields[.contentLength] = String(response.body.count)
            return Response(status: HTTPResponse.Status(code: response.status), headers: fields, body: ResponseBody())
        }
        if response.status == 204 {
            // RFC 9110 §8.6: no Content-Length in a 204.
            var empty = Response(status: .noContent, headers: fields, body: ResponseBody())
            empty.headers[.contentLength] = nil
            return empty
        }
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}
