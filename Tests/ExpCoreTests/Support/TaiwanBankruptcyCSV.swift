import Foundation
import ExpCore

/// The shared Taiwan bankruptcy CSV (../shared/data/taiwan_bankruptcy.csv next to the package),
/// which the f_classif and scaler fixtures were computed on. It is not copied into the repository;
/// tests that need it are skipped when it is absent (`.enabled(if: TaiwanBankruptcyCSV.isAvailable)`).
///
/// A deliberately tiny parser: a header line, then rows of plain numeric cells (no quoting in this
/// file), each parsed with `Double(_:)`, which is correctly rounded like Python's `float(str)` that
/// the fixtures used. Column 0 is the label `Bankrupt?`; the 95 features follow.
enum TaiwanBankruptcyCSV {
    struct Table: Sendable {
        let featureNames: [String]
        /// 6819 × 95, rows in file order.
        let features: Matrix<Double>
        let labels: [Int]
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// <package>/../shared/data/taiwan_bankruptcy.csv, from this file's path
    /// (<package>/Tests/ExpCoreTests/Support/TaiwanBankruptcyCSV.swift).
    static let url: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.deletingLastPathComponent().appendingPathComponent("shared/data/taiwan_bankruptcy.csv")
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// The parsed table, read once per test process.
    static func load() throws -> Table { try cache.get() }

    private static let cache: Result<Table, any Error> = Result { try parse() }

    private static func parse() throws -> Table {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard let header = lines.popFirst() else { throw ParseError(description: "empty file") }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let width = names.count
        var elements: [Double] = []
        elements.reserveCapacity(lines.count * (width - 1))
        var labels: [Int] = []
        labels.reserveCapacity(lines.count)
        for (lineIndex, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == width else {
                throw ParseError(description: "line \(lineIndex + 2): \(cells.count) cells, expected \(width)")
            }
            for (j, cell) in cells.enumerated() {
                guard let value = Double(cell) else {
                    throw ParseError(description: "line \(lineIndex + 2), column \(j): not a number: \(cell)")
                }
                if j == 0 {
                    labels.append(Int(value))
                } else {
                    elements.append(value)
                }
            }
        }
        return Table(
            featureNames: Array(names.dropFirst()),
            features: Matrix(rows: labels.count, columns: width - 1, elements: elements),
            labels: labels)
    }
}
