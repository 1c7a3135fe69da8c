import ExpCore

/// The input contract of the prediction routes. Strict by design: every value must be a finite
/// JSON number (no strings, booleans or nested arrays; NaN and ±∞ are refused, including literals
/// such as `1e999` that overflow to infinity), unknown top-level fields are refused, and every
/// refusal names the offending field, index or column. `null` is a missing value: accepted and
/// imputed when the model was trained with an imputer (as `exp predict` reads an empty cell),
/// refused otherwise.
extension PredictionService {
    // MARK: POST /predict

    /// `{"data": [x…]}` (a full raw row in training order, or the k selected features in manifest
    /// order) or `{"features": {"name": x, …}}` (by name: unknown names are refused; every selected
    /// feature is required, other schema columns are optional and unused).
    func predictOne(_ value: JSONValue) throws(APIError) -> (body: [UInt8], rows: Int) {
        guard case let .object(members) = value else {
            throw .unprocessable("invalid_request",
                                 "the body must be a JSON object with \"data\" (an array of numbers) or \"features\" (an object of column: number), not \(value.kindDescription)")
        }
        var data: JSONValue? = nil
        var features: JSONValue? = nil
        for member in members {
            switch member.key {
            case "data":
                if data != nil { throw duplicateField("data") }
                data = member.value
            case "features":
                if features != nil { throw duplicateField("features") }
                features = member.value
            default:
                throw .unprocessable("unknown_field",
                                     "unknown field \"\(member.key)\"; /predict accepts \"data\" or \"features\"",
                                     field: member.key)
            }
        }
        let probability: Double
        switch (data, features) {
        case let (data?, nil): probability = try scoreRow(data)
        case let (nil, features?): probability = try scoreFeatures(features)
        case (nil, nil):
            throw .unprocessable("missing_field", "the body needs \"data\" (an array of numbers) or \"features\" (an object of column: number)",
                                 field: "data")
        case (.some, .some):
            throw .unprocessable("invalid_request", "give either \"data\" or \"features\", not both", field: "features")
        }
        return (singleResponse(probability), 1)
    }

    private func scoreRow(_ data: JSONValue) throws(APIError) -> Double {
        let values = try numbers(data, path: "data")
        let raw = model.inputFeatureNames.count
        let k = model.selectedFeatureNames.count
        if values.count == raw {
            return try score(Matrix(rows: 1, columns: raw, elements: values), selected: false)[0]
        }
        if values.count == k {
            return try score(Matrix(rows: 1, columns: k, elements: values), selected: true)[0]
        }
        throw wrongValueCount(field: "data", received: values.count)
    }

    private func scoreFeatures(_ features: JSONValue) throws(APIError) -> Double {
        guard case let .object(members) = features else {
            throw .unprocessable("invalid_request",
                                 "\"features\" must be an object of column: number, not \(features.kindDescription)",
                                 field: "features")
        }
        let raw = model.inputFeatureNames.count
        var positions = [Int](repeating: -1, count: members.count)
        var present = [Bool](repeating: false, count: raw)
        var duplicates: [String] = []
        var unknown: [String] = []
        for (i, member) in members.enumerated() {
            guard let position = rawPositions[member.key] else {
                if !unknown.contains(member.key) { unknown.append(member.key) }
                continue
            }
            if present[position] {
                if !duplicates.contains(member.key) { duplicates.append(member.key) }
                continue
            }
            present[position] = true
            positions[i] = position
        }
        if !duplicates.isEmpty {
            throw .unprocessable("duplicate_columns", "duplicate \(plural("column", duplicates.count)) \(quoted(duplicates)) in \"features\"",
                                 field: "features", [(key: "duplicates", value: .strings(duplicates))])
        }
        if !unknown.isEmpty {
            throw .unprocessable("unknown_columns",
                                 "unknown \(plural("column", unknown.count)) \(quoted(unknown)) in \"features\"; GET /v1/model lists the \(raw) columns of the input schema",
                                 field: "features", [(key: "unknown", value: .strings(unknown))])
        }
        var row = [Double](repeating: 0, count: raw)
        for (i, member) in members.enumerated() {
            row[positions[i]] = try number(member.value, path: "features[\(jsonQuoted(member.key))]")
        }
        if present.allSatisfy({ $0 }) {
            return try score(Matrix(rows: 1, columns: raw, elements: row), selected: false)[0]
        }
        let missing = model.pipeline.selectedIndices.filter { !present[$0] }.map { model.inputFeatureNames[$0] }
        guard missing.isEmpty else { throw missingColumns(missing, field: "features") }
        let selected = model.pipeline.selectedIndices.map { row[$0] }
        return try score(Matrix(rows: 1, columns: selected.count, elements: selected), selected: true)[0]
    }

