import ExpCore
import ExpDomain

/// JSON prediction input: the batch shapes (files, `POST /v1/predict`) and the single-row shapes
/// (`POST /predict`), by the rules on ``FeatureDecoder``.
extension FeatureDecoder {
    static let batchShapes = #"{"columns": [...], "data": [[...], ...]} (also under "dataframe_split"), records [{"column": value, ...}, ...] (also under "dataframe_records"), or {"instances": [[...], ...]}"#

    /// Parses `bytes` as JSON and decodes a batch shape.
    /// - Throws: ``DataError``; malformed JSON is ``DataError/Kind/malformedJSON`` with its line and
    ///   column.
    public func decodeJSON(_ bytes: [UInt8], file: String, idColumn: String? = nil) throws(DataError) -> FeatureBatch {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw Self.malformed(error, file: file)
        }
        return try decodeBatch(value, file: file, idColumn: idColumn)
    }

    /// A parser's refusal as a ``DataError`` of kind ``DataError/Kind/malformedJSON``.
    public static func malformed(_ error: DomainError, file: String) -> DataError {
        guard case let .malformedJSON(line, column, _, reason) = error else {
            return DataError(.malformedJSON, file: file, message: error.description)
        }
        return DataError(.malformedJSON, file: file, line: line, columnNumber: column, message: "malformed JSON: \(reason)")
    }

    /// Decodes a batch: `{"columns", "data", "index"?}`, `{"dataframe_split": {...}}`, records
    /// (bare or under `"dataframe_records"`) or `{"instances": [...]}`.
    public func decodeBatch(_ value: JSONValue, file: String, idColumn: String? = nil) throws(DataError) -> FeatureBatch {
        let members: [JSONMember]
        switch value {
        case .array, .numbers: return try records(value, path: "", file: file, idColumn: idColumn)
        case let .object(m): members = m
        default:
            throw invalid("the input must be a JSON object or an array of records: \(Self.batchShapes); got \(value.kindDescription)",
                          field: nil, file: file)
        }
        var fields: [String: JSONValue] = [:]
        for member in members {
            switch member.key {
            case "columns", "data", "index", "instances", "dataframe_split", "dataframe_records":
                guard fields.updateValue(member.value, forKey: member.key) == nil else {
                    throw duplicateField(member.key, file: file)
                }
            default:
                throw DataError(.unknownField, file: file, field: member.key,
                                message: "unknown field \"\(member.key)\"; the batch shapes are \(Self.batchShapes)")
            }
        }
        if let split = fields["dataframe_split"] {
            guard fields.count == 1 else {
                throw invalid("\"dataframe_split\" cannot be combined with other fields", field: "dataframe_split", file: file)
            }
            guard case let .object(splitMembers) = split else {
                throw invalid("\"dataframe_split\" must be an object with \"columns\" and \"data\", not \(split.kindDescription)",
                              field: "dataframe_split", file: file)
            }
            var inner: [String: JSONValue] = [:]
            for member in splitMembers {
                switch member.key {
                case "columns", "data", "index":
                    guard inner.updateValue(member.value, forKey: member.key) == nil else {
                        throw duplicateField("dataframe_split.\(member.key)", file: file)
                    }
                default:
                    throw DataError(.unknownField, file: file, field: "dataframe_split.\(member.key)",
                                    message: "unknown field \"dataframe_split.\(member.key)\"; \"dataframe_split\" takes \"columns\", \"data\" and an ignored \"index\"")
                }
            }
            return try frame(columns: inner["columns"], data: inner["data"], prefix: "dataframe_split.", file: file,
                             idColumn: idColumn)
        }
        if let records = fields["dataframe_records"] {
            guard fields.count == 1 else {
                throw invalid("\"dataframe_records\" cannot be combined with other fields", field: "dataframe_records", file: file)
            }
            return try self.records(records, path: "dataframe_records", file: file, idColumn: idColumn)
        }
        if let instances = fields["instances"] {
            guard fields.count == 1 else {
                throw invalid("\"instances\" cannot be combined with \"columns\", \"data\" or \"index\"", field: "instances", file: file)
            }
            if let idColumn {
                throw DataError(.missingColumns, file: file, field: "instances", names: [idColumn],
                                message: "\"instances\" rows have no column names, so there is no id column '\(idColumn)'")
            }
            return try self.instances(instances, file: file)
        }
        if !fields.isEmpty {
            return try frame(columns: fields["columns"], data: fields["data"], prefix: "", file: file, idColumn: idColumn)
        }
        throw DataError(.missingField, file: file, field: "data", message: "the input holds no rows; send \(Self.batchShapes)")
    }

    /// Decodes one row: `{"data": [x, …]}` (positional) or `{"features": {"name": x, …}}`.
    public func decodeSingle(_ value: JSONValue, file: String) throws(DataError) -> FeatureBatch {
        guard case let .object(members) = value else {
            throw invalid("the body must be a JSON object with \"data\" (an array of numbers) or \"features\" (an object of column: number), not \(value.kindDescription)",
                          field: nil, file: file)
        }
        var data: JSONValue? = nil
        var features: JSONValue? = nil
        for member in members {
            switch member.key {
            case "data":
                if data != nil { throw duplicateField("data", file: file) }
                data = member.value
            case "features":
                if features != nil { throw duplicateField("features", file: file) }
                features = member.value
            default:
                throw DataError(.unknownField, file: file, field: member.key,
                                message: "unknown field \"\(member.key)\"; one row is {\"data\": [...]} or {\"features\": {...}}")
            }
        }
        switch (data, features) {
        case let (data?, nil):
            guard let count = data.arrayCount else {
                throw invalid("\"data\" must be an array of numbers, not \(data.kindDescription)", field: "data", file: file)
            }
            guard let sources = positionalSources(width: count) else {
                let nested = data[0]?.arrayCount != nil ? " (one row is an array of numbers, not an array of rows)" : ""
                throw wrongValueCount(count, field: "data", row: nil, file: file, hint: nested)
            }
            var elements: [Double] = []
            elements.reserveCapacity(sources.count)
            try appendRow(data, sources: sources, row: nil, file: file, into: &elements) { "data[\($0)]" }
            return FeatureBatch(values: Matrix(rows: 1, columns: sources.count, elements: elements), ignoredColumns: [])
        case let (nil, features?):
            guard case let .object(fields) = features else {
                throw invalid("\"features\" must be an object of column: number, not \(features.kindDescription)",
                              field: "features", file: file)
            }
            let binding = try bind(fields.map(\.key), field: "features", row: nil, file: file)
            var elements: [Double] = []
            elements.reserveCapacity(binding.sources.count)
            try appendRecord(fields, sources: binding.sources, row: nil, path: "features", file: file, into: &elements)
            return FeatureBatch(values: Matrix(rows: 1, columns: binding.sources.count, elements: elements),
                                ignoredColumns: binding.unknown)
        case (nil, nil):
            throw DataError(.missingField, file: file, field: "data",
                            message: "the body needs \"data\" (an array of numbers) or \"features\" (an object of column: number)")
        case (.some, .some):
            throw invalid("give either \"data\" or \"features\", not both", field: "features", file: file)
        }
    }

    // MARK: Shapes

    /// `columns` + `data`: rows by position within the named columns.
    private func frame(columns: JSONValue?, data: JSONValue?, prefix: String, file: String, idColumn: String?)
        throws(DataError) -> FeatureBatch
    {
        guard let columns else {
            throw DataError(.missingField, file: file, field: prefix + "columns",
                            message: "\"\(prefix)columns\" is missing: name the values of each row, or send positional rows as \"instances\"")
        }
        guard let data else {
            throw DataError(.missingField, file: file, field: prefix + "data", message: "\"\(prefix)data\" (the rows) is missing")
        }
        let names = try columnNames(columns, path: prefix + "columns", file: file)
        let rows = try rowArray(data, path: prefix + "data", file: file)
        let binding = try bind(names, field: prefix + "columns", row: nil, file: file)
        var idIndex: Int? = nil
        if let idColumn {
            guard let i = names.firstIndex(of: idColumn) else {
                throw DataError(.missingColumns, file: file, field: prefix + "columns", names: [idColumn],
                                message: "no id column '\(idColumn)' in \"\(prefix)columns\"")
            }
            idIndex = i
        }
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * binding.sources.count)
        for (i, row) in rows.enumerated() {
            let path = "\(prefix)data[\(i)]"
            guard let count = row.arrayCount else {
                throw invalid("\(path) is \(row.kindDescription); each row must be an array of values", field: path, file: file)
            }
            guard count == names.count else {
                throw DataError(.raggedRow, file: file, field: path, row: i + 1, received: count, expected: [names.count],
                                message: "\(path) has \(count) values; \"\(prefix)columns\" names \(names.count)")
            }
            try appendRow(row, sources: binding.sources, row: i + 1, file: file, into: &elements) { "\(path)[\($0)]" }
        }
        return FeatureBatch(
            values: Matrix(rows: rows.count, columns: binding.sources.count, elements: elements),
            ignoredColumns: binding.unknown.filter { $0 != idColumn },
            ids: idIndex.map { index in rows.map { $0[index]?.idText ?? "" } })
    }

    /// `instances`: positional rows, all full or all selected.
    private func instances(_ value: JSONValue, file: String) throws(DataError) -> FeatureBatch {
        let rows = try rowArray(value, path: "instances", file: file)
        guard let width = rows[0].arrayCount else {
            throw invalid("instances[0] is \(rows[0].kindDescription); each instance must be an array of values",
                          field: "instances[0]", file: file)
        }
        guard let sources = positionalSources(width: width) else {
            throw wrongValueCount(width, field: "instances[0]", row: 1, file: file)
        }
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * sources.count)
        for (i, row) in rows.enumerated() {
            let path = "instances[\(i)]"
            guard let count = row.arrayCount else {
                throw invalid("\(path) is \(row.kindDescription); each instance must be an array of values", field: path, file: file)
            }
            guard count == width else {
                throw DataError(.raggedRow, file: file, field: path, row: i + 1, received: count, expected: [width],
                                message: "\(path) has \(count) values; instances[0] has \(width)")
            }
            try appendRow(row, sources: sources, row: i + 1, file: file, into: &elements) { "\(path)[\($0)]" }
        }
        return FeatureBatch(values: Matrix(rows: rows.count, columns: sources.count, elements: elements), ignoredColumns: [])
    }

    /// Records: one object of column: value per row, each bound by name on its own.
    private func records(_ value: JSONValue, path: String, file: String, idColumn: String?) throws(DataError) -> FeatureBatch {
        let rows = try rowArray(value, path: path, file: file)
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * selectedIndices.count)
        var ignored: [String] = []
        var ignoredSet = Set<String>()
        var ids: [String] = []
        for (i, record) in rows.enumerated() {
            let recordPath = "\(path)[\(i)]"
            guard case let .object(fields) = record else {
                throw invalid("\(recordPath) is \(record.kindDescription); each record must be an object of column: value",
                              field: recordPath, file: file)
            }
            let binding = try bind(fields.map(\.key), field: recordPath, row: i + 1, file: file)
            try appendRecord(fields, sources: binding.sources, row: i + 1, path: recordPath, file: file, into: &elements)
            if let idColumn {
                guard let id = fields.first(where: { $0.key == idColumn }) else {
                    throw DataError(.missingColumns, file: file, field: recordPath, row: i + 1, names: [idColumn],
                                    message: "\(recordPath): no id column '\(idColumn)'")
                }
                ids.append(id.value.idText)
            }
            for name in binding.unknown where name != idColumn && ignoredSet.insert(name).inserted { ignored.append(name) }
        }
        return FeatureBatch(values: Matrix(rows: rows.count, columns: selectedIndices.count, elements: elements),
                            ignoredColumns: ignored, ids: idColumn == nil ? nil : ids)
    }

    // MARK: Pieces

    /// The rows of a batch: a non-empty array of at most ``maxRows`` elements. `path` is empty
    /// for a bare array of records.
    private func rowArray(_ value: JSONValue, path: String, file: String) throws(DataError) -> [JSONValue] {
        let name = path.isEmpty ? "the array of records" : path
        let field: String? = path.isEmpty ? nil : path
        let rows: [JSONValue]
        switch value {
        case let .array(values): rows = values
        case let .numbers(values):
            guard values.isEmpty else {
                throw invalid("\(path)[0] is a number; \(name) must be an array of rows", field: "\(path)[0]", file: file)
            }
            rows = []
        default:
            throw invalid("\(name) must be an array of rows, not \(value.kindDescription)", field: field, file: file)
        }
        guard !rows.isEmpty else {
            throw DataError(.noDataRows, file: file, field: field, message: "\(name) holds no rows")
        }
        if let maxRows, rows.count > maxRows {
            throw DataError(.tooManyRows, file: file, field: field, received: rows.count, expected: [maxRows],
                            message: "\(name) holds \(rows.count) rows; at most \(maxRows) are accepted in one batch")
        }
        return rows
    }

    private func columnNames(_ value: JSONValue, path: String, file: String) throws(DataError) -> [String] {
        let items: [JSONValue]
        switch value {
        case let .array(values): items = values
        case let .numbers(values) where values.isEmpty: items = []
        case .numbers:
            throw invalid("\(path)[0] is a number; column names are strings", field: "\(path)[0]", file: file)
        default:
            throw invalid("\(path) must be an array of column names, not \(value.kindDescription)", field: path, file: file)
        }
        guard !items.isEmpty else { throw invalid("\(path) is empty", field: path, file: file) }
        var names: [String] = []
        names.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case let .string(name) = item else {
                throw invalid("\(path)[\(i)] is \(item.kindDescription); column names are strings", field: "\(path)[\(i)]", file: file)
            }
            names.append(name)
        }
        return names
    }

    /// Appends the selected values of a positional row (`sources[j]`: the position of selected
    /// feature j); the row's width is already checked.
    private func appendRow(_ row: JSONValue, sources: [Int], row number: Int?, file: String, into elements: inout [Double],
                           path: (Int) -> String) throws(DataError)
    {
        switch row {
        case let .numbers(xs):
            for j in sources.indices {
                let x = xs[sources[j]]
                guard x.isFinite else { throw nonFinite(x, column: j, row: number, path: path(sources[j]), file: file) }
                elements.append(x)
            }
        case let .array(items):
            for j in sources.indices {
                elements.append(try self.number(items[sources[j]], column: j, row: number, file: file) { path(sources[j]) })
            }
        default:
            break
        }
    }

    /// Appends the selected values of one record (`sources[j]`: the member of selected feature j).
    private func appendRecord(_ fields: [JSONMember], sources: [Int], row: Int?, path: String, file: String,
                              into elements: inout [Double]) throws(DataError)
    {
        for j in sources.indices {
            let member = fields[sources[j]]
            elements.append(try number(member.value, column: j, row: row, file: file) { "\(path)[\(jsonQuoted(member.key))]" })
        }
    }

    /// The value of selected feature `column`: a finite number, or NaN for `null` when the model
    /// imputes.
    @inline(__always)
    private func number(_ value: JSONValue, column: Int, row: Int?, file: String, path: () -> String) throws(DataError) -> Double {
        switch value {
        case let .double(x):
            guard x.isFinite else { throw nonFinite(x, column: column, row: row, path: path(), file: file) }
            return x
        case let .int(i):
            return Double(i)
        case .null:
            if imputesMissingValues { return .nan }
            let name = columns[selectedIndices[column]]
            let location = Self.location(path(), row: row, column: name)
            throw DataError(.missingValue, file: file, columnName: name, field: path(), row: row,
                            message: "\(location) is null (a missing value), but this model was trained without missing values and has no imputer; send a number")
        default:
            let name = columns[selectedIndices[column]]
            let location = Self.location(path(), row: row, column: name)
            let found = if case let .string(text) = value { "the string \(jsonQuoted(String(text.prefix(40))))" } else { value.kindDescription }
            throw DataError(.nonNumeric, file: file, columnName: name, field: path(), row: row,
                            message: "\(location) is \(found); every value the model uses must be a number (null for a missing value)")
        }
    }

    private func nonFinite(_ value: Double, column: Int, row: Int?, path: String, file: String) -> DataError {
        let name = columns[selectedIndices[column]]
        let text = value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity")
        return DataError(.infiniteValue, file: file, columnName: name, field: path, row: row,
                         message: "\(Self.location(path, row: row, column: name)) is not a finite number (it reads as \(text)); NaN and infinities are refused (a missing value is null)")
    }

    /// `data[3][7] (row 4, column 'x1')`; the column is left out when the path names it.
    static func location(_ path: String, row: Int?, column: String) -> String {
        var extras: [String] = []
        if let row { extras.append("row \(row)") }
        if !path.hasSuffix("[\(jsonQuoted(column))]") { extras.append("column '\(column)'") }
        return extras.isEmpty ? path : "\(path) (\(extras.joined(separator: ", ")))"
    }

    private func invalid(_ message: String, field: String?, file: String) -> DataError {
        DataError(.invalidJSON, file: file, field: field, message: message)
    }

    private func duplicateField(_ name: String, file: String) -> DataError {
        DataError(.duplicateField, file: file, field: name, message: "the field \"\(name)\" appears more than once")
    }
}

extension JSONValue {
    /// The value as a row id: strings as they are, integral numbers without a fraction.
    var idText: String {
        switch self {
        case let .string(s): s
        case let .int(i): String(i)
        case let .double(v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        case let .bool(b): b ? "true" : "false"
        case .null: ""
        case .numbers, .array, .object: "?"
        }
    }
}
