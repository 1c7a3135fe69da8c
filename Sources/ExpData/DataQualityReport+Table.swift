import Foundation

extension DataQualityReport {
    /// The plain-text form printed by `exp data check`: a summary block, then one section per
    /// finding, each stating its rule. Long column names are cut to 48 characters.
    public func renderTable() -> String {
        var lines: [String] = []
        func field(_ key: String, _ value: String) { lines.append("  " + pad(key, 16) + value) }

        lines.append("Data quality report")
        field("source", source)
        field("sha256", sha256)
        field("rows", "\(rows)")
        field("columns", "\(columns) (\(featureCount) numeric features + label '\(labelName)')")
        field(
            "class balance",
            "'\(negativeClass.value)': \(negativeClass.count) (\(percent(negativeClass.fraction))), "
                + "'\(positiveClass.value)': \(positiveClass.count) (\(percent(positiveClass.fraction))); "
                + "positive class '\(positiveClass.value)'")
        field("missing cells", "\(missingCells) in \(rowsWithMissing) rows (\(missingByColumn.count) columns)")
        field("constant", "\(constantColumns.count) columns")
        field("extreme outliers", "\(outlierColumns.count) columns")
        field("mixed scale", "\(mixedScaleColumns.count) columns")
        field("identical cols", "\(identicalColumns.count) pairs")
        field("duplicate rows", "\(duplicateRows)")
        lines.append("")
        lines.append("Column indices are 0-based feature indices; rows are 1-based data rows.")

        lines.append("")
        if missingByColumn.isEmpty {
            lines.append("Missing cells per column: none")
        } else {
            lines.append("Missing cells per column (columns with none are not listed):")
            lines.append("  " + pad("#", 5) + pad("column", 50) + pad("missing", 9) + "%")
            for c in missingByColumn {
                lines.append(
                    "  " + pad("\(c.index)", 5) + pad(cut(c.name), 50) + pad("\(c.count)", 9)
                        + percent(Double(c.count) / Double(Swift.max(rows, 1))))
            }
        }

        lines.append("")
        if constantColumns.isEmpty {
            lines.append("Constant columns: none")
        } else {
            lines.append("Constant columns (every non-missing value the same):")
            for c in constantColumns {
                let value = columnSummaries[c.index].min.map(number) ?? "all missing"
                lines.append("  " + pad("\(c.index)", 5) + cut(c.name) + " = " + value)
            }
        }

        lines.append("")
        lines.append("Extreme outliers (\(outlierRule)):")
        if outlierColumns.isEmpty {
            lines.append("  none")
        } else {
            lines.append(
                "  " + pad("#", 5) + pad("column", 50) + pad("cells", 7) + pad("q01", 12) + pad("q99", 12)
                    + pad("min", 12) + "max")
            for c in outlierColumns {
                lines.append(
                    "  " + pad("\(c.index)", 5) + pad(cut(c.name), 50) + pad("\(c.count)", 7) + pad(number(c.q01), 12)
                        + pad(number(c.q99), 12) + pad(number(c.min), 12) + number(c.max))
            }
        }

        lines.append("")
        lines.append("Mixed-scale columns (\(mixedScaleRule)):")
        if mixedScaleColumns.isEmpty {
            lines.append("  none")
        } else {
            lines.append("  " + pad("#", 5) + pad("column", 50) + pad("cells >= 1e6", 14) + "%")
            for c in mixedScaleColumns {
                let present = rows - columnSummaries[c.index].missing
                lines.append(
                    "  " + pad("\(c.index)", 5) + pad(cut(c.name), 50) + pad("\(c.count)", 14)
                        + percent(Double(c.count) / Double(Swift.max(present, 1))))
            }
        }

        lines.append("")
        if identicalColumns.isEmpty {
            lines.append("Identical columns: none")
        } else {
            lines.append("Identical columns (same value in every row):")
            for pair in identicalColumns {
                lines.append(
                    "  \(pair.first.index) '\(cut(pair.first.name))' = \(pair.second.index) '\(cut(pair.second.name))'")
            }
        }

        lines.append("")
        if duplicateRows == 0 {
            lines.append("Duplicate rows: none")
        } else {
            let shown = duplicateRowExamples.map { "row \($0.second) repeats row \($0.first)" }
            let more = duplicateRows > duplicateRowExamples.count ? ", …" : ""
            lines.append("Duplicate rows: \(duplicateRows) (\(shown.joined(separator: ", "))\(more))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `fraction` as a percentage with two decimals.
    private func percent(_ fraction: Double) -> String {
        String(format: "%.2f%%", fraction * 100)
    }

    /// A number in at most 4 significant digits.
    private func number(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func cut(_ name: String) -> String {
        name.count > 48 ? String(name.prefix(47)) + "…" : name
    }
}
