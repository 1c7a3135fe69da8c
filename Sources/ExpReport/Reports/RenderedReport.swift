import ExpCore

/// A report ready to be written: the Markdown text and the SVG charts it links, which belong in
/// the same directory. ExpReport never writes files; the caller does.
public struct RenderedReport: Sendable, Equatable {
    /// One chart file.
    public struct ChartFile: Sendable, Equatable {
        /// The file name, linked from the Markdown (e.g. `model_experiments-leaderboard.svg`).
        public var fileName: String
        public var title: String
        /// The complete SVG document.
        public var svg: String
    }

    /// The Markdown file name, e.g. `exploratory_analysis.md`.
    public var markdownFileName: String
    public var markdown: String
    /// The charts, in the order the Markdown links them.
    public var charts: [ChartFile]
}

/// A report that cannot be built from its input.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Accumulates Markdown blocks and the charts they link.
struct ReportBuilder {
    /// The chart file prefix: the Markdown file name without `.md`.
    let stem: String
    private(set) var blocks: [String] = []
    private(set) var charts: [RenderedReport.ChartFile] = []

    init(fileName: String) {
        stem = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
    }

    /// A heading; `text` is escaped.
    mutating func heading(_ level: Int, _ text: String) {
        blocks.append(String(repeating: "#", count: level) + " " + Markdown.escape(text))
    }

    /// A block written as given (already Markdown).
    mutating func block(_ markdown: String) {
        blocks.append(markdown)
    }

    mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        blocks.append(items.map { "- " + $0 }.joined(separator: "\n"))
    }

    mutating func table(_ table: Markdown.Table) {
        blocks.append(table.render())
    }

    /// Adds `chart` as `<stem>-<id>.svg` and links it here.
    mutating func chart(_ id: String, _ chart: any Chart, alt: String? = nil) {
        let fileName = "\(stem)-\(id).svg"
        precondition(!charts.contains { $0.fileName == fileName }, "duplicate chart id \(id)")
        charts.append(RenderedReport.ChartFile(fileName: fileName, title: chart.title, svg: chart.svg()))
        blocks.append(Markdown.image(alt ?? chart.title, file: fileName))
    }

    func finish(markdownFileName: String) -> RenderedReport {
        RenderedReport(markdownFileName: markdownFileName, markdown: blocks.joined(separator: "\n\n") + "\n",
                       charts: charts)
    }
}

/// A name and a display value (a parameter, an environment field).
public struct ReportParameter: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// A sort key for the value: the numbers in it (so `[16]` < `[100]` and `1e-05` < `0.001`),
    /// then the text; values without numbers sort after those with.
    static func orderKey(_ value: String) -> (numbers: [Double], text: String) {
        var numbers: [Double] = []
        var token = ""
        func flush() {
            if !token.isEmpty, let v = Double(token) { numbers.append(v) }
            token = ""
        }
        for c in value {
            if c.isNumber || c == "." || c == "-" || c == "+" || ((c == "e" || c == "E") && !token.isEmpty) {
                token.append(c)
            } else {
                flush()
            }
        }
        flush()
        return (numbers, value)
    }

    /// Whether value `a` sorts before `b` by ``orderKey(_:)``.
    static func valueOrder(_ a: String, _ b: String) -> Bool {
        let ka = orderKey(a), kb = orderKey(b)
        if ka.numbers.isEmpty != kb.numbers.isEmpty { return !ka.numbers.isEmpty }
        if ka.numbers != kb.numbers { return ka.numbers.lexicographicallyPrecedes(kb.numbers) }
        return ka.text < kb.text
    }
}

/// The mean and standard deviation of a metric over cross-validation folds.
public struct MetricSummaryValue: Sendable, Hashable {
    public var mean: Double
    /// Population standard deviation over the folds (ddof = 0).
    public var std: Double

    public init(mean: Double, std: Double) {
        self.mean = mean
        self.std = std
    }
}

/// The order in which metrics are listed: the ranking metric first, then the known metrics in
/// ``BinaryMetric`` order, then any others by name.
func orderedMetricNames(_ present: Set<String>, first: String?) -> [String] {
    let known = BinaryMetric.allCases.map(\.name)
    var names = known.filter(present.contains)
    names += present.subtracting(names).sorted()
    if let first, let i = names.firstIndex(of: first) { names.insert(names.remove(at: i), at: 0) }
    return names
}

/// The display name of a resampler as specs name it: `SMOTE-Tomek`, `SMOTE`, `no resampling`.
func resamplerName(_ raw: String) -> String {
    switch raw {
    case "smote-tomek": "SMOTE-Tomek"
    case "smote": "SMOTE"
    case "none": "no resampling"
    default: Markdown.escape(raw)
    }
}
