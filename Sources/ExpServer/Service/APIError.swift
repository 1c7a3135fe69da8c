/// A request the service refuses, rendered as
/// `{"error": {"code": "...", "message": "...", "details": {...}}}`.
///
/// Codes (HTTP status): `malformed_json` (400); `invalid_request`, `unknown_field`,
/// `missing_field`, `wrong_value_count`, `non_numeric_value`, `non_finite_value`,
/// `missing_columns`, `unknown_columns`, `duplicate_columns`, `empty_batch`, `ragged_batch` (422);
/// `body_too_large`, `batch_too_large` (413); `unsupported_media_type` (415); `unauthorized` (401);
/// `origin_not_allowed` (403); `not_found` (404); `method_not_allowed` (405);
/// `request_timeout` (408); `internal_error` (500, a bug: never caused by input).
struct APIError: Error, Sendable {
    /// One entry of `details`.
    enum Detail: Sendable {
        case string(String)
        case integer(Int)
        case strings([String])
    }

    var status: Int
    var code: String
    var message: String
    var details: [(key: String, value: Detail)] = []
    var headers: [(name: String, value: String)] = []

    func body() -> [UInt8] {
        var json = JSONWriter(capacity: 128 + message.utf8.count)
        json.raw("{\"error\":{\"code\":")
        json.string(code)
        json.key("message")
        json.string(message)
        json.key("details")
        json.byte(UInt8(ascii: "{"))
        for (i, detail) in details.enumerated() {
            json.key(detail.key, comma: i > 0)
            switch detail.value {
            case let .string(value): json.string(value)
            case let .integer(value): json.integer(value)
            case let .strings(values): json.stringArray(values)
            }
        }
        json.raw("}}}")
        return json.bytes
    }

    // MARK: Common errors

    /// 422 naming a JSON location such as `data[3][7]`.
    static func unprocessable(_ code: String, _ message: String, field: String? = nil,
                              _ more: [(key: String, value: Detail)] = []) -> APIError {
        var details: [(key: String, value: Detail)] = []
        if let field { details.append((key: "field", value: .string(field))) }
        return APIError(status: 422, code: code, message: message, details: details + more)
    }

    static func malformed(_ error: JSONSyntaxError) -> APIError {
        APIError(status: 400, code: "malformed_json", message: error.message,
                 details: [(key: "offset", value: .integer(error.offset)), (key: "line", value: .integer(error.line)),
                           (key: "column", value: .integer(error.column))])
    }

    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(status: 413, code: "body_too_large", message: "the request body exceeds the limit of \(limit) bytes",
                 details: [(key: "max_body_bytes", value: .integer(limit))])
    }

    static func requestTimeout(seconds: String) -> APIError {
        APIError(status: 408, code: "request_timeout",
                 message: "the request body did not arrive within \(seconds) s",
                 headers: [(name: "connection", value: "close")])
    }
}

/// Quotes names for messages: `'a', 'b'`.
func quoted(_ names: [String], limit: Int = 20) -> String {
    let shown = names.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
    return names.count > limit ? shown + " and \(names.count - limit) more" : shown
}
