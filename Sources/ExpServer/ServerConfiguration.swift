/// How the prediction server listens and what it accepts.
///
/// ```swift
/// var configuration = ServerConfiguration()
/// configuration.port = 9000
/// configuration.token = environment["EXP_SERVE_TOKEN"]
/// ```
public struct ServerConfiguration: Sendable, Equatable {
    /// Interface to bind; `127.0.0.1` keeps the server local, `0.0.0.0` exposes it.
    public var host: String
    /// TCP port; 0 asks the system for a free port (see ``PredictionServer/run(onRunning:)``).
    public var port: Int
    /// Most rows one `/v1/predict` request may score; more is a 413.
    public var maxBatch: Int
    /// Largest accepted request body in bytes; enforced while the body is read (413).
    public var maxBodyBytes: Int
    /// When set, every route except `/health` and CORS preflights needs
    /// `Authorization: Bearer <token>` (401 otherwise). The CLI reads it from `EXP_SERVE_TOKEN`.
    public var token: String?
    /// Origins allowed to call the API from a browser (CORS): `["*"]` for any, `[]` for none, or
    /// exact origins such as `https://dashboard.example.com`.
    public var allowedOrigins: [String]
    /// How long a client may take to send a request body, from the moment its head arrived (408).
    public var requestTimeout: Duration
    /// A connection that sends nothing for this long (slow headers, a stalled body, an idle
    /// keep-alive) is closed.
    public var idleTimeout: Duration
    /// How long a graceful shutdown (SIGTERM, SIGINT) waits for in-flight requests.
    public var shutdownGracePeriod: Duration
    /// Network event-loop threads; nil shares NIO's default group (one thread per core).
    public var eventLoopThreads: Int?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBatch: Int = 10_000,
        maxBodyBytes: Int = 8 << 20,
        token: String? = nil,
        allowedOrigins: [String] = ["*"],
        requestTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(30),
        shutdownGracePeriod: Duration = .seconds(10),
        eventLoopThreads: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.maxBatch = maxBatch
        self.maxBodyBytes = maxBodyBytes
        self.token = token
        self.allowedOrigins = allowedOrigins
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.eventLoopThreads = eventLoopThreads
    }
}
