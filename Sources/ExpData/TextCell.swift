/// How one text cell becomes a number: the missing-value tokens, the rejected infinities and
/// the accepted number syntax, in one place for CSV and ARFF alike.
///
/// - Missing (kept as NaN): the empty cell, `?`, and `NA` or `NaN` in any letter case.
/// - Infinite (an error): `inf`, `infinity`, with an optional sign, in any letter case, and any
///   number too large for a `Double` such as `1e400`.
/// - Numbers: decimal notation with optional sign, fraction and exponent (`-1.5`, `.5`, `2e-3`),
///   parsed by `Double(String)`, which rounds correctly. Hexadecimal floats are not accepted.
/// - Surrounding spaces and tabs are ignored.
enum TextCell {
    /// The outcome of reading a numeric cell.
    enum Number: Equatable {
        case value(Double)
        case missing
        case infinite
        case invalid
    }

    /// Reads the cell `bytes` as a number.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Number {
        var start = 0, end = bytes.count
        while start < end && isBlank(bytes[start]) { start += 1 }
        while end > start && isBlank(bytes[end - 1]) { end -= 1 }
        let length = end - start
        if length == 0 { return .missing }
        var numeric = true
        for k in start..<end {
            let b = bytes[k]
            let ok = (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2B || b == 0x2D || b == 0x65 || b == 0x45
            if !ok {
                numeric = false
                break
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if !numeric {
            if length <= 9 {
                let lower = text.lowercased()
                if lower == "?" || lower == "na" || lower == "nan" { return .missing }
                if infinityTokens.contains(lower) { return .infinite }
            }
            return .invalid
        }
        guard let value = Double(text) else { return .invalid }
        if value.isInfinite { return .infinite }
        if value.isNaN { return .invalid }
        return .value(value)
    }

    /// Whether a label cell counts as missing (empty, `?`, `NA`, `NaN`), after trimming.
    static func isMissingToken(_ text: String) -> Bool {
        let lower = trimmed(text).lowercased()
        return lower.isEmpty || lower == "?" || lower == "na" || lower == "nan"
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isBlank($0) }),
            let last = utf8.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: utf8[first...last], as: UTF8.self)
    }

    static let infinityTokens: Set<String> = ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"]

    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
}
