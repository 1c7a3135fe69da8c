import ExpData
import ExpDomain

/// A request the service refuses, rendered as
/// `{"error": {"code": "...", "message": "...", "details": {...}}}`.
///
/// Codes (HTTP status): `malformed_json` (400); the prediction input refusals of
/// ``FeatureDecoder`` (their `DataError.Kind.code`): `invalid_request`, `unknown_field`,
/// `duplicate_field`, `missing_field`, `wrong_value_count`, `non_numeric_value`,
/// `non_finite_value`, `missing_value`, `missing_columns`, `duplicate_columns`, `empty_batch`,
/// `ragged_batch` (422); `body_too_large`, `batch_too_large` (413); `unsupported_media_type` (415); `unauthorized` (401);
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

    /// 400 for a body ``JSONParser`` refuses, with its line, column and byte offset.
    static func malformed(_ error: DomainError) -> APIError {
        guard case let .malformedJSON(line, column, offset, _) = error else {
            return APIError(status: 400, code: "malformed_json", message: error.description)
        }
        return APIError(status: 400, code: "malformed_json", message: error.description,
                        details: [(key: "offset", value: .integer(offset)), (key: "line", value: .integer(line)),
                                  (key: "column", value: .integer(column))])
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

extension APIError {
    /// A prediction input refusal of ``FeatureDecoder`` as its response: 413 for too many rows,
    /// 400 for malformed JSON, 422 for everything else; `code` is the kind's code, and `details`
    /// carry `field` (the JSON location), `row` (1-based), `column` (the column name) and, by kind,
    /// the names (`duplicates`, `missing`) or counts involved.
    init(input error: DataError) {
        var details: [(key: String, value: Detail)] = []
        if let field = error.field { details.append((key: "field", value: .string(field))) }
        if let row = error.row { details.append((key: "row", value: .integer(row))) }
        if let column = error.columnName { details.append((key: "column", value: .string(column))) }
        var status = 422
        switch error.kind {
        case .duplicateHeader:
            details.append((key: "duplicates", value: .strings(error.names)))
        case .missingColumns:
            details.append((key: "missing", value: .strings(error.names)))
        case .wrongValueCount:
            if let received = error.received { details.append((key: "received", value: .integer(received))) }
            if error.expected.count == 2 {
                details.append((key: "expected_full", value: .integer(error.expected[0])))
                details.append((key: "expected_selected", value: .integer(error.expected[1])))
            }
        case .raggedRow:
            if let expected = error.expected.first { details.append((key: "expected", value: .integer(expected))) }
            if let received = error.received { details.append((key: "received", value: .integer(received))) }
        case .tooManyRows:
            status = 413
            if let received = error.received { details.append((key: "rows", value: .integer(received))) }
            if let limit = error.expected.first { details.append((key: "max_batch", value: .integer(limit))) }
        case .malformedJSON:
            status = 400
            if let line = error.line { details.append((key: "line", value: .integer(line))) }
            if let column = error.columnNumber { details.append((key: "column", value: .integer(column))) }
        default:
            break
        }
        self.init(status: status, code: error.kind.code, message: error.message, details: details)
    }
}

/// Quotes names for messages: `'a', 'b'`.
func quoted(_ names: [String], limit: Int = 20) -> String {
    let shown = names.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
    return names.count > limit ? shown + " and \(names.count - limit) more" : shown
}
