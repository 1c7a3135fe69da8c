import ExpCore
import ExpDomain
import Foundation

/// The one decoder of prediction input, with one set of rules: `exp predict` reads its CSV and
/// JSON files with it, and `exp serve` its request bodies, so a row means the same thing, and is
/// refused for the same reason, in both.
///
/// **What the model needs.** A fitted pipeline uses only its selected features (SelectKBest's k
/// columns); the imputer, when there is one, fills a missing selected value from that column's
/// training statistic. So a row must give every selected feature, and nothing else is read.
///
/// **Rows by name** (a CSV header, `columns` + `data`, records, `/predict`'s `features`): names
/// match exactly, in any order, and each row is one of two forms:
/// - the *full* input schema (every training column), or
/// - the *selected* features alone (no other input-schema column).
///
/// A row that holds some but not all of the unused schema columns is refused with the schema
/// columns it lacks (`missing_columns`): carrying unused schema columns says the row means to be
/// full, and a lost or renamed column is a mistake worth hearing about. A name given twice is
/// refused by name (`duplicate_columns`), whatever the column. Names outside the input schema (a
/// label, an id, notes) are ignored and reported (``FeatureBatch/ignoredColumns``: `exp predict`
/// warns, the server lists them in `warnings`).
///
/// **Rows by position** (`instances`, `/predict`'s `data`): a full row in training column order,
/// or exactly the k selected features in manifest order (`wrong_value_count` otherwise); every row
/// of a batch as wide as the first (`ragged_batch`).
///
/// **Values.** Only the values of the selected features are read; the values of unused columns
/// are not (so they cannot fail). A value is a JSON number, or a CSV cell that reads as one.
/// - Missing (JSON `null`; a CSV cell that is empty, `?`, `NA` or `NaN`): imputed when the model
///   has an imputer, otherwise refused naming the row and column (`missing_value`). A missing
///   *column* is never imputed: leaving a field out is refused (`missing_columns`).
/// - Not finite (the JSON tokens `NaN`, `Infinity`, `-Infinity`, a literal such as `1e999`; a CSV
///   `inf`): refused (`non_finite_value`).
/// - Anything else (a string, even `"1.5"`, a boolean, an array, an object; CSV text): refused
///   (`non_numeric_value`).
///
/// **Documents.** JSON must be UTF-8 (a leading byte-order mark is skipped; CSV skips one too),
/// malformed JSON is refused with its line and column (`malformed_json`), unknown fields of the
/// envelope are refused (`unknown_field`: a typo such as `"instance"` must not pass silently), a
/// field given twice is refused (`duplicate_field`), a batch needs at least one row
/// (`empty_batch`) and at most ``maxRows`` (`batch_too_large`). Batch shapes, for files and
/// `POST /v1/predict`:
/// - `{"columns": [...], "data": [[...], ...]}`, with an optional ignored `"index"` (pandas
///   `to_json(orient="split")`); the same under `"dataframe_split"` (MLflow);
/// - `[{"name": value, ...}, ...]` (pandas `orient="records"`), or under `"dataframe_records"`;
/// - `{"instances": [[...], ...]}` (positional rows).
///
/// Single-row shapes, for `POST /predict`: `{"data": [...]}` (positional) or
/// `{"features": {"name": value, ...}}` (by name).
///
/// Every refusal is a ``DataError`` whose ``DataError/Kind/code`` is the name in parentheses
/// above, with ``DataError/field`` (the JSON location, e.g. `data[3][7]` or `[2]["x1"]`),
/// ``DataError/row`` (1-based) and ``DataError/columnName`` set where they apply.
public struct FeatureDecoder: Sendable {
    /// The model's input schema: every training column, in training order.
    public let columns: [String]
    /// The raw indices of the columns the model uses, ascending (the pipeline's selection).
    public let selectedIndices: [Int]
    /// Whether a missing value is imputed (the model has an imputer) or refused.
    public let imputesMissingValues: Bool
    /// Batches with more rows are refused (``DataError/Kind/tooManyRows``); nil for no limit.
    public var maxRows: Int?

    /// The raw index of each schema column, by name.
    let rawIndex: [String: Int]
    /// For each raw column, its position in the selection, or -1 when the model does not use it.
    let slot: [Int]

    /// - Precondition: `selectedIndices` are ascending and within `columns`, which are distinct
    ///   (an `InferencePipeline` and a bundle's schema guarantee both).
    public init(columns: [String], selectedIndices: [Int], imputesMissingValues: Bool, maxRows: Int? = nil) {
        precondition(zip(selectedIndices, selectedIndices.dropFirst()).allSatisfy { $0 < $1 }
                     && selectedIndices.allSatisfy { columns.indices.contains($0) },
                     "selected indices must be ascending and within the input schema")
        self.columns = columns
        self.selectedIndices = selectedIndices
        self.imputesMissingValues = imputesMissingValues
        self.maxRows = maxRows
        rawIndex = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var slot = [Int](repeating: -1, count: columns.count)
        for (j, i) in selectedIndices.enumerated() { slot[i] = j }
        self.slot = slot
    }

    /// The decoder for `pipeline` with the input schema `columns` (`columns.count` must equal
    /// `pipeline.inputFeatureCount`).
    public init(columns: [String], pipeline: InferencePipeline, maxRows: Int? = nil) {
        self.init(columns: columns, selectedIndices: pipeline.selectedIndices,
                  imputesMissingValues: pipeline.imputer != nil, maxRows: maxRows)
    }

