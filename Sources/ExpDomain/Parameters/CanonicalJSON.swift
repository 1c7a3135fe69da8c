/// A JSON value with one canonical text form, the input of every hash in sweep specs
/// (``SweepSpec/specHash``, ``TrialParameters/cellHash``).
///
/// Rendering rules: no whitespace; object keys sorted by their UTF-8 bytes; integers in decimal;
/// reals as Swift's `Double.description`, the shortest string that round-trips (`0.0001`, `1e-05`,
/// `100.0`), which is valid JSON; strings with `"`, `\` and control characters escaped (`\n`,
/// `\t`, `\r`, `\b`, `\f`, else `\u00XX`) and everything else as UTF-8.
package enum CanonicalJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([CanonicalJSON])
    case object([(String, CanonicalJSON)])

    package static func == (lhs: CanonicalJSON, rhs: CanonicalJSON) -> Bool {
        lhs.rendered == rhs.rendered
    }

    /// The canonical text.
    package var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .null:
            out += "null"
        case let .bool(b):
            out += b ? "true" : "false"
        case let .int(i):
            out += String(i)
        case let .unsigned(u):
            out += String(u)
        case let .double(d):
            precondition(d.isFinite, "JSON has no non-finite numbers; specs reject them when parsed")
            out += d.description
        case let .string(s):
            Self.renderString(s, into: &out)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case let .object(members):
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            out += "{"
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out += "," }
                Self.renderString(key, into: &out)
                out += ":"
                value.render(into: &out)
            }
            out += "}"
        }
    }

    private static func renderString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
