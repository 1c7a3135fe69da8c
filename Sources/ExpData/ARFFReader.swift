/// Reads Weka's Attribute-Relation File Format (ARFF) in its dense form, as used by the UCI
/// Polish bankruptcy files, into attribute declarations and a ``RawTable``.
///
/// Supported: `@relation`, `@attribute NAME TYPE` with TYPE `numeric`, `real`, `integer`,
/// `string`, `date …` or a nominal list `{a,b,…}`, then `@data` followed by comma-separated
/// rows. Keywords are case-insensitive; names and values may be quoted with `'` or `"` (with
/// backslash escapes); `?` is a missing value; lines starting with `%` are comments and blank
/// lines are ignored. Sparse rows (`{0 1.5, 3 2}`) and instance weights are rejected.
///
/// ```swift
/// let document = try ARFFReader(file: "1year.arff").read(bytes)
/// document.attributes.last?.name  // "class"
/// document.table.rowCount         // 7027
/// ```
public struct ARFFReader: Sendable {
    /// An `@attribute` declaration.
    public struct Attribute: Sendable, Equatable {
        /// The declared type.
        public enum Kind: Sendable, Equatable {
            case numeric
            case nominal([String])
            case string
            case date
            case other(String)
        }

        public var name: String
        public var kind: Kind
        /// The 1-based line of the declaration.
        public var line: Int

        /// Whether the attribute is nominal (`{a,b,…}`).
        public var isNominal: Bool {
            if case .nominal = kind { return true }
            return false
        }

        /// The declared type as written in ARFF, for messages.
        public var typeDescription: String {
            switch kind {
            case .numeric: "numeric"
            case .nominal(let values): "{" + values.joined(separator: ",") + "}"
            case .string: "string"
            case .date: "date"
            case .other(let text): text
            }
        }
    }

    /// A parsed ARFF file.
    public struct Document: Sendable, Equatable {
        /// The `@relation` name (empty when absent).
        public var relation: String
        /// The attributes in declaration order; `table.header` holds their names.
        public var attributes: [Attribute]
        /// The data rows, one field per attribute (not yet checked for count).
        public var table: RawTable
    }

    /// The name used in error messages, usually the path as the user gave it.
    public var file: String

    public init(file: String) {
        self.file = file
    }

    /// Parses `bytes` as ARFF.
    /// - Throws: ``DataError`` of kind `.invalidUTF8`, `.emptyFile`, `.invalidARFF`,
    ///   `.duplicateHeader`, `.emptyHeader` or `.noDataRows`.
    public func read(_ bytes: [UInt8]) throws -> Document {
        try bytes.withUnsafeBufferPointer { try read(buffer: $0) }
    }

    private func read(buffer input: UnsafeBufferPointer<UInt8>) throws -> Document {
        if let bad = UTF8Validation.firstInvalidOffset(input) {
            let line = UTF8Validation.line(ofOffset: bad, in: input)
            throw DataError(.invalidUTF8, file: file, line: line, message: "invalid UTF-8 byte sequence")
        }
        var relation = ""
        var attributes: [Attribute] = []
        var seen: [String: Int] = [:]
        var table = RawTable(header: [], headerLine: 0)
        var inData = false
        var sawContent = false

        var start = 0
        if input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { start = 3 }
        var lineNumber = 0
        while start < input.count {
            lineNumber += 1
            var end = start
            while end < input.count && input[end] != UInt8(ascii: "\n") && input[end] != UInt8(ascii: "\r") { end += 1 }
            let next: Int
            if end < input.count && input[end] == UInt8(ascii: "\r") && end + 1 < input.count
                && input[end + 1] == UInt8(ascii: "\n")
            {
                next = end + 2
            } else {
                next = end + 1
            }
            defer { start = next }
            var first = start, last = end
            while first < last && TextCell.isBlank(input[first]) { first += 1 }
            while last > first && TextCell.isBlank(input[last - 1]) { last -= 1 }
            if first == last || input[first] == UInt8(ascii: "%") { continue }
            sawContent = true
            let line = UnsafeBufferPointer(rebasing: input[first..<last])

            if inData {
                if line[0] == UInt8(ascii: "{") {
                    throw DataError(
                        .invalidARFF, file: file, line: lineNumber, message: "sparse ARFF rows are not supported")
                }
                try appendRow(line, to: &table, line: lineNumber)
                continue
            }

            let text = String(decoding: line, as: UTF8.self)
            let keyword = text.prefix { $0 != " " && $0 != "\t" }.lowercased()
            let rest = TextCell.trimmed(String(text.dropFirst(keyword.count)))
            switch keyword {
            case "@relation":
                relation = unquoted(rest)
            case "@attribute":
                let attribute = try parseAttribute(rest, line: lineNumber)
                if let previous = seen[attribute.name] {
                    throw DataError(
                        .duplicateHeader, file: file, line: lineNumber, columnNumber: attributes.count + 1,
                        columnName: attribute.name,
                        message: "duplicate attribute name (also attribute \(previous + 1))")
                }
                seen[attribute.name] = attributes.count
                attributes.append(attribute)
            case "@data":
                guard !attributes.isEmpty else {
                    throw DataError(.invalidARFF, file: file, line: lineNumber, message: "@data before any @attribute")
                }
                table = RawTable(header: attributes.map(\.name), headerLine: lineNumber)
                inData = true
            default:
                throw DataError(
                    .invalidARFF, file: file, line: lineNumber,
                    message: "expected @relation, @attribute or @data, found \"\(text.prefix(40))\"")
            }
        }
        guard sawContent else {
            throw DataError(.emptyFile, file: file, message: "the file is empty")
        }
        guard inData else {
            throw DataError(.invalidARFF, file: file, line: lineNumber, message: "no @data section")
        }
        if table.rowCount == 0 {
            throw DataError(.noDataRows, file: file, line: table.headerLine, message: "the @data section has no rows")
        }
        return Document(relation: relation, attributes: attributes, table: table)
    }

