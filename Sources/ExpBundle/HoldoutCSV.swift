import ExpDomain
/// The layout of `holdout.csv`: the header `row_id,probability`, then one line per holdout row with
/// the probability in Swift's shortest round-trip spelling (`0.0123`, `1e-05`), so it parses back
/// to the same Double bit for bit.
enum HoldoutCSV {
    static let header = "row_id,probability"

    static func encode(_ rows: [HoldoutPrediction]) -> [UInt8] {
        var text = header + "\n"
        text.reserveCapacity(rows.count * 28 + text.utf8.count)
        for row in rows {
            text += "\(row.rowID),\(row.probability.description)\n"
        }
        return Array(text.utf8)
    }

    /// - Throws: ``BundleError/invalidMember(member:reason:)`` naming holdout.csv and the line.
    static func decode(_ bytes: [UInt8]) throws -> [HoldoutPrediction] {
        func invalid(_ reason: String) -> BundleError { .invalidMember(member: BundleMember.holdout.rawValue, reason: reason) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw invalid("not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "" else { throw invalid("the last line must end with a newline") }
        lines.removeLast()
        guard lines.first == Substring(header) else {
            throw invalid("the first line must be '\(header)', got '\(lines.first ?? "")'")
        }
        var rows: [HoldoutPrediction] = []
        rows.reserveCapacity(lines.count - 1)
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let rowID = Int(fields[0]), let probability = Double(fields[1]) else {
                throw invalid("line \(index + 1) is not 'row_id,probability': '\(line)'")
            }
            rows.append(HoldoutPrediction(rowID: rowID, probability: probability))
        }
        return rows
    }
}