    /// The names of the selected features, in manifest order.
    public var selectedNames: [String] { selectedIndices.map { columns[$0] } }

    /// Reads a prediction input file: CSV with a header (`.csv`) or JSON in a batch shape
    /// (`.json`), by the file's extension.
    ///
    /// - Parameter idColumn: a column to carry through as each row's id (for example a company
    ///   number); it must exist.
    /// - Throws: ``DataError``, naming `path`.
    public func read(path: String, idColumn: String? = nil) throws(DataError) -> FeatureBatch {
        if path == "-" {
            // Standard input: JSON when it starts with '{' or '[' (after blanks), else CSV.
            let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            let blanks: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")]
            let first = bytes.first { !blanks.contains($0) }
            let file = "standard input"
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                return try decodeJSON(bytes, file: file, idColumn: idColumn)
            }
            return try decodeCSV(bytes, file: file, idColumn: idColumn)
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
        case "csv": return try decodeCSV(bytes, file: path, idColumn: idColumn)
        case "json": return try decodeJSON(bytes, file: path, idColumn: idColumn)
        default:
            throw DataError(.unsupportedFormat, file: path, message: "expected a .csv or .json file")
        }
    }

    // MARK: Binding names

    /// Where each selected feature is among a row's names, and the names outside the schema.
    struct NamedBinding {
        /// For selected feature j, its index among the names.
        var sources: [Int]
        /// Names outside the input schema, in order.
        var unknown: [String]
    }

    /// Binds `names` by the rules on the type (duplicates, the two forms, unknown names).
    ///
    /// - Parameters:
    ///   - field: the JSON field (or nil for a CSV header) the names come from, for errors.
    ///   - row: the 1-based row, when the names are one record's.
    func bind(_ names: [String], field: String?, row: Int?, file: String) throws(DataError) -> NamedBinding {
        var seen = Set<String>(minimumCapacity: names.count)
        var duplicates: [String] = []
        for name in names where !seen.insert(name).inserted && !duplicates.contains(name) { duplicates.append(name) }
        if !duplicates.isEmpty {
            let noun = duplicates.count == 1 ? "column" : "columns"
            throw DataError(.duplicateHeader, file: file, field: field, row: row, names: duplicates,
                            message: "\(Self.place(field, row: row))duplicate \(noun) \(Self.quoted(duplicates)); each column may be given once")
        }
        var sourceOf = [Int](repeating: -1, count: columns.count)
        var unknown: [String] = []
        var unusedPresent = 0
        for (i, name) in names.enumerated() {
            guard let raw = rawIndex[name] else {
                unknown.append(name)
                continue
            }
            sourceOf[raw] = i
            if slot[raw] < 0 { unusedPresent += 1 }
        }
        let sources = selectedIndices.map { sourceOf[$0] }
        let unusedCount = columns.count - selectedIndices.count
        if !sources.contains(-1) && (unusedPresent == 0 || unusedPresent == unusedCount) {
            return NamedBinding(sources: sources, unknown: unknown)
        }
        // A partial schema: with unused schema columns present the row means to be full.
        let missing = unusedPresent > 0
            ? columns.indices.filter { sourceOf[$0] < 0 }.map { columns[$0] }
            : selectedIndices.filter { sourceOf[$0] < 0 }.map { columns[$0] }
        let need = unusedPresent > 0
            ? "the row holds \(unusedPresent) of the \(unusedCount) input-schema columns the model does not use, so it must hold all \(columns.count) (or only the \(selectedIndices.count) selected features)"
            : "needed by the model"
        throw DataError(.missingColumns, file: file, field: field, row: row, names: missing,
                        message: "\(Self.place(field, row: row))missing \(missing.count == 1 ? "column" : "columns"): \(Self.quoted(missing)) (\(need))")
    }

    /// The raw-to-supplied map of a positional row of `width` values, or nil when the width is
    /// neither the schema's nor the selection's.
    func positionalSources(width: Int) -> [Int]? {
        if width == columns.count { return selectedIndices }
        if width == selectedIndices.count { return Array(0..<width) }
        return nil
    }

    // MARK: Errors

    /// `field` and row as a message prefix: `"[2]: "`, `"columns: "`, or nothing.
    static func place(_ field: String?, row: Int?) -> String {
        switch (field, row) {
        case let (field?, row?): "\(field) (row \(row)): "
        case let (field?, nil): "\(field): "
        case let (nil, row?): "row \(row): "
        case (nil, nil): ""
        }
    }

    /// Names for messages: `'a', 'b'`, the first 20.
    static func quoted(_ names: [String], limit: Int = 20) -> String {
        let shown = names.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > limit ? shown + " and \(names.count - limit) more" : shown
    }

    func wrongValueCount(_ count: Int, field: String, row: Int?, file: String, hint: String = "") -> DataError {
        let raw = columns.count, k = selectedIndices.count
        let expected = raw == k ? "\(raw) (the input schema, in training column order)"
            : "\(raw) (a full row in training column order) or \(k) (the selected features, in manifest order)"
        return DataError(.wrongValueCount, file: file, field: field, row: row, received: count, expected: [raw, k],
                         message: "\(field) has \(count) \(count == 1 ? "value" : "values"); expected \(expected)\(hint)")
    }
}

/// `"name"` as a JSON string, for locations such as `features["Current Ratio"]`.
func jsonQuoted(_ name: String) -> String {
    var json = JSONWriter(capacity: name.utf8.count + 2)
    json.string(name)
    return String(decoding: json.bytes, as: UTF8.self)
}