    /// Splits one data row at commas (outside quotes) and appends its trimmed, unquoted fields.
    private func appendRow(_ line: UnsafeBufferPointer<UInt8>, to table: inout RawTable, line lineNumber: Int) throws {
        var i = 0
        let n = line.count
        var field: [UInt8] = []
        while true {
            while i < n && TextCell.isBlank(line[i]) { i += 1 }
            field.removeAll(keepingCapacity: true)
            if i < n && (line[i] == UInt8(ascii: "'") || line[i] == UInt8(ascii: "\"")) {
                let quote = line[i]
                i += 1
                var closed = false
                while i < n {
                    let b = line[i]
                    if b == UInt8(ascii: "\\") && i + 1 < n {
                        field.append(line[i + 1])
                        i += 2
                        continue
                    }
                    if b == quote {
                        closed = true
                        i += 1
                        break
                    }
                    field.append(b)
                    i += 1
                }
                if !closed {
                    throw DataError(
                        .malformedQuote, file: file, line: lineNumber, message: "quoted value is never closed")
                }
                while i < n && TextCell.isBlank(line[i]) { i += 1 }
                if i < n && line[i] != UInt8(ascii: ",") {
                    throw DataError(
                        .malformedQuote, file: file, line: lineNumber, message: "unexpected text after a quoted value")
                }
            } else {
                let start = i
                while i < n && line[i] != UInt8(ascii: ",") { i += 1 }
                var end = i
                while end > start && TextCell.isBlank(line[end - 1]) { end -= 1 }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<end]))
            }
            table.appendField(field)
            if i < n && line[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            break
        }
        table.endRecord(line: lineNumber)
    }

    /// Parses the text after `@attribute`: a (possibly quoted) name, then a type.
    private func parseAttribute(_ text: String, line: Int) throws -> Attribute {
        var name = ""
        var rest = Substring(text)
        if let quote = rest.first, quote == "'" || quote == "\"" {
            var escaped = false
            var closed = false
            var index = rest.index(after: rest.startIndex)
            while index < rest.endIndex {
                let c = rest[index]
                if escaped {
                    name.append(c)
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == quote {
                    closed = true
                    break
                } else {
                    name.append(c)
                }
                index = rest.index(after: index)
            }
            guard closed else {
                throw DataError(.invalidARFF, file: file, line: line, message: "unterminated quoted attribute name")
            }
            rest = rest[rest.index(after: index)...]
        } else {
            let nameEnd = rest.firstIndex { $0 == " " || $0 == "\t" || $0 == "{" } ?? rest.endIndex
            name = String(rest[..<nameEnd])
            rest = rest[nameEnd...]
        }
        let type = TextCell.trimmed(String(rest))
        if TextCell.trimmed(name).isEmpty {
            throw DataError(.emptyHeader, file: file, line: line, message: "@attribute without a name")
        }
        guard !type.isEmpty else {
            throw DataError(.invalidARFF, file: file, line: line, columnName: name, message: "@attribute without a type")
        }
        let lower = type.lowercased()
        let kind: Attribute.Kind
        if lower == "numeric" || lower == "real" || lower == "integer" {
            kind = .numeric
        } else if lower == "string" {
            kind = .string
        } else if lower.hasPrefix("date") {
            kind = .date
        } else if type.hasPrefix("{") {
            guard type.hasSuffix("}") else {
                throw DataError(
                    .invalidARFF, file: file, line: line, columnName: name, message: "nominal value list is not closed with '}'")
            }
            let inner = type.dropFirst().dropLast()
            let values = splitNominal(String(inner))
            guard !values.isEmpty else {
                throw DataError(.invalidARFF, file: file, line: line, columnName: name, message: "empty nominal value list")
            }
            kind = .nominal(values)
        } else {
            kind = .other(type)
        }
        return Attribute(name: name, kind: kind, line: line)
    }

    /// Splits a nominal list body `a, 'b c', d` into its trimmed, unquoted values.
    private func splitNominal(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var quote: Character? = nil
        for c in text {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == "," {
                values.append(unquoted(TextCell.trimmed(current)))
                current = ""
            } else {
                current.append(c)
            }
        }
        let last = TextCell.trimmed(current)
        if !last.isEmpty || !values.isEmpty { values.append(unquoted(last)) }
        return values
    }

    /// `text` without one pair of surrounding `'` or `"` quotes.
    private func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
