/// A heatmap of a matrix (e.g. correlations) with row and column labels, optional values in the
/// cells and a colour-scale legend on the right.
public struct HeatmapChart: Chart {
    public var title: String
    public var subtitle: String?
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`; NaN cells are grey.
    public var values: [[Double]]
    public var colorScale: ColorScale
    /// The title of the colour legend.
    public var scaleLabel: String
    public var showValues: Bool
    public var valueDecimals: Int
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, rowLabels: [String], columnLabels: [String],
                values: [[Double]], colorScale: ColorScale = .diverging(), scaleLabel: String = "",
                showValues: Bool = true, valueDecimals: Int = 2, size: ChartSize? = nil) {
        precondition(values.count == rowLabels.count && values.allSatisfy { $0.count == columnLabels.count },
                     "the heatmap's values must be rows × columns")
        self.title = title
        self.subtitle = subtitle
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.colorScale = colorScale
        self.scaleLabel = scaleLabel
        self.showValues = showValues
        self.valueDecimals = valueDecimals
        self.size = size ?? ChartSize(width: 760, height: max(360, 200 + 34 * Double(rowLabels.count)))
    }

    static let maxLabelCharacters = 26

    public func draw(into svg: inout SVGWriter, frame: Rect) {
        let rows = rowLabels.map { ChartText.truncate($0, Self.maxLabelCharacters) }
        let columns = columnLabels.map { ChartText.truncate($0, Self.maxLabelCharacters) }
        let legendWidth = 80.0
        let chrome = ChartChrome(title: title, subtitle: subtitle)
        let bottom = AxisPainter.categoryLabelHeight(columns, rotated: true)
        svg.open("g", [("class", "chart heatmap")])
        let area = chrome.draw(into: &svg, frame: frame, left: AxisPainter.gutter(for: rows), bottom: bottom,
                               right: 18 + legendWidth)
        let n = Double(max(1, columnLabels.count)), m = Double(max(1, rowLabels.count))
        let cell = max(4, min(area.width / n, area.height / m))
        let plot = Rect(x: area.x, y: area.y, width: cell * n, height: cell * m)
        svg.rect(plot, fill: "#ffffff", className: "plot-area")
        let valueSize = min(ChartText.tickSize, cell * 0.3)
        for (r, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                let box = Rect(x: plot.x + Double(c) * cell, y: plot.y + Double(r) * cell, width: cell, height: cell)
                let text = v.isNaN ? "n/a" : ReportNumber.fixed(v, decimals: valueDecimals)
                svg.rect(box, fill: colorScale.color(v), stroke: "#ffffff", strokeWidth: 1, className: "cell",
                         tooltip: "\(rowLabels[r]) × \(columnLabels[c]): \(text)")
                if showValues && cell >= 18 {
                    let ink = v.isNaN || colorScale.rgb(v).lightness > 0.55 ? Palette.text : "#ffffff"
                    svg.text(text, at: Point(box.midX, box.midY), size: valueSize, anchor: .middle, fill: ink,
                             middle: true, className: "cell-value")
                }
            }
        }
        svg.open("g", [("class", "axis-y")])
        for (r, label) in rows.enumerated() {
            svg.text(label, at: Point(plot.x - 7, plot.y + (Double(r) + 0.5) * cell), size: ChartText.tickSize,
                     anchor: .end, middle: true, className: "tick-label-y",
                     tooltip: label == rowLabels[r] ? nil : rowLabels[r])
        }
        svg.close("g")
        svg.open("g", [("class", "axis-x")])
        for (c, label) in columns.enumerated() {
            let x = plot.x + (Double(c) + 0.5) * cell
            svg.text(label, at: Point(x + 3, plot.maxY + 12), size: ChartText.tickSize, anchor: .end, rotation: -45,
                     className: "tick-label-x", tooltip: label == columnLabels[c] ? nil : columnLabels[c])
        }
        svg.close("g")
        drawScaleLegend(&svg, x: plot.maxX + 24, top: plot.y, height: min(plot.height, 240))
        svg.close("g")
    }

    /// The colour bar: a vertical gradient with nice ticks.
    private func drawScaleLegend(_ svg: inout SVGWriter, x: Double, top: Double, height: Double) {
        let stops = colorScale.stops.indices.map {
            (offset: Double($0) / Double(colorScale.stops.count - 1), color: colorScale.stops[$0].hex)
        }
        let id = svg.verticalGradient(stops: stops)
        svg.open("g", [("class", "color-legend")])
        if !scaleLabel.isEmpty {
            svg.text(scaleLabel, at: Point(x, top - 6), size: ChartText.tickSize, className: "legend-title")
        }
        let bar = Rect(x: x, y: top, width: 14, height: height)
        svg.rect(bar, fill: "url(#\(id))", stroke: "#999999", strokeWidth: 0.5, className: "color-bar")
        let nice = NiceScale(minimum: colorScale.lower, maximum: colorScale.upper, targetTicks: 5)
        let scale = LinearScale(domain: colorScale.lower...colorScale.upper, range: (bar.maxY, bar.y))
        for tick in nice.ticks(within: colorScale.lower...colorScale.upper) {
            let y = scale(tick.value)
            svg.line(from: Point(bar.maxX, y), to: Point(bar.maxX + 4, y), stroke: Palette.axis, className: "tick-y")
            svg.text(tick.label, at: Point(bar.maxX + 7, y), size: ChartText.tickSize, middle: true, className: "tick-label-y")
        }
        svg.close("g")
    }
}
