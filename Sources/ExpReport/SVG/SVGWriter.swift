/// A point in SVG user units (y grows downwards).
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle in SVG user units.
public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// Whether `p` lies inside or on the edge, with `tolerance` to absorb coordinate rounding.
    public func contains(_ p: Point, tolerance: Double = 0.01) -> Bool {
        p.x >= x - tolerance && p.x <= maxX + tolerance && p.y >= y - tolerance && p.y <= maxY + tolerance
    }
}

/// How a text element is anchored horizontally at its position.
public enum TextAnchor: String, Sendable {
    case start, middle, end
}

/// A minimal SVG 1.1 writer: elements in call order, attributes in the given order, coordinates
/// with at most 2 decimals (``ReportNumber/coordinate(_:)``) and every text and attribute value
/// escaped, so the same drawing calls always give the same bytes.
///
/// ```swift
/// var svg = SVGWriter(width: 200, height: 100)
/// svg.rect(Rect(x: 10, y: 10, width: 50, height: 20), fill: "#0072B2")
/// svg.text("A & B", at: Point(10, 50))
/// let document = svg.document(title: "Example")
/// ```
public struct SVGWriter: Sendable {
    public let width: Double
    public let height: Double
    /// Body lines, indented.
    private var lines: [String] = []
    private var definitions: [String] = []
    private var depth = 1
    private var idCounter = 0

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    // MARK: Escaping and numbers

    /// `text` escaped for XML character data: `&`, `<`, `>`; characters XML 1.0 forbids
    /// (C0 controls other than tab and line feed) are dropped.
    public static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if isForbidden(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` escaped for a double-quoted attribute: also `"` and `'`, and tabs and line breaks
    /// as character references (which attribute normalisation would otherwise turn into spaces).
    public static func escapeAttribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                if isForbidden(scalar) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
    }

    /// A coordinate or length as written: 2 decimals at most.
    public static func number(_ x: Double) -> String { ReportNumber.coordinate(x) }

    // MARK: Elements

