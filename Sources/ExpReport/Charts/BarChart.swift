/// A bar chart, vertical (categories along x) or horizontal (categories down the y axis, first
/// bar at the top), with a value axis that always includes zero and value labels on the bars.
///
/// ```swift
/// let chart = BarChart(title: "Class balance", bars: [.init("0", 6599), .init("1", 220)],
///                      valueLabel: "rows")
/// let svg = chart.svg()
/// ```
public struct BarChart: Chart {
    public enum Orientation: Sendable {
        case vertical, horizontal
    }

    public struct Bar: Sendable, Hashable {
        public var label: String
        public var value: Double
        /// The bar colour (default: the first palette colour).
        public var color: String?
        /// The text written at the end of the bar (default: the value to 3 significant digits).
        public var annotation: String?

        public init(_ label: String, _ value: Double, color: String? = nil, annotation: String? = nil) {
            self.label = label
            self.value = value
            self.color = color
            self.annotation = annotation
        }
    }

    public var title: String
    public var subtitle: String?
    public var bars: [Bar]
    public var orientation: Orientation
    /// The title of the value axis.
    public var valueLabel: String?
    /// The title of the category axis.
    public var categoryLabel: String?
    public var legend: [LegendItem]
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, bars: [Bar], orientation: Orientation = .vertical,
                valueLabel: String? = nil, categoryLabel: String? = nil, legend: [LegendItem] = [],
                size: ChartSize? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.bars = bars
        self.orientation = orientation
        self.valueLabel = valueLabel
        self.categoryLabel = categoryLabel
        self.legend = legend
        self.size = size ?? (orientation == .horizontal
            ? ChartSize(width: 720, height: max(240, 110 + 20 * Double(bars.count))) : .standard)
    }

    /// The value axis: nice ticks over the finite values and zero.
    public var valueScale: NiceScale {
        let finite = bars.map(\.value).filter(\.isFinite)
        return NiceScale(minimum: finite.min() ?? 0, maximum: finite.max() ?? 1, targetTicks: 6, includeZero: true)
    }

    static let maxLabelCharacters = 40

    func annotation(_ bar: Bar) -> String {
        bar.annotation ?? ReportNumber.significant(bar.value, digits: 3)
    }

    public func draw(into svg: inout SVGWriter, frame: Rect) {
        let nice = valueScale
        let ticks = nice.ticks(within: nice.lower...nice.upper)
        let labels = bars.map { ChartText.truncate($0.label, Self.maxLabelCharacters) }
        let chrome = ChartChrome(title: title, subtitle: subtitle, legend: legend,
                                 xLabel: orientation == .vertical ? categoryLabel : valueLabel,
                                 yLabel: orientation == .vertical ? valueLabel : categoryLabel)
        svg.open("g", [("class", "chart bar-chart")])
        switch orientation {
        case .vertical:
            let left = AxisPainter.gutter(for: ticks.map(\.label))
            let provisionalBand = (frame.width - left - 60) / Double(max(1, bars.count)) * 0.8
            let rotated = AxisPainter.rotateCategoryLabels(labels, bandWidth: provisionalBand)
            let plot = chrome.draw(into: &svg, frame: frame, left: left,
                                   bottom: AxisPainter.categoryLabelHeight(labels, rotated: rotated))
            AxisPainter.plotBackground(&svg, plot)
            let y = LinearScale(domain: nice.lower...nice.upper, range: (plot.maxY, plot.y))
            AxisPainter.yAxis(&svg, plot: plot, scale: y, ticks: ticks)
            let band = BandScale(count: bars.count, start: plot.x, end: plot.maxX, padding: 0.25)
            let zero = y(0)
            for (i, bar) in bars.enumerated() where bar.value.isFinite {
                let top = min(zero, y(bar.value)), height = abs(zero - y(bar.value))
                svg.rect(Rect(x: band.bandStart(i), y: top, width: band.bandwidth, height: height),
                         fill: bar.color ?? Palette.color(0), className: "bar", tooltip: "\(bar.label): \(annotation(bar))")
                let textY = bar.value >= 0 ? top - 4 : top + height + 12
                svg.text(annotation(bar), at: Point(band.center(i), textY), size: ChartText.tickSize, anchor: .middle,
                         className: "bar-value")
            }
            svg.line(from: Point(plot.x, zero), to: Point(plot.maxX, zero), stroke: Palette.axis, className: "zero")
            AxisPainter.xCategories(&svg, plot: plot, centers: bars.indices.map(band.center), labels: labels,
                                    rotated: rotated, fullLabels: bars.map(\.label))
        case .horizontal:
            let left = AxisPainter.gutter(for: labels)
            let longestValue = bars.map { ChartText.width(annotation($0), size: ChartText.tickSize) }.max() ?? 0
            let plot = chrome.draw(into: &svg, frame: frame, left: left, bottom: 20, right: 18 + longestValue + 6)
            AxisPainter.plotBackground(&svg, plot)
            let x = LinearScale(domain: nice.lower...nice.upper, range: (plot.x, plot.maxX))
            AxisPainter.xAxis(&svg, plot: plot, scale: x, ticks: ticks, grid: true)
            let band = BandScale(count: bars.count, start: plot.y, end: plot.maxY, padding: 0.25)
            let zero = x(0)
            for (i, bar) in bars.enumerated() where bar.value.isFinite {
                let start = min(zero, x(bar.value)), width = abs(x(bar.value) - zero)
                svg.rect(Rect(x: start, y: band.bandStart(i), width: width, height: band.bandwidth),
                         fill: bar.color ?? Palette.color(0), className: "bar", tooltip: "\(bar.label): \(annotation(bar))")
                let textX = bar.value >= 0 ? start + width + 4 : start - 4
                svg.text(annotation(bar), at: Point(textX, band.center(i)), size: ChartText.tickSize,
                         anchor: bar.value >= 0 ? .start : .end, middle: true, className: "bar-value")
            }
            svg.line(from: Point(zero, plot.y), to: Point(zero, plot.maxY), stroke: Palette.axis, className: "zero")
            AxisPainter.yCategories(&svg, plot: plot, centers: bars.indices.map(band.center), labels: labels,
                                    fullLabels: bars.map(\.label))
        }
        svg.close("g")
    }
}
