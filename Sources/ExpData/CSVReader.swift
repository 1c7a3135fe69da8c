/// Reads comma-separated values as RFC 4180 defines them, into a ``RawTable``.
///
/// - The first record is the header. Header names are trimmed of surrounding spaces and tabs;
///   an empty name or a repeated name is an error.
/// - Fields may be quoted with `"`; inside quotes, `""` stands for one `"`, and commas and line
///   breaks are part of the field. Text between a closing quote and the next separator is an
///   error. A `"` inside an unquoted field is kept as a literal character.
/// - Records end at LF, CR LF or a lone CR. Lines that are completely empty are skipped, and the
///   last line needs no line break.
/// - A leading UTF-8 byte-order mark is ignored. Any byte sequence that is not valid UTF-8 is an
///   error naming its line.
///
/// ```swift
/// let table = try CSVReader(file: "taiwan.csv").read(bytes)
/// table.header.count  // 96
/// ```
/// Field counts are not checked here (the table keeps ragged records), so that the decoder can
/// report them with the column names.
public struct CSVReader: Sendable {
    /// The name used in error messages, usually the path as the user gave it.
    public var file: String

    public init(file: String) {
        self.file = file
    }

    /// Parses `bytes` into a header and records.
    /// - Throws: ``DataError`` of kind `.invalidUTF8`, `.emptyFile`, `.malformedQuote`,
    ///   `.emptyHeader`, `.duplicateHeader` or `.noDataRows`.
    public func read(_ bytes: [UInt8]) throws -> RawTable {
        try bytes.withUnsafeBufferPointer { try read(buffer: $0) }
    }

    private func read(buffer input: UnsafeBufferPointer<UInt8>) throws -> RawTable {
        if let bad = UTF8Validation.firstInvalidOffset(input) {
            let line = UTF8Validation.line(ofOffset: bad, in: input)
            throw DataError(.invalidUTF8, file: file, line: line, message: "invalid UTF-8 byte 0x\(hex(input[bad]))")
        }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var i = 0
        let n = input.count
        if n >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { i = 3 }

        var table = RawTable(header: [], headerLine: 1)
        var line = 1
        var headerFields: [String]? = nil
        // Scratch for unescaping quoted fields.
        var quoted: [UInt8] = []

        /// Consumes a line break at `i` (LF, CR LF or CR), if any.
        func skipLineBreak() -> Bool {
            if i < n && input[i] == lf {
                i += 1
                line += 1
                return true
            }
            if i < n && input[i] == cr {
                i += 1
                if i < n && input[i] == lf { i += 1 }
                line += 1
                return true
            }
            return false
        }

        while i < n {
            // Skip completely empty lines.
            if skipLineBreak() { continue }
            let recordLine = line
            var fieldCount = 0
            var headerRecord: [String] = []
            recordLoop: while true {
                // One field.
                if i < n && input[i] == quote {
                    let openLine = line
                    i += 1
                    quoted.removeAll(keepingCapacity: true)
                    var closed = false
                    var segmentStart = i
                    while i < n {
                        let b = input[i]
                        if b == quote {
                            quoted.append(contentsOf: UnsafeBufferPointer(rebasing: input[segmentStart..<i]))
                            if i + 1 < n && input[i + 1] == quote {
                                quoted.append(quote)
                                i += 2
                                segmentStart = i
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if b == lf {
                            line += 1
                        } else if b == cr {
                            if !(i + 1 < n && input[i + 1] == lf) { line += 1 }
                        }
                        i += 1
                    }
                    if !closed {
                        throw DataError(
                            .malformedQuote, file: file, line: openLine, columnNumber: fieldCount + 1,
                            message: "quoted field is never closed")
                    }
                    if i < n && input[i] != comma && input[i] != lf && input[i] != cr {
                        throw DataError(
                            .malformedQuote, file: file, line: line, columnNumber: fieldCount + 1,
                            message: "unexpected text after the closing quote of a quoted field")
                    }
                    if headerFields == nil {
                        headerRecord.append(String(decoding: quoted, as: UTF8.self))
                    } else {
                        table.appendField(quoted)
                    }
                } else {
                    let start = i
                    while i < n {
                        let b = input[i]
                        if b == comma || b == lf || b == cr { break }
                        i += 1
                    }
                    let field = UnsafeBufferPointer(rebasing: input[start..<i])
                    if headerFields == nil {
                        headerRecord.append(String(decoding: field, as: UTF8.self))
                    } else {
                        table.appendField(field)
                    }
                }
                fieldCount += 1
                // Separator or end of record.
                if i < n && input[i] == comma {
                    i += 1
                    continue recordLoop
                }
                _ = skipLineBreak()
                break recordLoop
            }
            if headerFields == nil {
                headerFields = try validatedHeader(headerRecord, line: recordLine)
                table.headerLine = recordLine
            } else {
                table.endRecord(line: recordLine)
            }
        }
        guard let header = headerFields else {
            throw DataError(.emptyFile, file: file, message: "the file is empty (no header row)")
        }
        table.header = header
        if table.rowCount == 0 {
            throw DataError(
                .noDataRows, file: file, line: table.headerLine, message: "the file has a header row but no data rows")
        }
        return table
    }

    /// Trims header names and rejects empty or repeated ones.
    private func validatedHeader(_ raw: [String], line: Int) throws -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, name) in raw.enumerated() {
            let trimmed = TextCell.trimmed(name)
            if trimmed.isEmpty {
                throw DataError(
                    .emptyHeader, file: file, line: line, columnNumber: index + 1, message: "empty column name in the header")
            }
            if let first = seen[trimmed] {
                throw DataError(
                    .duplicateHeader, file: file, line: line, columnNumber: index + 1, columnName: trimmed,
                    message: "duplicate column name (also column \(first + 1))")
            }
            seen[trimmed] = index
            names.append(trimmed)
        }
        return names
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
