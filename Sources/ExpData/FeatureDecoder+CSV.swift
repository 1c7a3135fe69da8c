import ExpCore

/// CSV prediction input: a header row, then one row per prediction, by the rules on
/// ``FeatureDecoder``. Cells read as in training data (``TextCell``): empty, `?`, `NA` and `NaN`
/// are missing; infinities are refused.
extension FeatureDecoder {
    /// Decodes CSV with a header row (RFC 4180, as ``CSVReader`` reads it; a leading byte-order mark
    /// is skipped).
    /// - Throws: ``DataError`` with the line, column number and column name of the problem.
    public func decodeCSV(_ bytes: [UInt8], file: String, idColumn: String? = nil) throws(DataError) -> FeatureBatch {
        let table: RawTable
        do {
            table = try CSVReader(file: file).read(bytes)
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError(.unreadable, file: file, message: "cannot read the file: \(error)")
        }
        let header = table.header
        let binding = try bind(header, field: nil, row: nil, file: file)
        var idIndex: Int? = nil
        if let idColumn {
            guard let i = header.firstIndex(of: idColumn) else {
                throw DataError(.missingColumns, file: file, line: table.headerLine, names: [idColumn],
                                message: "no id column '\(idColumn)'")
            }
            idIndex = i
        }
        let rows = table.rowCount
        if let maxRows, rows > maxRows {
            throw DataError(.tooManyRows, file: file, received: rows, expected: [maxRows],
                            message: "the file holds \(rows) rows; at most \(maxRows) are accepted in one batch")
        }
        let k = binding.sources.count
        var elements: [Double] = []
        elements.reserveCapacity(rows * k)
        try table.storage.withUnsafeBufferPointer { storage throws(DataError) in
            for row in 0..<rows {
                let line = table.line(ofRow: row)
                let count = table.fieldCount(ofRow: row)
                guard count == header.count else {
                    throw DataError(.raggedRow, file: file, line: line, row: row + 1, received: count, expected: [header.count],
                                    message: "expected \(header.count) fields (as in the header), found \(count)")
                }
                for j in 0..<k {
                    let column = binding.sources[j]
                    let (start, end) = table.bounds(row: row, column: column)
                    let cell = UnsafeBufferPointer(rebasing: storage[start..<end])
                    switch TextCell.number(cell) {
                    case let .value(v):
                        elements.append(v)
                    case .missing:
                        guard imputesMissingValues else {
                            let text = TextCell.trimmed(String(decoding: cell, as: UTF8.self))
                            let shown = text.isEmpty ? "an empty cell" : "\"\(text)\""
                            throw DataError(.missingValue, file: file, line: line, columnNumber: column + 1,
                                            columnName: header[column], row: row + 1,
                                            message: "missing value (\(shown)), but this model was trained without missing values and has no imputer; fill in a number")
                        }
                        elements.append(.nan)
                    case .infinite:
                        throw DataError(.infiniteValue, file: file, line: line, columnNumber: column + 1,
                                        columnName: header[column], row: row + 1,
                                        message: "infinite value \"\(Self.cellText(cell))\"; values must be finite numbers or missing (empty, NA, NaN, ?)")
                    case .invalid:
                        throw DataError(.nonNumeric, file: file, line: line, columnNumber: column + 1,
                                        columnName: header[column], row: row + 1,
                                        message: "non-numeric value \"\(Self.cellText(cell))\"")
                    }
                }
            }
        }
        return FeatureBatch(values: Matrix(rows: rows, columns: k, elements: elements),
                            ignoredColumns: binding.unknown.filter { $0 != idColumn },
                            ids: idIndex.map { i in (0..<rows).map { table.field(row: $0, column: i) } })
    }

    /// A cell's text for a message, at most 40 characters.
    private static func cellText(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: cell, as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
