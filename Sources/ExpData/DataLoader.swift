import ExpCore
import Foundation

/// Loads a ``Dataset`` from a CSV file, an ARFF file, or built-in synthetic data, and checks it
/// on the way (see ``DataError/Kind`` for everything that is rejected).
///
/// The label column:
/// - CSV: required (``Options/labelColumn``).
/// - ARFF: by default the nominal attribute named `class` (any letter case), else the last
///   attribute if it is nominal.
/// - `builtin:bankruptcy`: `Bankrupt?`.
///
/// Every other column must be numeric. The positive class follows
/// ``LabelEncoding/resolve(values:positive:file:columnName:)``.
///
/// ```swift
/// let data = try DataLoader.load("../shared/data/taiwan_bankruptcy.csv",
///                                options: .init(labelColumn: "Bankrupt?"))
/// let polish = try DataLoader.load("../shared/data/polish/1year.arff")
/// ```
public enum DataLoader {
    /// What to treat as the label.
    public struct Options: Sendable, Equatable {
        /// The label column name; nil for the format's default (required for CSV).
        public var labelColumn: String?
        /// The positive class label value; nil for `1`, `true` or `yes`.
        public var positiveClass: String?

        public init(labelColumn: String? = nil, positiveClass: String? = nil) {
            self.labelColumn = labelColumn
            self.positiveClass = positiveClass
        }
    }

    /// Loads the data named by `source`: a path ending in `.csv` or `.arff`, or
    /// `builtin:bankruptcy[?rows=N&seed=S]`.
    /// - Throws: ``DataError``.
    public static func load(_ source: String, options: Options = Options()) throws -> Dataset {
        try load(DataSource.parse(source), options: options)
    }

    /// Loads the data at `source`.
    /// - Throws: ``DataError``.
    public static func load(_ source: DataSource, options: Options = Options()) throws -> Dataset {
        switch source {
        case let .file(path, format):
            if path == "-" {
                let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
                let first = bytes.first { ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains($0) }
                let isARFF = first == UInt8(ascii: "@") || first == UInt8(ascii: "%")
                return isARFF ? try loadARFF(bytes: bytes, name: "standard input", options: options)
                    : try loadCSV(bytes: bytes, name: "standard input", options: options)
            }
            let bytes = try readFile(path)
            switch format {
            case .csv: return try loadCSV(bytes: bytes, name: path, options: options)
            case .arff: return try loadARFF(bytes: bytes, name: path, options: options)
            }
        case let .builtinBankruptcy(rows, seed):
            return try loadBuiltin(rows: rows, seed: seed, name: source.description, options: options)
        }
    }

    /// Decodes CSV `bytes`; `name` is used in errors and as the source.
    /// - Throws: ``DataError``.
    public static func loadCSV(bytes: [UInt8], name: String, options: Options) throws -> Dataset {
        let table = try CSVReader(file: name).read(bytes)
        guard let label = options.labelColumn else {
            throw DataError(
                .missingLabelColumn, file: name, line: table.headerLine,
                message: "CSV data needs a label column; name it with --label (columns: \(preview(table.header)))")
        }
        let labelIndex = try findColumn(label, in: table.header, file: name, line: table.headerLine)
        return try TableDecoder(file: name).dataset(
            from: table, labelIndex: labelIndex, declaredClasses: nil, positive: options.positiveClass,
            sha256: SHA256.hex(bytes))
    }

