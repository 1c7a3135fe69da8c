import ExpCore

/// Turns a ``RawTable`` into a ``Dataset``: checks field counts, reads every feature cell as a
/// number (see ``TextCell`` for the rules), and encodes the label column as 0/1.
///
/// The first problem found, in row order, is thrown as a ``DataError`` naming the file, the
/// line, and the column (1-based number and header name).
struct TableDecoder {
    /// The source name, for errors and for ``Dataset/source``.
    var file: String

    /// Decodes `table` with column `labelIndex` as the label.
    ///
    /// - Parameters:
    ///   - declaredClasses: The label values allowed by the file (an ARFF nominal list), or nil.
    ///   - positive: The requested positive class, or nil for the default rule of
    ///     ``LabelEncoding/resolve(values:positive:file:columnName:)``.
    ///   - sha256: The hash of the source bytes.
    func dataset(
        from table: RawTable, labelIndex: Int, declaredClasses: [String]?, positive: String?, sha256: String
    ) throws -> Dataset {
        let header = table.header
        let width = header.count
        let labelName = header[labelIndex]
        let featureColumns = (0..<width).filter { $0 != labelIndex }
        guard !featureColumns.isEmpty else {
            throw DataError(
                .noFeatures, file: file, line: table.headerLine, columnName: labelName,
                message: "the data has no feature columns besides the label")
        }
        let rows = table.rowCount
        var elements: [Double] = []
        elements.reserveCapacity(rows * featureColumns.count)
        var classIndex: [String: Int] = [:]
        var classValues: [String] = []
        var rowClass: [Int] = []
        rowClass.reserveCapacity(rows)

        try table.storage.withUnsafeBufferPointer { storage in
            for row in 0..<rows {
                let line = table.line(ofRow: row)
                let count = table.fieldCount(ofRow: row)
                if count != width {
                    let column = min(count, width) + 1
                    let detail =
                        count < width
                        ? "column \(column) '\(header[column - 1])' and later are missing"
                        : "field \(column) has no column in the header"
                    throw DataError(
                        .raggedRow, file: file, line: line, columnNumber: column,
                        message: "expected \(width) fields as in the header, found \(count) (\(detail))")
                }
                // Label.
                let labelText = TextCell.trimmed(table.field(row: row, column: labelIndex))
                if TextCell.isMissingToken(labelText) {
                    throw DataError(
                        .missingLabel, file: file, line: line, columnNumber: labelIndex + 1, columnName: labelName,
                        message: "missing label value")
                }
                if let declared = declaredClasses, !declared.contains(labelText) {
                    throw DataError(
                        .invalidARFF, file: file, line: line, columnNumber: labelIndex + 1, columnName: labelName,
                        message: "label value \"\(labelText)\" is not declared in {\(declared.joined(separator: ","))}")
                }
                if let index = classIndex[labelText] {
                    rowClass.append(index)
                } else {
                    classIndex[labelText] = classValues.count
                    rowClass.append(classValues.count)
                    classValues.append(labelText)
                }
                // Features.
                for column in featureColumns {
                    let (start, end) = table.bounds(row: row, column: column)
                    switch TextCell.number(UnsafeBufferPointer(rebasing: storage[start..<end])) {
                    case .value(let value):
                        elements.append(value)
                    case .missing:
                        elements.append(.nan)
                    case .infinite:
                        throw DataError(
                            .infiniteValue, file: file, line: line, columnNumber: column + 1, columnName: header[column],
                            message: "infinite value \"\(cellText(storage, start, end))\"; "
                                + "features must be finite numbers or missing (empty, NA, NaN, ?)")
                    case .invalid:
                        throw DataError(
                            .nonNumeric, file: file, line: line, columnNumber: column + 1, columnName: header[column],
                            message: "non-numeric value \"\(cellText(storage, start, end))\"")
                    }
                }
            }
        }

        // Classes in declaration order (ARFF) or order of first appearance (CSV).
        var ordered = classValues
        if let declared = declaredClasses {
            ordered = declared.filter { classIndex[$0] != nil }
        }
        let encoding = try LabelEncoding.resolve(values: ordered, positive: positive, file: file, columnName: labelName)
        let codeOfClass = classValues.map { encoding.encode($0) ?? 0 }
        let labels = rowClass.map { codeOfClass[$0] }
        return Dataset(
            featureNames: featureColumns.map { header[$0] },
            features: Matrix(rows: rows, columns: featureColumns.count, elements: elements),
            labels: labels, labelName: labelName, classNames: encoding, source: file, sha256: sha256)
    }

    /// The cell text for a message, shortened to 40 characters.
    private func cellText(_ storage: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: storage[start..<end]), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
