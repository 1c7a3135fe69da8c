import ExpCore
import ExpTestSupport
import Foundation

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

    /// <package>/../shared/data/taiwan_bankruptcy.csv.
    static let url = PackagePaths.sharedData.appendingPathComponent("taiwan_bankruptcy.csv")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// The parsed table, read once per test process.
    static func load() throws -> Table { try cache.get() }

    private static let cache: Result<Table, any Error> = Result { try parse() }

    private static func parse() throws -> Table {
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes.append(0)  // strtod reads a C string
        guard let headerEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else { throw ParseError(description: "no header line") }
        let names = String(decoding: bytes[..<headerEnd], as: UTF8.self)
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let width = names.count
        var elements: [Double] = []
        var labels: [Int] = []
        // strtod over the bytes (correctly rounded in glibc, like Python's float(str) that made the
        // fixtures): the String-splitting version took tens of seconds in a debug build.
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            try base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                var cursor = text + headerEnd + 1
                var line = 2
                while cursor.pointee != 0 {
                    if cursor.pointee == 0x0A || cursor.pointee == 0x0D {  // blank line or CRLF rest
                        cursor += 1
                        continue
                    }
                    for j in 0..<width {
                        var end: UnsafeMutablePointer<CChar>?
                        let value = strtod(cursor, &end)
                        guard let end, end != cursor else {
                            throw ParseError(description: "line \(line), column \(j): not a number")
                        }
                        if j == 0 { labels.append(Int(value)) } else { elements.append(value) }
                        let expected: CChar = j == width - 1 ? 0x0A : 0x2C  // newline, comma
                        guard end.pointee == expected || (j == width - 1 && (end.pointee == 0 || end.pointee == 0x0D)) else {
                            throw ParseError(description: "line \(line), column \(j): expected \(width) cells")
                        }
                        cursor = UnsafePointer(end.pointee == 0 ? end : end + 1)
                    }
                    line += 1
                }
            }
        }
        return Table(
            featureNames: Array(names.dropFirst()),
            features: Matrix(rows: labels.count, columns: width - 1, elements: elements),
            labels: labels)
    }
}
