import ExpCore
import Foundation

/// Rows to predict, read from CSV or JSON and arranged in a model's input-schema order.
///
/// Columns are matched by name: their order does not matter, extra columns are ignored (and
/// listed in ``ignoredColumns`` so the caller can warn), and a missing schema column is an error
/// that names it. Cells follow the training data's rules: empty, `?`, `NA` and `NaN` are missing
/// (NaN, imputed if the model has an imputer), infinities are errors.
///
/// JSON input is one of:
/// - `{"columns": [...], "data": [[...], ...]}` (pandas/MLflow `dataframe_split`, also nested
///   under `"dataframe_split"`);
/// - `[{"name": value, ...}, ...]` (records; `null` is missing);
/// - `{"instances": [[...], ...]}` (rows in schema order).
public struct FeatureBatch: Sendable, Equatable {
    /// `rows × schema.count` values in schema order; NaN is missing.
    public var values: Matrix<Double>
    /// Supplied columns that the schema does not use, in supplied order (the id column excluded).
    public var ignoredColumns: [String]
    /// The value of the id column of each row, when one was asked for.
    public var ids: [String]? = nil

    public var rowCount: Int { values.rows }

    /// Reads `bytes` as CSV (`.csv`) or JSON (`.json`), by the file's extension.
    ///
    /// - Parameter idColumn: a column to carry through as each row's id (for example a company
    ///   number); it must exist.
    public static func read(path: String, schema: [String], idColumn: String? = nil) throws -> FeatureBatch {
        if path == "-" {
            // Standard input: JSON when it starts with '{' or '[' (after blanks), else CSV.
            let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            let first = bytes.first { ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains($0) }
            let file = "standard input"
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                return try json(bytes, file: file, schema: schema, idColumn: idColumn)
            }
            return try csv(bytes, file: file, schema: schema, idColumn: idColumn)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DataError(.unreadable, file: path, message: "is a directory, not a data file")
        }
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataError(.unreadable, file: path, message: "cannot read the file")
        }
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": return try csv(bytes, file: path, schema: schema, idColumn: idColumn)
        case "json": return try json(bytes, file: path, schema: schema, idColumn: idColumn)
        default:
            throw DataError(.unsupportedFormat, file: path, message: "expected a .csv or .json file")
        }
    }

    /// Decodes CSV with a header row.
    public static func csv(_ bytes: [UInt8], file: String, schema: [String], idColumn: String? = nil) throws
        -> FeatureBatch
    {
        let table = try CSVReader(file: file).read(bytes)
        let binding = try bind(table.header, schema: schema, file: file)
        let idIndex = try idColumn.map { try index(of: $0, in: table.header, file: file) }
        var values = Matrix<Double>(rows: table.rowCount, columns: schema.count)
        for row in 0..<table.rowCount {
            let line = table.line(ofRow: row)
            guard table.fieldCount(ofRow: row) == table.header.count else {
                throw DataError(.raggedRow, file: file, line: line,
                                message: "expected \(table.header.count) fields (as in the header), found \(table.fieldCount(ofRow: row))")
            }
            for (j, source) in binding.sourceIndices.enumerated() {
                let text = table.field(row: row, column: source)
                let number = Array(text.utf8).withUnsafeBufferPointer { TextCell.number($0) }
                switch number {
                case let .value(v): values.elements[row * schema.count + j] = v
                case .missing: values.elements[row * schema.count + j] = .nan
                case .infinite:
                    throw DataError(.infiniteValue, file: file, line: line, columnNumber: source + 1,
                                    columnName: schema[j], message: "infinite value \"\(text)\"")
                case .invalid:
                    throw DataError(.nonNumeric, file: file, line: line, columnNumber: source + 1,
                                    columnName: schema[j], message: "non-numeric value \"\(text)\"")
                }
            }
        }
        return FeatureBatch(values: values, ignoredColumns: binding.ignoredColumns.filter { $0 != idColumn },
                            ids: idIndex.map { i in (0..<table.rowCount).map { table.field(row: $0, column: i) } })
    }

    /// Decodes JSON in one of the shapes listed on the type. Numbers are parsed exactly (to the
    /// nearest Double), as in CSV.
    public static func json(_ bytes: [UInt8], file: String, schema: [String], idColumn: String? = nil) throws
        -> FeatureBatch
    {
        let root: JSONInput
        do {
            root = try JSONDecoder().decode(JSONInput.self, from: Data(bytes))
        } catch {
            throw DataError(.invalidJSON, file: file, message: "malformed JSON (\(jsonReason(error)))")
        }
        if case let .array(records) = root {
            return try fromRecords(records, file: file, schema: schema, idColumn: idColumn)
        }
        guard case var .object(dictionary) = root else {
            throw DataError(.invalidJSON, file: file,
                            message: "expected an object with \"columns\" and \"data\", \"instances\", or an array of records")
        }
        if case let .object(split)? = dictionary["dataframe_split"] { dictionary = split }
        if let columns = dictionary["columns"] {
            guard case let .array(items) = columns else {
                throw DataError(.invalidJSON, file: file, message: "\"columns\" must be an array of strings")
            }
            let names = try items.map { item -> String in
                guard case let .string(name) = item else {
                    throw DataError(.invalidJSON, file: file, message: "\"columns\" must be an array of strings")
                }
                return name
            }
            let binding = try bind(names, schema: schema, file: file)
            let rows = try rowsArray(dictionary["data"], key: "data", file: file)
            let idIndex = try idColumn.map { try index(of: $0, in: names, file: file) }
            return FeatureBatch(
                values: try matrix(rows, width: names.count, sources: binding.sourceIndices, names: names, key: "data",
                                   file: file),
                ignoredColumns: binding.ignoredColumns.filter { $0 != idColumn },
                ids: idIndex.map { i in rows.map { $0[i].idText } })
        }
        if let instances = dictionary["instances"] {
            if let idColumn {
                throw DataError(.missingColumns, file: file,
                                message: "\"instances\" rows have no column names, so there is no id column '\(idColumn)'")
            }
            let rows = try rowsArray(instances, key: "instances", file: file)
            return FeatureBatch(
                values: try matrix(rows, width: schema.count, sources: Array(schema.indices), names: schema,
                                   key: "instances", file: file),
                ignoredColumns: [])
        }
        throw DataError(.invalidJSON, file: file,
                        message: "expected \"columns\" and \"data\", \"instances\", or an array of records; found keys "
                            + dictionary.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))
    }

    private static func index(of column: String, in names: [String], file: String) throws -> Int {
        guard let i = names.firstIndex(of: column) else {
            throw DataError(.missingColumns, file: file, message: "no id column '\(column)'")
        }
        return i
    }

    private static func bind(_ supplied: [String], schema: [String], file: String) throws -> ColumnBinding {
        do {
            return try ColumnBinding(supplied: supplied, schema: schema)
        } catch let error as ExpCoreError {
            switch error {
            case .duplicateColumns: throw DataError(.duplicateHeader, file: file, message: error.description)
            default: throw DataError(.missingColumns, file: file, message: error.description + " (needed by the model)")
            }
        }
    }

    private static func rowsArray(_ value: JSONInput?, key: String, file: String) throws -> [[JSONInput]] {
        guard case let .array(rows)? = value else {
            throw DataError(.invalidJSON, file: file, message: "\"\(key)\" must be an array of rows")
        }
        return try rows.enumerated().map { i, row in
            guard case let .array(values) = row else {
                throw DataError(.invalidJSON, file: file, message: "\(key)[\(i)] must be an array of numbers")
            }
            return values
        }
    }

    private static func matrix(_ rows: [[JSONInput]], width: Int, sources: [Int], names: [String], key: String,
                               file: String) throws -> Matrix<Double> {
        var values = Matrix<Double>(rows: rows.count, columns: sources.count)
        for (i, row) in rows.enumerated() {
            guard row.count == width else {
                throw DataError(.raggedRow, file: file,
                                message: "\(key)[\(i)] has \(row.count) values, expected \(width)")
            }
            for (j, source) in sources.enumerated() {
                values.elements[i * sources.count + j] = try number(
                    row[source], at: "\(key)[\(i)][\(source)] ('\(names[source])')", file: file)
            }
        }
        return values
    }

    private static func fromRecords(_ records: [JSONInput], file: String, schema: [String], idColumn: String?) throws
        -> FeatureBatch
    {
        var values = Matrix<Double>(rows: records.count, columns: schema.count)
        var ignored: [String] = []
        var ids: [String] = []
        let wanted = Set(schema)
        for (i, record) in records.enumerated() {
            guard case let .object(fields) = record else {
                throw DataError(.invalidJSON, file: file, message: "record [\(i)] must be an object of column: value")
            }
            let missing = schema.filter { fields[$0] == nil }
            if !missing.isEmpty {
                throw DataError(.missingColumns, file: file,
                                message: "record [\(i)]: " + ExpCoreError.missingColumns(missing).description + " (needed by the model)")
            }
            for (j, name) in schema.enumerated() {
                if let value = fields[name] {
                    values.elements[i * schema.count + j] = try number(value, at: "[\(i)]['\(name)']", file: file)
                }
            }
            if let idColumn {
                guard let id = fields[idColumn] else {
                    throw DataError(.missingColumns, file: file, message: "record [\(i)] has no id column '\(idColumn)'")
                }
                ids.append(id.idText)
            }
            for key in fields.keys.sorted() where !wanted.contains(key) && !ignored.contains(key) && key != idColumn {
                ignored.append(key)
            }
        }
        return FeatureBatch(values: values, ignoredColumns: ignored, ids: idColumn == nil ? nil : ids)
    }

    private static func number(_ value: JSONInput, at location: String, file: String) throws -> Double {
        switch value {
        case .null: return .nan
        case let .number(v):
            guard v.isFinite else { throw DataError(.infiniteValue, file: file, message: "\(location): infinite value") }
            return v
        case let .string(s):
            throw DataError(.nonNumeric, file: file, message: "\(location): expected a number or null, found the string \"\(s.prefix(40))\"")
        case .bool: throw DataError(.nonNumeric, file: file, message: "\(location): expected a number or null, found a boolean")
        case .array: throw DataError(.nonNumeric, file: file, message: "\(location): expected a number or null, found an array")
        case .object: throw DataError(.nonNumeric, file: file, message: "\(location): expected a number or null, found an object")
        }
    }

    private static func jsonReason(_ error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            return (context.underlyingError.map { ($0 as NSError).userInfo[NSDebugDescriptionErrorKey] as? String } ?? nil)
                ?? context.debugDescription
        }
        return "\(error)"
    }
}

extension JSONInput {
    /// The value as an id: strings as they are, integral numbers without a fraction.
    var idText: String {
        switch self {
        case let .string(s): s
        case let .number(v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        case let .bool(b): b ? "true" : "false"
        case .null: ""
        case .array, .object: "?"
        }
    }
}

/// Any JSON value, decoded with `JSONDecoder`, which reads numbers to the nearest Double
/// (`JSONSerialization` on Linux does not).
enum JSONInput: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([String: JSONInput])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONInput].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONInput].self))
        }
    }
}
