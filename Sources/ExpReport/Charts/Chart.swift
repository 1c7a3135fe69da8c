/// A chart that draws itself into a rectangle of an ``SVGWriter``; ``svg()`` makes it a
/// standalone document. Every chart is a value: the same chart always gives the same bytes.
public protocol Chart: Sendable {
    /// The title drawn at the top and used as the document's `<title>`.
    var title: String { get }
    /// The size of the standalone document.
    var size: ChartSize { get }
    /// Draws the chart inside `frame`.
    func draw(into svg: inout SVGWriter, frame: Rect)
}

/// The width and height of a chart document, in SVG user units (pixels at 100 %).
public struct ChartSize: Sendable, Hashable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public static let standard = ChartSize(width: 640, height: 400)
}

extension Chart {
    /// The chart as a complete SVG document.
    public func svg() -> String {
        var writer = SVGWriter(width: size.width, height: size.height)
        draw(into: &writer, frame: Rect(x: 0, y: 0, width: size.width, height: size.height))
        return writer.document(title: title)
    }
}

/// One entry of a chart legend.
public struct LegendItem: Sendable, Hashable {
    /// How the entry's key is drawn.
    public enum Kind: Sendable, Hashable {
        /// A filled square (bars, areas, heatmap cells).
        case swatch
        /// A line segment, solid or dashed.
        case line(dashed: Bool)
        /// A dot.
        case marker
        /// A ring (a hollow marker).
        case ring
    }

    public var name: String
    public var color: String
    public var kind: Kind

    public init(_ name: String, color: String, kind: Kind) {
        self.name = name
        self.color = color
        self.kind = kind
    }
}

/// Font sizes and text measurement shared by the charts.
enum ChartText {
    static let titleSize = 14.0
    static let subtitleSize = 11.0
    static let axisTitleSize = 12.0
    static let tickSize = 10.5
    static let legendSize = 11.0

    /// An estimate of the rendered width of `text` (DejaVu Sans averages ~0.58 em per glyph).
    static func width(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.58
    }

    /// `text` cut to `maxCharacters` with an ellipsis.
    static func truncate(_ text: String, _ maxCharacters: Int) -> String {
        text.count <= maxCharacters ? text : String(text.prefix(max(1, maxCharacters - 1))) + "…"
    }
}

/// The common frame of a chart: title, subtitle, legend and axis titles around a plot area.
struct ChartChrome {
    var title: String
    var subtitle: String?
    var legend: [LegendItem] = []
    var xLabel: String?
    var yLabel: String?

    /// Where each legend item goes: its row and x offset.
    func legendLayout(width: Double) -> [(item: LegendItem, row: Int, x: Double)] {
        var placed: [(LegendItem, Int, Double)] = []
        var row = 0
        var x = 0.0
        for item in legend {
            let w = 22 + ChartText.width(item.name, size: ChartText.legendSize) + 14
            if x > 0 && x + w > width {
                row += 1
                x = 0
            }
            placed.append((item, row, x))
            x += w
        }
        return placed
    }

    /// Draws the chrome and returns the plot area, leaving `left`, `bottom` and `right` pixels
    /// between the plot area and the axis titles for tick labels.
    func draw(into svg: inout SVGWriter, frame: Rect, left: Double, bottom: Double, right: Double = 18) -> Rect {
        var top = frame.y + 8
        let textX = frame.x + 10
        svg.text(title, at: Point(textX, top + ChartText.titleSize), size: ChartText.titleSize, weight: "bold",
                 className: "title")
        top += ChartText.titleSize + 8
        if let subtitle {
            svg.text(subtitle, at: Point(textX, top + ChartText.subtitleSize), size: ChartText.subtitleSize,
                     fill: Palette.mutedText, className: "subtitle")
            top += ChartText.subtitleSize + 7
        }
        let placed = legendLayout(width: frame.width - 20)
        if !placed.isEmpty {
            svg.open("g", [("class", "legend")])
            for (item, row, x) in placed {
                let y = top + 4 + Double(row) * 18 + 6
                let keyX = textX + x
                switch item.kind {
                case .swatch:
                    svg.rect(Rect(x: keyX, y: y - 6, width: 14, height: 12), fill: item.color, opacity: 0.85)
                case .line(let dashed):
                    svg.line(from: Point(keyX, y), to: Point(keyX + 16, y), stroke: item.color, width: 2,
                             dash: dashed ? "5 3" : nil)
                case .marker:
                    svg.circle(Point(keyX + 7, y), radius: 4, fill: item.color)
                case .ring:
                    svg.circle(Point(keyX + 7, y), radius: 4.5, fill: "none", stroke: item.color, strokeWidth: 2)
                }
                svg.text(item.name, at: Point(keyX + 22, y), size: ChartText.legendSize, middle: true)
            }
            svg.close("g")
            top += Double((placed.last?.row ?? 0) + 1) * 18 + 6
        }
        top += 6
        let plotLeft = frame.x + 10 + (yLabel == nil ? 0 : 20) + left
        let plotBottom = frame.maxY - 8 - (xLabel == nil ? 0 : 20) - bottom
        let plot = Rect(x: plotLeft, y: top, width: max(10, frame.maxX - right - plotLeft),
                        height: max(10, plotBottom - top))
        if let yLabel {
            let x = frame.x + 10 + ChartText.axisTitleSize
            svg.text(yLabel, at: Point(x, plot.midY), size: ChartText.axisTitleSize, anchor: .middle, rotation: -90,
                     className: "axis-title-y")
        }
        if let xLabel {
            svg.text(xLabel, at: Point(plot.midX, frame.maxY - 10), size: ChartText.axisTitleSize, anchor: .middle,
                     className: "axis-title-x")
        }
        return plot
    }
}

