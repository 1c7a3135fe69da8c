/// The one error type of the data layer: what went wrong, and where in which file.
///
/// `description` reads like a compiler diagnostic, so a user can jump to the cell:
/// ```text
/// taiwan.csv:12: column 38 'Debt ratio %': non-numeric value "abc"
/// taiwan.csv:7: expected 96 fields (as in the header), found 95
/// builtin:bankruptcy: invalid option 'rows=abc'
/// ```
/// Tests match on ``kind``; people read ``description``; programs (the prediction server) map
/// ``Kind/code`` and the typed details (``field``, ``row``, ``names``, ``received``, ``expected``).
///
/// Prediction input (``FeatureDecoder``) fills ``field`` with the JSON location of the problem
/// (`data[3][7]`, `features["x1"]`, `[2]["x1"]`) or the CSV column name, and ``row`` with the
/// 1-based row of the batch.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Equatable, Sendable, Codable {
        /// The file could not be opened or read.
        case unreadable
        /// The extension or source name is not one the loader knows.
        case unsupportedFormat
        /// The file holds no bytes, or only blank lines and comments.
        case emptyFile
        /// The header (or the ARFF attribute list) is present but no data row follows; or prediction
        /// input holds no rows.
        case noDataRows
        /// A byte sequence that is not valid UTF-8.
        case invalidUTF8
        /// A row with a different number of fields than the header (or than the first row, or than
        /// `columns` names, in JSON prediction input).
        case raggedRow
        /// A quoted field that is never closed, or text after a closing quote.
        case malformedQuote
        /// Two header fields (or ARFF attributes, or prediction input columns) with the same name.
        case duplicateHeader
        /// A header field that is empty or only spaces.
        case emptyHeader
        /// The requested label column does not exist.
        case missingLabelColumn
        /// A feature cell that is neither a number nor a missing-value token.
        case nonNumeric
        /// `Inf`, `-Infinity`, … or a number too large for a `Double`; in JSON prediction input also
        /// the `NaN` and `Infinity` tokens (a missing value is `null`).
        case infiniteValue
        /// A label cell that is empty or a missing-value token.
        case missingLabel
        /// The label column holds only one class.
        case singleClass
        /// The label column holds more than two classes.
        case tooManyClasses
        /// The positive class is not among the label values, or none of them can be chosen by default.
        case unknownPositiveClass
        /// Malformed ARFF structure (`@attribute`, `@data`, sparse rows, …).
        case invalidARFF
        /// A feature attribute that is not numeric (ARFF `string`, `date`, or nominal).
        case nonNumericAttribute
        /// A bad option, e.g. in `builtin:bankruptcy?rows=…`.
        case invalidOption
        /// No feature column is left besides the label.
        case noFeatures
        /// Columns a model's input schema needs are absent (prediction input).
        case missingColumns
        /// JSON prediction input of the wrong shape (an array where an object belongs, …).
        case invalidJSON
        /// Prediction input that is not JSON at all; ``line`` and ``columnNumber`` say where.
        case malformedJSON
        /// A JSON field the input shape does not have (a typo such as `"instance"`).
        case unknownField
        /// A JSON field given twice in the same object.
        case duplicateField
        /// A JSON field the input shape needs (`"data"` without `"columns"`, …).
        case missingField
        /// A positional row whose length is neither the input schema's nor the selection's.
        case wrongValueCount
        /// A missing value (`null`, an empty cell) for a model that has no imputer.
        case missingValue
        /// More rows than the caller accepts (the server's `--max-batch`).
        case tooManyRows

        /// The stable snake_case name of the problem, e.g. `missing_value`: the prediction
        /// server's error `code`, and a key scripts can match on.
        public var code: String {
            switch self {
            case .malformedJSON: "malformed_json"
            case .invalidJSON: "invalid_request"
            case .unknownField: "unknown_field"
            case .duplicateField: "duplicate_field"
            case .missingField: "missing_field"
            case .duplicateHeader: "duplicate_columns"
            case .missingColumns: "missing_columns"
            case .wrongValueCount: "wrong_value_count"
            case .raggedRow: "ragged_batch"
            case .noDataRows: "empty_batch"
            case .tooManyRows: "batch_too_large"
            case .nonNumeric: "non_numeric_value"
            case .infiniteValue: "non_finite_value"
            case .missingValue: "missing_value"
            case .unreadable: "unreadable"
            case .unsupportedFormat: "unsupported_format"
            case .emptyFile: "empty_file"
            case .invalidUTF8: "invalid_utf8"
            case .malformedQuote: "malformed_quote"
            case .emptyHeader: "empty_header"
            case .missingLabelColumn: "missing_label_column"
            case .missingLabel: "missing_label"
            case .singleClass: "single_class"
            case .tooManyClasses: "too_many_classes"
            case .unknownPositiveClass: "unknown_positive_class"
            case .invalidARFF: "invalid_arff"
            case .nonNumericAttribute: "non_numeric_attribute"
            case .invalidOption: "invalid_option"
            case .noFeatures: "no_features"
            }
        }
    }

    /// The kind of problem.
    public var kind: Kind
    /// The file path (or source name such as `builtin:bankruptcy`) as the user gave it.
    public var file: String
    /// The 1-based line number in the file, when the problem is tied to a line.
    public var line: Int?
    /// The 1-based column (field) number, when known.
    public var columnNumber: Int?
    /// The column name from the header, when known.
    public var columnName: String?
    /// A human-readable explanation, without the file prefix.
    public var message: String
    /// Prediction input: the JSON location (`data[3][7]`, `features["x1"]`) or CSV column name of
    /// the problem, or the JSON field it is about (`instances`, `columns`).
    public var field: String?
    /// Prediction input: the 1-based row of the batch.
    public var row: Int?
    /// The names the problem is about: the duplicated or missing columns.
    public var names: [String]
    /// A count that is wrong: the values in a row (``Kind/wrongValueCount``, ``Kind/raggedRow``),
    /// the rows of a batch (``Kind/tooManyRows``).
    public var received: Int?
    /// What ``received`` should have been: `[full schema, selected features]` for
    /// ``Kind/wrongValueCount``, `[row width]` for ``Kind/raggedRow``, `[limit]` for
    /// ``Kind/tooManyRows``.
    public var expected: [Int]

    public init(
        _ kind: Kind, file: String, line: Int? = nil, columnNumber: Int? = nil, columnName: String? = nil,
        field: String? = nil, row: Int? = nil, names: [String] = [], received: Int? = nil, expected: [Int] = [],
        message: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.columnNumber = columnNumber
        self.columnName = columnName
        self.field = field
        self.row = row
        self.names = names
        self.received = received
        self.expected = expected
        self.message = message
    }

    /// `file:line: column N 'name': message`, leaving out the parts that are unknown (and the
    /// column when the message names a JSON ``field``); for malformed JSON
    /// `file:line:column: message`.
    public var description: String {
        if kind == .malformedJSON, let line, let columnNumber { return "\(file):\(line):\(columnNumber): \(message)" }
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        // A JSON location in ``field`` is part of the message already.
        switch field == nil ? (columnNumber, columnName) : (nil, nil) {
        case let (number?, name?): text += "column \(number) '\(name)': "
        case let (number?, nil): text += "column \(number): "
        case let (nil, name?): text += "column '\(name)': "
        case (nil, nil): break
        }
        return text + message
    }
}
