/// A strip plot with boxes: one column per group (e.g. a trial), every value as a dot (spread
/// sideways in a fixed pattern, never randomly), over a box from the lower to the upper
/// quartile with the median marked and whiskers to the extremes.
public struct StripChart: Chart {
    public struct Group: Sendable, Hashable {
        public var label: String
        public var values: [Double]

        public init(_ label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    /// The box of one group.
    public struct Box: Sendable, Equatable {
        public var minimum: Double
        public var lowerQuartile: Double
        public var median: Double
        public var upperQuartile: Double
        public var maximum: Double
    }

    public var title: String
    public var subtitle: String?
    public var xLabel: String?
    public var yLabel: String?
    public var groups: [Group]
    public var showBoxes: Bool
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                groups: [Group], showBoxes: Bool = true, size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.groups = groups
        self.showBoxes = showBoxes
        self.size = size
    }

    /// The box of `values` (quartiles by linear interpolation); nil when none is finite.
    public static func box(_ values: [Double]) -> Box? {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        return Box(minimum: first, lowerQuartile: Statistics.quantile(sorted: sorted, 0.25),
                   median: Statistics.quantile(sorted: sorted, 0.5),
                   upperQuartile: Statistics.quantile(sorted: sorted, 0.75), maximum: last)
    }

    public func draw(into svg: inout SVGWriter, frame: Rect) {
        let all = groups.flatMap(\.values).filter(\.isFinite)
        let nice = NiceScale(minimum: all.min() ?? 0, maximum: all.max() ?? 1, targetTicks: 6)
        let ticks = nice.ticks(within: nice.lower...nice.upper)
        let labels = groups.map { ChartText.truncate($0.label, 24) }
        let band0 = (frame.width - 100) / Double(max(1, groups.count))
        let rotated = AxisPainter.rotateCategoryLabels(labels, bandWidth: band0)
        var legend = [LegendItem("value per fold", color: Palette.color(0), kind: .marker)]
        if showBoxes { legend.append(LegendItem("quartiles and median", color: "#BBBBBB", kind: .swatch)) }
        let chrome = ChartChrome(title: title, subtitle: subtitle, legend: legend, xLabel: xLabel, yLabel: yLabel)
        svg.open("g", [("class", "chart strip-chart")])
        let plot = chrome.draw(into: &svg, frame: frame, left: AxisPainter.gutter(for: ticks.map(\.label)),
                               bottom: AxisPainter.categoryLabelHeight(labels, rotated: rotated))
        AxisPainter.plotBackground(&svg, plot)
        let y = LinearScale(domain: nice.lower...nice.upper, range: (plot.maxY, plot.y))
        AxisPainter.yAxis(&svg, plot: plot, scale: y, ticks: ticks)
        let band = BandScale(count: groups.count, start: plot.x, end: plot.maxX, padding: 0.3)
        for (i, group) in groups.enumerated() {
            let center = band.center(i)
            let halfBox = min(28, band.bandwidth / 2)
            if showBoxes, let box = Self.box(group.values) {
                svg.line(from: Point(center, y(box.minimum)), to: Point(center, y(box.maximum)), stroke: Palette.reference,
                         className: "whisker")
                svg.rect(Rect(x: center - halfBox, y: y(box.upperQuartile), width: 2 * halfBox,
                              height: y(box.lowerQuartile) - y(box.upperQuartile)),
                         fill: "#DDDDDD", stroke: "#999999", opacity: 0.8, className: "box")
                svg.line(from: Point(center - halfBox, y(box.median)), to: Point(center + halfBox, y(box.median)),
                         stroke: Palette.axis, width: 2, className: "median")
            }
            let finite = group.values.filter(\.isFinite)
            let spread = min(halfBox * 0.8, 6 * Double(max(0, finite.count - 1)))
            for (k, v) in finite.enumerated() {
                let offset = finite.count > 1 ? -spread / 2 + spread * Double(k) / Double(finite.count - 1) : 0
                svg.circle(Point(center + offset, y(v)), radius: 3.5, fill: Palette.color(0), stroke: "#ffffff",
                           opacity: 0.9, className: "marker", tooltip: "\(group.label): \(ReportNumber.significant(v, digits: 4))")
            }
        }
        AxisPainter.xCategories(&svg, plot: plot, centers: groups.indices.map(band.center), labels: labels,
                                rotated: rotated, fullLabels: groups.map(\.label))
        svg.close("g")
    }
}
