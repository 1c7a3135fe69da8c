/// Where a data set comes from, parsed from the string a user types.
///
/// - `builtin:bankruptcy` is the seeded synthetic data of ``BankruptcySynthesizer`` with its
///   defaults; `builtin:bankruptcy?rows=500&seed=7` changes them.
/// - Anything else is a file path; its extension (`.csv` or `.arff`, any letter case) selects
///   the reader.
///
/// ```swift
/// try DataSource.parse("builtin:bankruptcy?rows=500")  // .builtinBankruptcy(rows: 500, seed: 42)
/// try DataSource.parse("data/1year.arff")             // .file(path: "data/1year.arff", format: .arff)
/// ```
public enum DataSource: Sendable, Equatable {
    /// A file format the loader reads.
    public enum Format: String, Sendable, Equatable, Codable {
        case csv
        case arff
    }

    /// A file on disk.
    case file(path: String, format: Format)
    /// The synthetic bankruptcy data.
    case builtinBankruptcy(rows: Int, seed: UInt64)

    /// The prefix of built-in sources.
    public static let builtinPrefix = "builtin:"
    /// The name of the synthetic bankruptcy source.
    public static let bankruptcyName = "builtin:bankruptcy"

    /// Parses a source string.
    /// - Throws: ``DataError`` of kind `.unsupportedFormat` (unknown extension or built-in name)
    ///   or `.invalidOption` (a bad `rows=`/`seed=` query).
    public static func parse(_ text: String) throws -> DataSource {
        if text.hasPrefix(builtinPrefix) {
            let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard name == bankruptcyName else {
                throw DataError(
                    .unsupportedFormat, file: text,
                    message: "unknown built-in data set '\(name)'; the built-in data set is '\(bankruptcyName)'")
            }
            var rows = BankruptcySynthesizer.defaultRows
            var seed = BankruptcySynthesizer.defaultSeed
            if parts.count == 2 {
                for item in parts[1].split(separator: "&") {
                    let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
                    switch (pair.first, pair.count == 2 ? pair[1] : nil) {
                    case let ("rows", value?):
                        let allowed = BankruptcySynthesizer.minimumRows...BankruptcySynthesizer.maximumRows
                        guard let n = Int(value), allowed.contains(n) else {
                            throw DataError(
                                .invalidOption, file: text,
                                message: "invalid option 'rows=\(value)': expected an integer in "
                                    + "\(allowed.lowerBound)...\(allowed.upperBound)")
                        }
                        rows = n
                    case let ("seed", value?):
                        guard let s = UInt64(value) else {
                            throw DataError(
                                .invalidOption, file: text,
                                message: "invalid option 'seed=\(value)': expected a non-negative integer")
                        }
                        seed = s
                    default:
                        throw DataError(
                            .invalidOption, file: text,
                            message: "invalid option '\(item)'; the options are rows=N and seed=S")
                    }
                }
            }
            return .builtinBankruptcy(rows: rows, seed: seed)
        }
        // Standard input: CSV, or ARFF when it starts with '@' or '%' (read by ``DataLoader``).
        if text == "-" { return .file(path: "-", format: .csv) }
        let lower = text.lowercased()
        if lower.hasSuffix(".csv") { return .file(path: text, format: .csv) }
        if lower.hasSuffix(".arff") { return .file(path: text, format: .arff) }
        throw DataError(
            .unsupportedFormat, file: text,
            message: "unknown data format; expected a .csv or .arff file, or \(bankruptcyName)")
    }

    /// The canonical spelling of this source (built-in options only when they differ from the
    /// defaults).
    public var description: String {
        switch self {
        case let .file(path, _):
            return path
        case let .builtinBankruptcy(rows, seed):
            var options: [String] = []
            if rows != BankruptcySynthesizer.defaultRows { options.append("rows=\(rows)") }
            if seed != BankruptcySynthesizer.defaultSeed { options.append("seed=\(seed)") }
            return options.isEmpty ? Self.bankruptcyName : Self.bankruptcyName + "?" + options.joined(separator: "&")
        }
    }
}
