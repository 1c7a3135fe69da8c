/// The endpoints of the API.
enum Route: CaseIterable, Sendable {
    /// `POST /predict`: one row, reference-compatible response.
    case predict
    /// `POST /v1/predict`: a batch (`dataframe_split` or `instances`).
    case batchPredict
    /// `POST /invocations`: MLflow's name for the batch endpoint; same contract as `/v1/predict`.
    case invocations
    /// `GET /health`: liveness and the model identity (no token needed).
    case health
    /// `GET /v1/model`: the bundle manifest and the input schema.
    case model
    /// `GET /metrics`: Prometheus text.
    case metrics

    init?(path: String) {
        switch path {
        case "/predict": self = .predict
        case "/v1/predict": self = .batchPredict
        case "/invocations": self = .invocations
        case "/health": self = .health
        case "/v1/model": self = .model
        case "/metrics": self = .metrics
        default: return nil
        }
    }

    var path: String {
        switch self {
        case .predict: "/predict"
        case .batchPredict: "/v1/predict"
        case .invocations: "/invocations"
        case .health: "/health"
        case .model: "/v1/model"
        case .metrics: "/metrics"
        }
    }

    /// Whether the route takes a JSON body (POST) or not (GET).
    var takesBody: Bool {
        switch self {
        case .predict, .batchPredict, .invocations: true
        case .health, .model, .metrics: false
        }
    }

    var method: String { takesBody ? "POST" : "GET" }

    /// The methods the route answers: POST, or GET and HEAD; and OPTIONS (CORS preflight).
    var allowedMethodList: [String] { takesBody ? ["POST", "OPTIONS"] : ["GET", "HEAD", "OPTIONS"] }

    /// The `Allow` / `Access-Control-Allow-Methods` value.
    var allowedMethods: String { allowedMethodList.joined(separator: ", ") }

    /// Whether a configured token is required (everything but the health check).
    var requiresToken: Bool { self != .health }

    static var pathList: String { allCases.map(\.path).joined(separator: ", ") }
}
