import ExpTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// One parsed SVG element: its name, attributes and text.
struct SVGNode {
    var name: String
    var attributes: [String: String]
    var text = ""

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    func has(_ className: String) -> Bool { classes.contains(className) }
    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }

    /// The `points` attribute of a polyline.
    var points: [(x: Double, y: Double)] {
        (attributes["points"] ?? "").split(separator: " ").compactMap { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
    }
}

/// Parses SVG text with Foundation's XMLParser: `nil` when it is not well-formed XML.
final class SVGInspector: NSObject, XMLParserDelegate {
    private(set) var nodes: [SVGNode] = []
    private var stack: [Int] = []
    private(set) var error: String?

    static func parse(_ svg: String) -> [SVGNode]? {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        guard parser.parse() else {
            Issue.record("SVG is not well-formed: \(parser.parserError.map { "\($0)" } ?? "unknown error") at line \(parser.lineNumber)")
            return nil
        }
        return inspector.nodes
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        nodes.append(SVGNode(name: elementName, attributes: attributes))
        stack.append(nodes.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let top = stack.last { nodes[top].text += string }
    }
}

/// `rsvg-convert`, the SVG renderer of librsvg (Debian: librsvg2-bin), if installed.
enum SVGRenderer {
    static let path: String? = Child.locate("rsvg-convert", in: ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"])

    static let missingMessage = "rsvg-convert is not installed (apt-get install -y librsvg2-bin); SVG rendering not checked"

    /// Renders `svg` to PNG; returns the exit status, the PNG size and stderr.
    static func render(_ svg: String, name: String) async throws -> (status: Int32, pngBytes: Int, stderr: String) {
        let directory = try TemporaryDirectory(prefix: "exp-report")
        let input = directory.url.appendingPathComponent("\(name).svg")
        let output = directory.url.appendingPathComponent("\(name).png")
        try Data(svg.utf8).write(to: input)
        let run = try await Child(path ?? "/usr/bin/rsvg-convert", ["-o", output.path, input.path]).finish()
        let bytes = (try? Data(contentsOf: output))?.count ?? 0
        return (run.status, bytes, run.stderr)
    }
}
