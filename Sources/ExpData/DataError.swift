/// The one error type of the data layer: what went wrong, and where in which file.
///
/// `description` reads like a compiler diagnostic, so a user can jump to the cell:
/// ```text
/// taiwan.csv:12: column 38 'Debt ratio %': non-numeric value "abc"
/// taiwan.csv:7: expected 96 fields (as in the header), found 95
/// builtin:bankruptcy: invalid option 'rows=abc'
/// ```
/// Tests match on ``kind``; people read ``description``.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Equatable, Sendable, Codable {
        /// The file could not be opened or read.
        case unreadable
        /// The extension or source name is not one the loader knows.
        case unsupportedFormat
        /// The file holds no bytes, or only blank lines and comments.
        case emptyFile
        /// The header (or the ARFF attribute list) is present but no data row follows.
        case noDataRows
        /// A byte sequence that is not valid UTF-8.
        case invalidUTF8
        /// A row with a different number of fields than the header.
        case raggedRow
        /// A quoted field that is never closed, or text after a closing quote.
        case malformedQuote
        /// Two header fields (or ARFF attributes) with the same name.
        case duplicateHeader
        /// A header field that is empty or only spaces.
        case emptyHeader
        /// The requested label column does not exist.
        case missingLabelColumn
        /// A feature cell that is neither a number nor a missing-value token.
        case nonNumeric
        /// `Inf`, `-Infinity`, … or a number too large for a `Double`.
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
        /// JSON prediction input that does not parse or has the wrong shape.
        case invalidJSON
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
    /// A human-readable explanation, without the location prefix.
    public var message: String

    public init(
        _ kind: Kind, file: String, line: Int? = nil, columnNumber: Int? = nil, columnName: String? = nil,
        message: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.columnNumber = columnNumber
        self.columnName = columnName
        self.message = message
    }

    /// `file:line: column N 'name': message`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        switch (columnNumber, columnName) {
        case let (number?, name?): text += "column \(number) '\(name)': "
        case let (number?, nil): text += "column \(number): "
        case let (nil, name?): text += "column '\(name)': "
        case (nil, nil): break
        }
        return text + message
    }
}
