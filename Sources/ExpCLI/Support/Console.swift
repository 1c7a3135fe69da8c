import ArgumentParser
import Foundation

/// Terminal output shared by the commands: results on stdout, diagnostics on stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Writes without a newline (progress lines redraw with `\r`).
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// `--format` of commands that list rows (`runs list`, `sweeps list`).
enum ListingFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv
}

/// `--format` of commands that print one report (`data check`, `sweep`, `runs show`, `runs compare`).
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json
}

/// A plain aligned text table.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    var rightAligned: Set<Int> = []

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line))
            .joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV.
    func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// Number formatting for tables: 4 decimals for metrics, NaN as "nan".
func formatMetric(_ value: Double?) -> String {
    guard let value else { return "-" }
    if value.isNaN { return "nan" }
    return String(format: "%.4f", value)
}

func formatDuration(_ seconds: Double) -> String {
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    let m = Int(seconds) / 60, s = Int(seconds) % 60
    return m < 60 ? "\(m) min \(s) s" : "\(m / 60) h \(m % 60) min"
}

/// A user-facing failure of a command (e.g. an unknown trial ID): printed as one line, exit 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// "1 trial", "3 trials".
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
