import ExpCore

/// Writes a ``Dataset`` as CSV that ``CSVReader`` reads back to an equal data set.
///
/// - The header is the label name followed by the feature names (the layout of the reference
///   file), and each row is the label's class name followed by the features.
/// - Numbers use Swift's shortest round-trip spelling (`Double.description`), so every value
///   reads back bit for bit; integral values below 10¹⁵ are written without a fraction (`1`,
///   `6400000000`). Missing values (NaN) are written as empty fields.
/// - Fields that contain a comma, a quote, a line break, or surrounding spaces are quoted, with
///   `"` doubled. Lines end with LF; there is no byte-order mark.
///
/// The output depends only on the data, so the same data always gives the same bytes (and the
/// same SHA-256).
/// ```swift
/// let bytes = CSVWriter.encode(try BankruptcySynthesizer().generate())
/// ```
public enum CSVWriter {
    /// The CSV bytes of `dataset`.
    public static func encode(_ dataset: Dataset) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(dataset.rowCount * (dataset.featureCount + 1) * 14 + 4096)
        appendField(dataset.labelName, to: &out)
        for name in dataset.featureNames {
            out.append(UInt8(ascii: ","))
            appendField(name, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        let negative = quotedIfNeeded(dataset.classNames.negative)
        let positive = quotedIfNeeded(dataset.classNames.positive)
        let columns = dataset.featureCount
        dataset.features.elements.withUnsafeBufferPointer { values in
            for row in 0..<dataset.rowCount {
                out.append(contentsOf: (dataset.labels[row] == 1 ? positive : negative).utf8)
                for column in 0..<columns {
                    out.append(UInt8(ascii: ","))
                    let value = values[row * columns + column]
                    if !value.isNaN { out.append(contentsOf: format(value).utf8) }
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    /// The CSV spelling of a finite number: an integer when the value is integral and below 10¹⁵
    /// in magnitude (keeping `-0` for negative zero), otherwise `Double.description`.
    public static func format(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        if value.magnitude < 1e15 && value == value.rounded(.towardZero) {
            return String(Int64(value))
        }
        return value.description
    }

    private static func appendField(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: quotedIfNeeded(text).utf8)
    }

    /// `text`, quoted with doubled quotes when it holds a separator, quote, line break, or
    /// leading or trailing spaces.
    static func quotedIfNeeded(_ text: String) -> String {
        let needs =
            text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || text.first == " " || text.last == " " || text.first == "\t" || text.last == "\t"
        guard needs else { return text }
        var quoted = "\""
        for c in text {
            if c == "\"" { quoted.append("\"") }
            quoted.append(c)
        }
        return quoted + "\""
    }
}