/// Axis lines, ticks, tick labels and grid lines.
enum AxisPainter {
    /// The widest of `labels` at tick size, plus the gap to the axis.
    static func gutter(for labels: [String]) -> Double {
        (labels.map { ChartText.width($0, size: ChartText.tickSize) }.max() ?? 0) + 10
    }

    static func plotBackground(_ svg: inout SVGWriter, _ plot: Rect) {
        svg.rect(plot, fill: "#ffffff", className: "plot-area")
    }

    /// A numeric y axis on the left of `plot`, with horizontal grid lines.
    static func yAxis(_ svg: inout SVGWriter, plot: Rect, scale: LinearScale, ticks: [(value: Double, label: String)],
                      grid: Bool = true) {
        svg.open("g", [("class", "axis-y")])
        for tick in ticks {
            let y = scale(tick.value)
            if grid { svg.line(from: Point(plot.x, y), to: Point(plot.maxX, y), stroke: Palette.grid, className: "grid") }
            svg.line(from: Point(plot.x - 4, y), to: Point(plot.x, y), stroke: Palette.axis, className: "tick-y")
            svg.text(tick.label, at: Point(plot.x - 7, y), size: ChartText.tickSize, anchor: .end, middle: true,
                     className: "tick-label-y")
        }
        svg.line(from: Point(plot.x, plot.y), to: Point(plot.x, plot.maxY), stroke: Palette.axis, className: "axis")
        svg.close("g")
    }

    /// A numeric x axis under `plot`, with optional vertical grid lines.
    static func xAxis(_ svg: inout SVGWriter, plot: Rect, scale: LinearScale, ticks: [(value: Double, label: String)],
                      grid: Bool = false) {
        svg.open("g", [("class", "axis-x")])
        for tick in ticks {
            let x = scale(tick.value)
            if grid { svg.line(from: Point(x, plot.y), to: Point(x, plot.maxY), stroke: Palette.grid, className: "grid") }
            svg.line(from: Point(x, plot.maxY), to: Point(x, plot.maxY + 4), stroke: Palette.axis, className: "tick-x")
            svg.text(tick.label, at: Point(x, plot.maxY + 16), size: ChartText.tickSize, anchor: .middle,
                     className: "tick-label-x")
        }
        svg.line(from: Point(plot.x, plot.maxY), to: Point(plot.maxX, plot.maxY), stroke: Palette.axis, className: "axis")
        svg.close("g")
    }

    /// Whether category labels along x need rotating to fit their bands.
    static func rotateCategoryLabels(_ labels: [String], bandWidth: Double) -> Bool {
        labels.contains { ChartText.width($0, size: ChartText.tickSize) > bandWidth - 4 }
    }

    /// The height category labels take under the plot.
    static func categoryLabelHeight(_ labels: [String], rotated: Bool) -> Double {
        guard rotated else { return 20 }
        let longest = labels.map { ChartText.width($0, size: ChartText.tickSize) }.max() ?? 0
        return min(160, longest * 0.71 + 16)
    }

    /// Category labels under the plot at `centers`, rotated by -45° when `rotated`.
    static func xCategories(_ svg: inout SVGWriter, plot: Rect, centers: [Double], labels: [String], rotated: Bool,
                            fullLabels: [String]? = nil) {
        svg.open("g", [("class", "axis-x")])
        for (i, x) in centers.enumerated() {
            svg.line(from: Point(x, plot.maxY), to: Point(x, plot.maxY + 4), stroke: Palette.axis, className: "tick-x")
            let tip = fullLabels.map { $0[i] }.flatMap { $0 == labels[i] ? nil : $0 }
            if rotated {
                svg.text(labels[i], at: Point(x + 3, plot.maxY + 12), size: ChartText.tickSize, anchor: .end,
                         rotation: -45, className: "tick-label-x", tooltip: tip)
            } else {
                svg.text(labels[i], at: Point(x, plot.maxY + 16), size: ChartText.tickSize, anchor: .middle,
                         className: "tick-label-x", tooltip: tip)
            }
        }
        svg.line(from: Point(plot.x, plot.maxY), to: Point(plot.maxX, plot.maxY), stroke: Palette.axis, className: "axis")
        svg.close("g")
    }

    /// Category labels left of the plot at `centers`.
    static func yCategories(_ svg: inout SVGWriter, plot: Rect, centers: [Double], labels: [String],
                            fullLabels: [String]? = nil) {
        svg.open("g", [("class", "axis-y")])
        for (i, y) in centers.enumerated() {
            let tip = fullLabels.map { $0[i] }.flatMap { $0 == labels[i] ? nil : $0 }
            svg.text(labels[i], at: Point(plot.x - 7, y), size: ChartText.tickSize, anchor: .end, middle: true,
                     className: "tick-label-y", tooltip: tip)
        }
        svg.line(from: Point(plot.x, plot.y), to: Point(plot.x, plot.maxY), stroke: Palette.axis, className: "axis")
        svg.close("g")
    }
}
