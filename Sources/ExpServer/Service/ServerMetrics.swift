import Synchronization

/// Request counters and latency histograms in the Prometheus text exposition format
/// (version 0.0.4), kept in memory behind one lock.
///
/// ```text
/// exp_http_requests_total{route="/predict",status="200"} 1042
/// exp_http_request_duration_seconds_bucket{route="/predict",le="0.001"} 1001
/// exp_predictions_total 1042
/// ```
/// Routes are the fixed labels of ``Route`` plus `unmatched`, so label cardinality is bounded
/// whatever paths clients try.
final class ServerMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds (+Inf is implicit).
    static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    static let labels: [String] = Route.allCases.map(\.path) + ["unmatched"]

    private struct State {
        /// Per route label index: status → count.
        var requests: [[Int: Int]]
        /// Per route label index: cumulative-free bucket counts (one extra for +Inf).
        var buckets: [[Int]]
        var durationSum: [Double]
        var durationCount: [Int]
        var predictions = 0
    }

    private let state: Mutex<State>
    private let infoLine: String

    init(model: ServedModel) {
        let routes = Self.labels.count
        state = Mutex(State(
            requests: Array(repeating: [:], count: routes),
            buckets: Array(repeating: Array(repeating: 0, count: Self.bucketBounds.count + 1), count: routes),
            durationSum: Array(repeating: 0, count: routes),
            durationCount: Array(repeating: 0, count: routes)))
        infoLine = "exp_model_info{name=\(Self.labelValue(model.name)),version=\"\(model.version)\",digest=\(Self.labelValue(model.digest))} 1\n"
    }

    /// Index of a route's label; `nil` route is `unmatched`.
    static func labelIndex(_ route: Route?) -> Int {
        guard let route else { return labels.count - 1 }
        return Route.allCases.firstIndex(of: route) ?? labels.count - 1
    }

    /// Records one finished request.
    func record(route: Route?, status: Int, seconds: Double, predictions: Int) {
        let r = Self.labelIndex(route)
        var bucket = Self.bucketBounds.count
        for (i, bound) in Self.bucketBounds.enumerated() where seconds <= bound {
            bucket = i
            break
        }
        state.withLock { state in
            state.requests[r][status, default: 0] += 1
            state.buckets[r][bucket] += 1
            state.durationSum[r] += seconds
            state.durationCount[r] += 1
            state.predictions += predictions
        }
    }

    /// The number of requests recorded for `route` with `status` (for tests).
    func requestCount(route: Route?, status: Int) -> Int {
        let r = Self.labelIndex(route)
        return state.withLock { $0.requests[r][status] ?? 0 }
    }

    /// The exposition text.
    func render() -> [UInt8] {
        let snapshot = state.withLock { $0 }
        var text = ""
        text.reserveCapacity(4096)
        text += "# HELP exp_http_requests_total HTTP requests by route and status code.\n"
        text += "# TYPE exp_http_requests_total counter\n"
        for (r, label) in Self.labels.enumerated() {
            for status in snapshot.requests[r].keys.sorted() {
                text += "exp_http_requests_total{route=\"\(label)\",status=\"\(status)\"} \(snapshot.requests[r][status] ?? 0)\n"
            }
        }
        text += "# HELP exp_http_request_duration_seconds Time from request head to response, by route.\n"
        text += "# TYPE exp_http_request_duration_seconds histogram\n"
        for (r, label) in Self.labels.enumerated() where snapshot.durationCount[r] > 0 {
            var cumulative = 0
            for (i, bound) in Self.bucketBounds.enumerated() {
                cumulative += snapshot.buckets[r][i]
                text += "exp_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative += snapshot.buckets[r][Self.bucketBounds.count]
            text += "exp_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"+Inf\"} \(cumulative)\n"
            text += "exp_http_request_duration_seconds_sum{route=\"\(label)\"} \(snapshot.durationSum[r])\n"
            text += "exp_http_request_duration_seconds_count{route=\"\(label)\"} \(snapshot.durationCount[r])\n"
        }
        text += "# HELP exp_predictions_total Rows scored.\n"
        text += "# TYPE exp_predictions_total counter\n"
        text += "exp_predictions_total \(snapshot.predictions)\n"
        text += "# HELP exp_model_info The model being served.\n"
        text += "# TYPE exp_model_info gauge\n"
        text += infoLine
        return Array(text.utf8)
    }

    /// A quoted label value with `\`, `"` and newlines escaped.
    private static func labelValue(_ value: String) -> String {
        var escaped = "\""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
