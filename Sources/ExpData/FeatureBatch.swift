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
    /// Supplied columns that the schema does not use, in supplied order.
    public var ignoredColumns: [String]

    public var rowCount: Int { values.rows }

    /// Reads `bytes` as CSV (`.csv`) or JSON (`.json`), by the file's extension.
    public static func read(path: String, schema: [String]) throws -> FeatureBatch {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataError(.unreadable, file: path, message: "cannot read the file")
        }
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": return try csv(bytes, file: path, schema: schema)
        case "json": return try json(bytes, file: path, schema: schema)
        default:
            throw DataError(.unsupportedFormat, file: path, message: "expected a .csv or .json file")
        }
    }

    /// Decodes CSV with a header row.
    public static func csv(_ bytes: [UInt8], file: String, schema: [String]) throws -> FeatureBatch {
        let table = try CSVReader(file: file).read(bytes)
        let binding = try bind(table.header, schema: schema, file: file)
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
        return FeatureBatch(values: values, ignoredColumns: binding.ignoredColumns)
    }

    /// Decodes JSON in one of the shapes listed on the type.
    public static func json(_ bytes: [UInt8], file: String, schema: [String]) throws -> FeatureBatch {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw DataError(.invalidJSON, file: file, message: "malformed JSON (\(jsonReason(error)))")
        }
        if let records = object as? [Any] {
            return try fromRecords(records, file: file, schema: schema)
        }
        guard var dictionary = object as? [String: Any] else {
            throw DataError(.invalidJSON, file: file,
                            message: "expected an object with \"columns\" and \"data\", \"instances\", or an array of records")
        }
        if let split = dictionary["dataframe_split"] as? [String: Any] { dictionary = split }
        if let columns = dictionary["columns"] {
            guard let names = columns as? [String] else {
                throw DataError(.invalidJSON, file: file, message: "\"columns\" must be an array of strings")
            }
            let binding = try bind(names, schema: schema, file: file)
            let rows = try rowsArray(dictionary["data"], key: "data", file: file)
            return FeatureBatch(
                values: try matrix(rows, width: names.count, sources: binding.sourceIndices, names: names, key: "data",
                                   file: file),
                ignoredColumns: binding.ignoredColumns)
        }
        if let instances = dictionary["instances"] {
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

    private static func rowsArray(_ value: Any?, key: String, file: String) throws -> [[Any]] {
        guard let rows = value as? [Any] else {
            throw DataError(.invalidJSON, file: file, message: "\"\(key)\" must be an array of rows")
        }
        return try rows.enumerated().map { i, row in
            guard let row = row as? [Any] else {
                throw DataError(.invalidJSON, file: file, message: "\(key)[\(i)] must be an array of numbers")
            }
            return row
        }
    }

    private static func matrix(_ rows: [[Any]], width: Int, sources: [Int], names: [String], key: String,
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

    private static func fromRecords(_ records: [Any], file: String, schema: [String]) throws -> FeatureBatch {
        var values = Matrix<Double>(rows: records.count, columns: schema.count)
        var ignored: [String] = []
        let wanted = Set(schema)
        for (i, record) in records.enumerated() {
            guard let record = record as? [String: Any] else {
                throw DataError(.invalidJSON, file: file, message: "record [\(i)] must be an object of column: value")
            }
            let missing = schema.filter { record[$0] == nil }
            if !missing.isEmpty {
                throw DataError(.missingColumns, file: file,
                                message: "record [\(i)]: " + ExpCoreError.missingColumns(missing).description + " (needed by the model)")
            }
            for (j, name) in schema.enumerated() {
                values.elements[i * schema.count + j] = try number(record[name] as Any, at: "[\(i)]['\(name)']", file: file)
            }
            for key in record.keys.sorted() where !wanted.contains(key) && !ignored.contains(key) { ignored.append(key) }
        }
        return FeatureBatch(values: values, ignoredColumns: ignored)
    }

    private static func number(_ value: Any, at location: String, file: String) throws -> Double {
        if value is NSNull { return .nan }
        // JSONSerialization gives NSNumber for numbers and booleans (objCType "c"); booleans are
        // not features.
        if let number = value as? NSNumber, String(cString: number.objCType) != "c" {
            let v = number.doubleValue
            guard v.isFinite else {
                throw DataError(.infiniteValue, file: file, message: "\(location): infinite value")
            }
            return v
        }
        throw DataError(.nonNumeric, file: file, message: "\(location): expected a number or null, found \(describe(value))")
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case let s as String: "the string \"\(s.prefix(40))\""
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        case is NSNumber: "a boolean"
        default: "\(type(of: value))"
        }
    }

    private static func jsonReason(_ error: any Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}