    /// Decodes ARFF `bytes`; `name` is used in errors and as the source.
    /// - Throws: ``DataError``.
    public static func loadARFF(bytes: [UInt8], name: String, options: Options) throws -> Dataset {
        let document = try ARFFReader(file: name).read(bytes)
        let attributes = document.attributes
        let labelIndex: Int
        if let label = options.labelColumn {
            labelIndex = try findColumn(label, in: document.table.header, file: name, line: document.table.headerLine)
        } else if let named = attributes.firstIndex(where: { $0.name.lowercased() == "class" && $0.isNominal }) {
            labelIndex = named
        } else if let last = attributes.indices.last, attributes[last].isNominal {
            labelIndex = last
        } else if let first = attributes.indices.first, attributes[first].isNominal {
            // The class first (as in the reference CSV layout, label first).
            labelIndex = first
        } else {
            let nominal = attributes.filter(\.isNominal).map { "'\($0.name)'" }
            let listed = nominal.isEmpty ? "the file has no nominal attribute"
                : "its nominal attributes are \(nominal.prefix(8).joined(separator: ", "))"
            throw DataError(
                .missingLabelColumn, file: name,
                message: "no class attribute: the label is the nominal attribute named 'class', or else the last or the first attribute when nominal; \(listed); name the label with --label")
        }
        for (index, attribute) in attributes.enumerated() where index != labelIndex {
            if attribute.kind != .numeric {
                throw DataError(
                    .nonNumericAttribute, file: name, line: attribute.line, columnNumber: index + 1,
                    columnName: attribute.name,
                    message: "attribute type '\(attribute.typeDescription)' is not numeric; all features must be numeric")
            }
        }
        var declared: [String]? = nil
        if case .nominal(let values) = attributes[labelIndex].kind { declared = values }
        return try TableDecoder(file: name).dataset(
            from: document.table, labelIndex: labelIndex, declaredClasses: declared, positive: options.positiveClass,
            sha256: SHA256.hex(bytes))
    }

    /// The synthetic bankruptcy data; its hash is that of the CSV ``CSVWriter`` writes for it.
    static func loadBuiltin(rows: Int, seed: UInt64, name: String, options: Options) throws -> Dataset {
        let labelName = ReferenceColumns.labelName
        if let label = options.labelColumn, label != labelName {
            throw DataError(
                .missingLabelColumn, file: name, columnName: label,
                message: "no such label column; the built-in data's label is '\(labelName)'")
        }
        var data = try BankruptcySynthesizer(rows: rows, seed: seed).generate()
        data.source = name
        data.sha256 = SHA256.hex(CSVWriter.encode(data))
        if let positive = options.positiveClass {
            let encoding = try LabelEncoding.resolve(
                values: [data.classNames.negative, data.classNames.positive], positive: positive, file: name,
                columnName: labelName)
            if encoding != data.classNames {
                data.classNames = encoding
                data.labels = data.labels.map { 1 - $0 }
            }
        }
        return data
    }

    /// Reads a whole file.
    static func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(.unreadable, file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw DataError(.unreadable, file: path, message: "is a directory, not a data file")
        }
        // A FIFO would block the read until a writer comes, and a device such as /dev/zero never
        // ends: only regular files (or links to them) are data files.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw DataError(.unreadable, file: path, message: "is not a regular file (a FIFO, device or socket), not a data file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(.unreadable, file: path, message: "cannot read the file (permission denied?)")
        }
        return [UInt8](data)
    }

    /// The index of column `name`, or an error that lists the columns and suggests a near match.
    static func findColumn(_ name: String, in header: [String], file: String, line: Int) throws -> Int {
        if let index = header.firstIndex(of: name) { return index }
        let folded = header.indices.filter { header[$0].lowercased() == name.lowercased() }
        if folded.count == 1, let index = folded.first { return index }
        var hint = ""
        let near = folded.first.map { header[$0] } ?? header.first { $0.lowercased().contains(name.lowercased()) }
        if let near { hint = "; did you mean '\(near)'?" }
        throw DataError(
            .missingLabelColumn, file: file, line: line, columnName: name,
            message: "no such label column (columns: \(preview(header)))\(hint)")
    }

    /// The first few names, quoted, for messages.
    static func preview(_ names: [String]) -> String {
        let shown = names.prefix(6).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 6 ? shown + ", … (\(names.count) in all)" : shown
    }
}
