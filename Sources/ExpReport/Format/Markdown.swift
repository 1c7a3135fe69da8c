/// Small Markdown builders: escaping, tables, images and fenced code, with stable output (no
/// trailing spaces, `\n` line ends).
public enum Markdown {
    /// `text` with the characters that Markdown would read as markup escaped, and line breaks
    /// folded to spaces (safe inside a table cell or a heading).
    /// An underscore inside a word (`roc_auc`) cannot start emphasis in CommonMark, so it is
    /// left as is; one at a word boundary is escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        let characters = Array(text)
        for (i, c) in characters.enumerated() {
            switch c {
            case "_":
                let inWord = i > 0 && i + 1 < characters.count
                    && (characters[i - 1].isLetter || characters[i - 1].isNumber)
                    && (characters[i + 1].isLetter || characters[i + 1].isNumber)
                if !inWord { out.append("\\") }
                out.append(c)
            case "\\", "`", "*", "[", "]", "<", ">", "|":
                out.append("\\")
                out.append(c)
            case "\n", "\r", "\t":
                out.append(" ")
            default:
                out.append(c)
            }
        }
        return out
    }

    /// `text` as inline code; backticks inside are handled by a longer fence.
    public static func code(_ text: String) -> String {
        let flat = text.replacingAll("\n", with: " ")
        let fence = flat.contains("`") ? "``" : "`"
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// An image link to a chart file beside the Markdown file.
    public static func image(_ alt: String, file: String) -> String {
        "![\(escape(alt))](\(file))"
    }

    /// A fenced code block.
    public static func codeBlock(_ text: String, language: String = "") -> String {
        let fence = text.contains("```") ? "~~~~" : "```"
        return fence + language + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence
    }

    /// Column alignment in a ``Table``.
    public enum Alignment: Sendable {
        case left, right, center
    }

    /// A pipe table. Cells are written as given (escape text with ``Markdown/escape(_:)``).
    public struct Table: Sendable {
        public var header: [String]
        public var alignments: [Alignment]
        public var rows: [[String]] = []

        /// A table whose columns are left-aligned except those in `right`.
        public init(_ header: [String], right: Set<Int> = []) {
            self.header = header
            self.alignments = header.indices.map { right.contains($0) ? .right : .left }
        }

        public mutating func append(_ row: [String]) {
            rows.append(row)
        }

        public func render() -> String {
            func line(_ cells: [String]) -> String {
                "| " + header.indices.map { $0 < cells.count ? cells[$0] : "" }.joined(separator: " | ") + " |"
            }
            let rule = "|" + alignments.map {
                switch $0 {
                case .left: " --- "
                case .right: " ---: "
                case .center: " :---: "
                }
            }.joined(separator: "|") + "|"
            return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, for the report library's pure parts).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