    /// The `/predict` response, assembled from precomputed pieces.
    private func singleResponse(_ probability: Double) -> [UInt8] {
        var json = JSONWriter(capacity: 160 + modelIdentity.count)
        json.raw("{\"prediction\":")
        json.byte(probability >= model.threshold ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        json.raw(singlePredictionPieces.probability)
        json.number(1 - probability)
        json.raw(singlePredictionPieces.positive)
        json.number(probability)
        json.raw("},\"risk_level\":\"")
        json.raw(Self.riskLevelBytes(model.riskBands.level(probability)))
        json.raw(singlePredictionPieces.tail)
        return json.bytes
    }

    // MARK: POST /v1/predict, /invocations

    /// `{"columns": [...], "data": [[...], ...]}` or `{"dataframe_split": {"columns", "data", "index"?}}`
    /// (columns by name: extra columns are ignored and reported in `warnings`; every selected
    /// feature is required), or `{"instances": [[...], ...]}` (positional rows, all full raw rows
    /// or all selected-feature rows).
    func predictBatch(_ value: JSONValue) throws(APIError) -> (body: [UInt8], rows: Int) {
        let shapes = "{\"columns\": [...], \"data\": [[...], ...]}, {\"dataframe_split\": {\"columns\": [...], \"data\": [[...], ...]}} or {\"instances\": [[...], ...]}"
        guard case let .object(members) = value else {
            throw .unprocessable("invalid_request", "the body must be a JSON object: \(shapes); got \(value.kindDescription)")
        }
        var fields: [String: JSONValue] = [:]
        for member in members {
            switch member.key {
            case "columns", "data", "instances", "dataframe_split":
                if fields[member.key] != nil { throw duplicateField(member.key) }
                fields[member.key] = member.value
            default:
                throw .unprocessable("unknown_field", "unknown field \"\(member.key)\"; the batch shapes are \(shapes)",
                                     field: member.key)
            }
        }
        let probabilities: [Double]
        var warnings: [String] = []
        if let split = fields["dataframe_split"] {
            guard fields.count == 1 else {
                throw .unprocessable("invalid_request", "\"dataframe_split\" cannot be combined with other fields",
                                     field: "dataframe_split")
            }
            guard case let .object(splitMembers) = split else {
                throw .unprocessable("invalid_request",
                                     "\"dataframe_split\" must be an object with \"columns\" and \"data\", not \(split.kindDescription)",
                                     field: "dataframe_split")
            }
            var inner: [String: JSONValue] = [:]
            for member in splitMembers {
                switch member.key {
                case "columns", "data", "index":
                    if inner[member.key] != nil { throw duplicateField("dataframe_split.\(member.key)") }
                    inner[member.key] = member.value
                default:
                    throw .unprocessable("unknown_field",
                                         "unknown field \"dataframe_split.\(member.key)\"; \"dataframe_split\" takes \"columns\", \"data\" and an ignored \"index\"",
                                         field: "dataframe_split.\(member.key)")
                }
            }
            probabilities = try scoreFrame(columns: inner["columns"], data: inner["data"], prefix: "dataframe_split.",
                                           warnings: &warnings)
        } else if let instances = fields["instances"] {
            guard fields.count == 1 else {
                throw .unprocessable("invalid_request", "\"instances\" cannot be combined with \"columns\" or \"data\"",
                                     field: "instances")
            }
            probabilities = try scoreInstances(instances)
        } else if fields["columns"] != nil || fields["data"] != nil {
            probabilities = try scoreFrame(columns: fields["columns"], data: fields["data"], prefix: "", warnings: &warnings)
        } else {
            throw .unprocessable("missing_field", "the body holds no rows; send \(shapes)", field: "data")
        }
        return (batchResponse(probabilities, warnings: warnings), probabilities.count)
    }

    private func scoreFrame(columns: JSONValue?, data: JSONValue?, prefix: String,
                            warnings: inout [String]) throws(APIError) -> [Double]
    {
        guard let columns else {
            throw .unprocessable("missing_field",
                                 "\"\(prefix)columns\" is missing: name the values of each row, or send positional full rows as \"instances\"",
                                 field: prefix + "columns")
        }
        guard let data else {
            throw .unprocessable("missing_field", "\"\(prefix)data\" (the rows) is missing", field: prefix + "data")
        }
        let names = try columnNames(columns, path: prefix + "columns")
        let rows = try batchRows(data, path: prefix + "data")
        let binding = try bind(names, field: prefix + "columns", warnings: &warnings)
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * names.count)
        for (i, row) in rows.enumerated() {
            try appendRow(row, path: { "\(prefix)data[\(i)]" }, width: names.count, into: &elements) { received in
                "\(prefix)data[\(i)] has \(received) values; \"\(prefix)columns\" names \(names.count)"
            }
        }
        let supplied = Matrix(rows: rows.count, columns: names.count, elements: elements)
        return try score(binding.binding.arrange(supplied), selected: binding.selected)
    }