    /// An id unique within this document (`prefix-1`, `prefix-2`, …).
    public mutating func uniqueID(_ prefix: String) -> String {
        idCounter += 1
        return "\(prefix)-\(idCounter)"
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escapeAttribute($0.1))\"" }.joined()
    }

    /// Opens `<name …>`; close it with ``close(_:)``.
    public mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        lines.append(String(repeating: "  ", count: depth) + "<\(name)\(Self.attributeText(attributes))>")
        depth += 1
    }

    public mutating func close(_ name: String) {
        depth -= 1
        lines.append(String(repeating: "  ", count: depth) + "</\(name)>")
    }

    /// A complete element: empty (`<name …/>`) or holding `text`, and optionally a `<title>`
    /// child (a tooltip in browsers).
    public mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil,
                                 tooltip: String? = nil) {
        let indent = String(repeating: "  ", count: depth)
        let attrs = Self.attributeText(attributes)
        let tip = tooltip.map { "<title>\(Self.escapeText($0))</title>" } ?? ""
        if let text {
            lines.append(indent + "<\(name)\(attrs)>\(tip)\(Self.escapeText(text))</\(name)>")
        } else if !tip.isEmpty {
            lines.append(indent + "<\(name)\(attrs)>\(tip)</\(name)>")
        } else {
            lines.append(indent + "<\(name)\(attrs)/>")
        }
    }

    /// A `<linearGradient>` in `<defs>` from bottom (first stop) to top (last stop); returns its id.
    public mutating func verticalGradient(stops: [(offset: Double, color: String)]) -> String {
        let id = uniqueID("gradient")
        var text = "    <linearGradient id=\"\(id)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        for stop in stops {
            text += "<stop offset=\"\(Self.number(stop.offset))\" stop-color=\"\(Self.escapeAttribute(stop.color))\"/>"
        }
        text += "</linearGradient>"
        definitions.append(text)
        return id
    }

    // MARK: Shapes

    public mutating func rect(_ r: Rect, fill: String, stroke: String? = nil, strokeWidth: Double = 1,
                              opacity: Double? = nil, className: String? = nil, tooltip: String? = nil) {
        var a: [(String, String)] = []
        if let className { a.append(("class", className)) }
        a += [("x", Self.number(r.x)), ("y", Self.number(r.y)),
              ("width", Self.number(max(0, r.width))), ("height", Self.number(max(0, r.height))), ("fill", fill)]
        if let opacity { a.append(("fill-opacity", Self.number(opacity))) }
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.number(strokeWidth))] }
        element("rect", a, tooltip: tooltip)
    }

    public mutating func line(from p: Point, to q: Point, stroke: String, width: Double = 1, dash: String? = nil,
                              className: String? = nil) {
        var a: [(String, String)] = []
        if let className { a.append(("class", className)) }
        a += [("x1", Self.number(p.x)), ("y1", Self.number(p.y)), ("x2", Self.number(q.x)), ("y2", Self.number(q.y)),
              ("stroke", stroke), ("stroke-width", Self.number(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        element("line", a)
    }

    /// The `points` attribute of a polyline or polygon.
    static func pointList(_ points: [Point]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }

    public mutating func polyline(_ points: [Point], stroke: String, width: Double = 1.5, dash: String? = nil,
                                  className: String? = nil, tooltip: String? = nil) {
        guard points.count >= 2 else { return }
        var a: [(String, String)] = []
        if let className { a.append(("class", className)) }
        a += [("points", Self.pointList(points)), ("fill", "none"), ("stroke", stroke),
              ("stroke-width", Self.number(width)), ("stroke-linejoin", "round")]
        if let dash { a.append(("stroke-dasharray", dash)) }
        element("polyline", a, tooltip: tooltip)
    }

    public mutating func polygon(_ points: [Point], fill: String, opacity: Double? = nil, stroke: String? = nil,
                                 className: String? = nil) {
        guard points.count >= 3 else { return }
        var a: [(String, String)] = []
        if let className { a.append(("class", className)) }
        a += [("points", Self.pointList(points)), ("fill", fill)]
        if let opacity { a.append(("fill-opacity", Self.number(opacity))) }
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
        element("polygon", a)
    }

    public mutating func circle(_ center: Point, radius: Double, fill: String, stroke: String? = nil,
                                strokeWidth: Double = 1, opacity: Double? = nil, className: String? = nil,
                                tooltip: String? = nil) {
        var a: [(String, String)] = []
        if let className { a.append(("class", className)) }
        a += [("cx", Self.number(center.x)), ("cy", Self.number(center.y)), ("r", Self.number(radius)), ("fill", fill)]
        if let opacity { a.append(("fill-opacity", Self.number(opacity))) }
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.number(strokeWidth))] }
        element("circle", a, tooltip: tooltip)
    }

    /// Text whose baseline sits at `p` (use `middle: true` to centre it vertically on `p.y`).
    public mutating func text(_ text: String, at p: Point, size: Double = 11, anchor: TextAnchor = .start,
                              weight: String? = nil, fill: String = Palette.text, rotation: Double? = nil,
                              middle: Bool = false, className: String? = nil, tooltip: String? = nil) {
        let y = middle ? p.y + 0.35 * size : p.y
        var a: [(String, String)] = []
        if let className { a.append(("class", className)) }
        a += [("x", Self.number(p.x)), ("y", Self.number(y)), ("font-size", Self.number(size))]
        if anchor != .start { a.append(("text-anchor", anchor.rawValue)) }
        if let weight { a.append(("font-weight", weight)) }
        if fill != Palette.text { a.append(("fill", fill)) }
        if let rotation {
            a.append(("transform", "rotate(\(Self.number(rotation)) \(Self.number(p.x)) \(Self.number(y)))"))
        }
        element("text", a, text: text, tooltip: tooltip)
    }

    // MARK: Document

    /// The complete document: XML declaration, `<svg>` with its size and viewBox, a `<title>`,
    /// a white background, the definitions and the body.
    public func document(title: String, description: String? = nil) -> String {
        let w = Self.number(width), h = Self.number(height)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        out += " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\">\n"
        out += "  <title>\(Self.escapeText(title))</title>\n"
        if let description { out += "  <desc>\(Self.escapeText(description))</desc>\n" }
        if !definitions.isEmpty { out += "  <defs>\n" + definitions.joined(separator: "\n") + "\n  </defs>\n" }
        out += "  <rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        for line in lines { out += line + "\n" }
        out += "</svg>\n"
        return out
    }
}