    private func scoreInstances(_ instances: JSONValue) throws(APIError) -> [Double] {
        let rows = try batchRows(instances, path: "instances")
        let raw = model.inputFeatureNames.count
        let k = model.selectedFeatureNames.count
        guard let width = rows[0].arrayCount else {
            throw .unprocessable("invalid_request", "instances[0] is \(rows[0].kindDescription); each instance must be an array of numbers",
                                 field: "instances[0]")
        }
        guard width == raw || width == k else { throw wrongValueCount(field: "instances[0]", received: width) }
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * width)
        for (i, row) in rows.enumerated() {
            try appendRow(row, path: { "instances[\(i)]" }, width: width, into: &elements) { received in
                "instances[\(i)] has \(received) values; instances[0] has \(width)"
            }
        }
        return try score(Matrix(rows: rows.count, columns: width, elements: elements), selected: width != raw)
    }

    /// The rows of a batch: a non-empty array of at most `maxBatch` elements.
    private func batchRows(_ value: JSONValue, path: String) throws(APIError) -> [JSONValue] {
        let rows: [JSONValue]
        switch value {
        case let .array(values): rows = values
        case let .numbers(values):
            guard values.isEmpty else {
                throw .unprocessable("invalid_request", "\(path)[0] is a number; \(path) must be an array of rows (arrays of numbers)",
                                     field: "\(path)[0]")
            }
            rows = []
        default:
            throw .unprocessable("invalid_request", "\(path) must be an array of rows, not \(value.kindDescription)", field: path)
        }
        guard !rows.isEmpty else { throw .unprocessable("empty_batch", "\(path) holds no rows", field: path) }
        guard rows.count <= configuration.maxBatch else {
            throw APIError(status: 413, code: "batch_too_large",
                           message: "\(path) holds \(rows.count) rows; this server scores at most \(configuration.maxBatch) per request",
                           details: [(key: "field", value: .string(path)), (key: "rows", value: .integer(rows.count)),
                                     (key: "max_batch", value: .integer(configuration.maxBatch))])
        }
        return rows
    }

    private func columnNames(_ value: JSONValue, path: String) throws(APIError) -> [String] {
        let items: [JSONValue]
        switch value {
        case let .array(values): items = values
        case let .numbers(values) where values.isEmpty: items = []
        case let .numbers(values):
            throw .unprocessable("invalid_request", "\(path)[0] is a number (\(values[0])); column names are strings",
                                 field: "\(path)[0]")
        default:
            throw .unprocessable("invalid_request", "\(path) must be an array of column names, not \(value.kindDescription)", field: path)
        }
        guard !items.isEmpty else { throw .unprocessable("invalid_request", "\(path) is empty", field: path) }
        var names: [String] = []
        names.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case let .string(name) = item else {
                throw .unprocessable("invalid_request", "\(path)[\(i)] is \(item.kindDescription); column names are strings",
                                     field: "\(path)[\(i)]")
            }
            names.append(name)
        }
        return names
    }

    /// Binds supplied column names: against the full input schema when every schema column is
    /// there, otherwise against the selected features (all of which are then required).
    private func bind(_ names: [String], field: String,
                      warnings: inout [String]) throws(APIError) -> (binding: ColumnBinding, selected: Bool)
    {
        var seen = Set<String>()
        var duplicates: [String] = []
        for name in names where !seen.insert(name).inserted && !duplicates.contains(name) { duplicates.append(name) }
        if !duplicates.isEmpty {
            throw .unprocessable("duplicate_columns", "duplicate \(plural("column", duplicates.count)) \(quoted(duplicates)) in \"\(field)\"",
                                 field: field, [(key: "duplicates", value: .strings(duplicates))])
        }
        let binding: ColumnBinding
        let selected: Bool
        do {
            binding = try ColumnBinding(supplied: names, schema: model.inputFeatureNames)
            selected = false
        } catch {
            do {
                binding = try ColumnBinding(supplied: names, schema: model.selectedFeatureNames)
                selected = true
            } catch ExpCoreError.missingColumns(let missing) {
                throw missingColumns(missing, field: field)
            } catch {
                throw internalError(error)
            }
        }
        let unknown = binding.ignoredColumns.filter { rawPositions[$0] == nil }
        if !unknown.isEmpty {
            warnings.append("ignored \(unknown.count) \(plural("column", unknown.count)) not in the model's input schema: \(quoted(unknown))")
        }
        return (binding, selected)
    }

    private func batchResponse(_ probabilities: [Double], warnings: [String]) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + probabilities.count * 64)
        json.raw("{\"predictions\":[")
        for (i, p) in probabilities.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(p >= model.threshold ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        }
        json.raw("],\"probabilities\":[")
        for (i, p) in probabilities.enumerated() {
            json.raw(i > 0 ? ",[" : "[")
            json.number(1 - p)
            json.byte(UInt8(ascii: ","))
            json.number(p)
            json.byte(UInt8(ascii: "]"))
        }
        json.raw("],\"risk_levels\":[")
        for (i, p) in probabilities.enumerated() {
            json.raw(i > 0 ? ",\"" : "\"")
            json.raw(Self.riskLevelBytes(model.riskBands.level(p)))
            json.byte(UInt8(ascii: "\""))
        }
        json.raw("],\"classes\":")
        json.stringArray(model.classNames)
        json.key("threshold")
        json.number(model.threshold)
        json.key("model")
        json.raw(modelIdentity)
        json.key("warnings")
        json.stringArray(warnings)
        json.byte(UInt8(ascii: "}"))
        return json.bytes
    }

    // MARK: Values

    /// A JSON array of finite numbers.
    private func numbers(_ value: JSONValue, path: String) throws(APIError) -> [Double] {
        var values: [Double] = []
        switch value {
        case let .numbers(xs):
            values = xs
            for i in xs.indices where !xs[i].isFinite { throw nonFinite(xs[i], path: "\(path)[\(i)]") }
        case let .array(items):
            values.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { values.append(try number(item, path: "\(path)[\(i)]")) }
        default:
            throw .unprocessable("invalid_request", "\"\(path)\" must be an array of numbers, not \(value.kindDescription)", field: path)
        }
        return values
    }

    /// One finite number, or `null` (missing, NaN) when the model imputes.
    private func number(_ value: JSONValue, path: @autoclosure () -> String) throws(APIError) -> Double {
        if case .null = value {
            if model.pipeline.imputer != nil { return .nan }
            let where_ = path()
            throw .unprocessable("missing_value",
                                 "\(where_) is null, but this model was trained without missing values and has no imputer; send a number",
                                 field: where_)
        }
        guard case let .number(x) = value else {
            let where_ = path()
            throw .unprocessable("non_numeric_value", "\(where_) is \(value.kindDescription); every value must be a finite number",
                                 field: where_)
        }
        guard x.isFinite else { throw nonFinite(x, path: path()) }
        return x
    }

    /// Appends one batch row of exactly `width` finite numbers.
    private func appendRow(_ row: JSONValue, path: () -> String, width: Int, into elements: inout [Double],
                           ragged: (Int) -> String) throws(APIError)
    {
        guard let count = row.arrayCount else {
            let where_ = path()
            throw .unprocessable("invalid_request", "\(where_) is \(row.kindDescription); each row must be an array of numbers",
                                 field: where_)
        }
        guard count == width else {
            throw .unprocessable("ragged_batch", ragged(count), field: path(),
                                 [(key: "expected", value: .integer(width)), (key: "received", value: .integer(count))])
        }
        switch row {
        case let .numbers(xs):
            for j in xs.indices where !xs[j].isFinite { throw nonFinite(xs[j], path: "\(path())[\(j)]") }
            elements.append(contentsOf: xs)
        case let .array(items):
            for (j, item) in items.enumerated() { elements.append(try number(item, path: "\(path())[\(j)]")) }
        default:
            break
        }
    }

    // MARK: Scoring

    /// Scores rows that are already validated (finite, right width) in one pipeline call.
    private func score(_ rows: Matrix<Double>, selected: Bool) throws(APIError) -> [Double] {
        do {
            return selected ? try model.pipeline.predictProbabilities(selected: rows)
                : try model.pipeline.predictProbabilities(rows)
        } catch ExpCoreError.nonFiniteInput(let row, let column) {
            throw .unprocessable("non_finite_value", "the value at row \(row), column \(column) is not finite")
        } catch {
            throw internalError(error)
        }
    }

    // MARK: Errors

    private func nonFinite(_ value: Double, path: String) -> APIError {
        let text = value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity")
        return .unprocessable("non_finite_value",
                              "\(path) is not a finite number (it reads as \(text)); NaN and infinities are not accepted",
                              field: path)
    }

    private func wrongValueCount(field: String, received: Int) -> APIError {
        let raw = model.inputFeatureNames.count
        let k = model.selectedFeatureNames.count
        let expected = raw == k ? "\(raw) (the input schema, in training column order)"
            : "\(raw) (a full row in training column order) or \(k) (the selected features, in manifest order)"
        return .unprocessable("wrong_value_count", "\(field) has \(received) values; expected \(expected)", field: field,
                              [(key: "received", value: .integer(received)), (key: "expected_full", value: .integer(raw)),
                               (key: "expected_selected", value: .integer(k))])
    }

    private func missingColumns(_ missing: [String], field: String) -> APIError {
        .unprocessable("missing_columns",
                       "missing \(plural("column", missing.count)) \(quoted(missing)) in \"\(field)\"; the model needs its \(model.selectedFeatureNames.count) selected features (or every column of the input schema)",
                       field: field, [(key: "missing", value: .strings(missing))])
    }

    private func duplicateField(_ name: String) -> APIError {
        .unprocessable("invalid_request", "the field \"\(name)\" appears more than once", field: name)
    }

    private func internalError(_ error: any Error) -> APIError {
        APIError(status: 500, code: "internal_error", message: "scoring failed: \(error)")
    }

    static func riskLevelBytes(_ level: RiskLevel) -> StaticString {
        switch level {
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        }
    }
}

/// `"name"` as a JSON string, for paths such as `features["Current Ratio"]`.
func jsonQuoted(_ name: String) -> String {
    var json = JSONWriter(capacity: name.utf8.count + 2)
    json.string(name)
    return String(decoding: json.bytes, as: UTF8.self)
}

func plural(_ word: String, _ count: Int) -> String { count == 1 ? word : word + "s" }
