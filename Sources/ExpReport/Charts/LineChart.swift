/// A line chart with several series over a numeric or categorical x axis: learning curves,
/// marginal effects with error bars, ROC and precision–recall curves with reference lines.
///
/// ```swift
/// var roc = LineChart(title: "ROC curve", xLabel: "false-positive rate", yLabel: "true-positive rate",
///                     series: [.init("trial 3 (AUC 0.912)", points: zip(fpr, tpr).map { .init($0, $1) })])
/// roc.xDomain = 0...1
/// roc.yDomain = 0...1
/// roc.references = [.init(from: (0, 0), to: (1, 1), label: "chance")]
/// ```
public struct LineChart: Chart {
    public struct DataPoint: Sendable, Hashable {
        public var x: Double
        public var y: Double
        /// An error bar from `low` to `high`, if both are set.
        public var low: Double?
        public var high: Double?

        public init(_ x: Double, _ y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable, Hashable {
        public var name: String
        public var points: [DataPoint]
        public var color: String?
        public var dashed: Bool
        /// Draw the connecting line.
        public var showLine: Bool
        /// Draw a dot at every point.
        public var showMarkers: Bool
        /// Connect points as a step function (horizontal, then vertical), as for a
        /// precision–recall curve.
        public var step: Bool
        /// Draw markers as rings rather than dots (to mark points on top of other series).
        public var hollowMarkers: Bool

        public init(_ name: String, points: [DataPoint], color: String? = nil, dashed: Bool = false,
                    showLine: Bool = true, showMarkers: Bool = false, step: Bool = false, hollowMarkers: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
            self.showLine = showLine
            self.showMarkers = showMarkers
            self.step = step
            self.hollowMarkers = hollowMarkers
        }
    }

    /// A straight reference line in data coordinates (the chance diagonal, a baseline).
    public struct Reference: Sendable, Hashable {
        public var from: Point
        public var to: Point
        public var label: String?

        public init(from: (Double, Double), to: (Double, Double), label: String? = nil) {
            self.from = Point(from.0, from.1)
            self.to = Point(to.0, to.1)
            self.label = label
        }
    }

    public enum XAxis: Sendable, Hashable {
        case numeric
        /// Category i sits at x = i; points use their index as x.
        case categorical([String])
    }

    public var title: String
    public var subtitle: String?
    public var xLabel: String?
    public var yLabel: String?
    public var series: [Series]
    public var xAxis: XAxis
    /// A fixed x domain (numeric axis); nil to fit the data with nice ticks.
    public var xDomain: ClosedRange<Double>?
    /// A fixed y domain; nil to fit the data (and error bars) with nice ticks.
    public var yDomain: ClosedRange<Double>?
    public var references: [Reference]
    /// Only integer ticks on the x axis (epochs).
    public var integerX: Bool
    public var showLegend: Bool
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                series: [Series], xAxis: XAxis = .numeric, xDomain: ClosedRange<Double>? = nil,
                yDomain: ClosedRange<Double>? = nil, references: [Reference] = [], integerX: Bool = false,
                showLegend: Bool = true, size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xAxis = xAxis
        self.xDomain = xDomain
        self.yDomain = yDomain
        self.references = references
        self.integerX = integerX
        self.showLegend = showLegend
        self.size = size
    }

    /// The x domain and its ticks.
    func xScaleAndTicks() -> (domain: ClosedRange<Double>, ticks: [(value: Double, label: String)]) {
        if case .categorical(let labels) = xAxis {
            return (-0.5...(Double(max(1, labels.count)) - 0.5), labels.indices.map { (Double($0), labels[$0]) })
        }
        if let xDomain {
            let nice = NiceScale(minimum: xDomain.lowerBound, maximum: xDomain.upperBound, targetTicks: 6)
            return (xDomain, filterIntegers(nice.ticks(within: xDomain)))
        }
        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
            + references.flatMap { [$0.from.x, $0.to.x] }
        let nice = NiceScale(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1, targetTicks: 7)
        // The data's own range (curves start at their first epoch); a single value gets the nice range.
        let domain = (xs.min() ?? 0) < (xs.max() ?? 1) ? (xs.min() ?? 0)...(xs.max() ?? 1) : nice.lower...nice.upper
        return (domain, filterIntegers(nice.ticks(within: domain)))
    }

    private func filterIntegers(_ ticks: [(value: Double, label: String)]) -> [(value: Double, label: String)] {
        integerX ? ticks.filter { $0.value == $0.value.rounded() } : ticks
    }

    /// The y domain and its ticks.
    func yScaleAndTicks() -> (domain: ClosedRange<Double>, ticks: [(value: Double, label: String)]) {
        if let yDomain {
            let nice = NiceScale(minimum: yDomain.lowerBound, maximum: yDomain.upperBound, targetTicks: 6)
            return (yDomain, nice.ticks(within: yDomain))
        }
        var ys: [Double] = []
        for s in series {
            for p in s.points {
                ys.append(p.y)
                if let low = p.low, let high = p.high { ys += [low, high] }
            }
        }
        ys += references.flatMap { [$0.from.y, $0.to.y] }
        ys = ys.filter(\.isFinite)
        let nice = NiceScale(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1, targetTicks: 6)
        return (nice.lower...nice.upper, nice.ticks(within: nice.lower...nice.upper))
    }

    /// The plot area this chart uses inside `frame` (for geometry checks).
    public func plotArea(in frame: Rect) -> Rect {
        var scratch = SVGWriter(width: frame.width, height: frame.height)
        return layout(&scratch, frame: frame)
    }

    private func colors() -> [String] { series.indices.map { series[$0].color ?? Palette.color($0) } }

    private func layout(_ svg: inout SVGWriter, frame: Rect) -> Rect {
        let colors = colors()
        var legend: [LegendItem] = []
        if showLegend {
            legend = series.indices.map {
                LegendItem(series[$0].name, color: colors[$0],
                           kind: series[$0].showLine ? .line(dashed: series[$0].dashed)
                               : (series[$0].hollowMarkers ? .ring : .marker))
            }
            legend += references.compactMap { r in r.label.map { LegendItem($0, color: Palette.reference, kind: .line(dashed: true)) } }
        }
        let chrome = ChartChrome(title: title, subtitle: subtitle, legend: legend, xLabel: xLabel, yLabel: yLabel)
        let (_, yTicks) = yScaleAndTicks()
        var bottom = 20.0
        if case .categorical(let labels) = xAxis {
            let band = (frame.width - 100) / Double(max(1, labels.count))
            bottom = AxisPainter.categoryLabelHeight(labels, rotated: AxisPainter.rotateCategoryLabels(labels, bandWidth: band))
        }
        return chrome.draw(into: &svg, frame: frame, left: AxisPainter.gutter(for: yTicks.map(\.label)), bottom: bottom)
    }

    public func draw(into svg: inout SVGWriter, frame: Rect) {
        svg.open("g", [("class", "chart line-chart")])
        let plot = layout(&svg, frame: frame)
        AxisPainter.plotBackground(&svg, plot)
        let (xDomain, xTicks) = xScaleAndTicks()
        let (yDomain, yTicks) = yScaleAndTicks()
        let x = LinearScale(domain: xDomain, range: (plot.x, plot.maxX))
        let y = LinearScale(domain: yDomain, range: (plot.maxY, plot.y))
        AxisPainter.yAxis(&svg, plot: plot, scale: y, ticks: yTicks)
        if case .numeric = xAxis {
            for tick in xTicks {
                svg.line(from: Point(x(tick.value), plot.y), to: Point(x(tick.value), plot.maxY), stroke: Palette.grid,
                         className: "grid")
            }
        }
        for r in references {
            svg.line(from: Point(x(r.from.x), y(r.from.y)), to: Point(x(r.to.x), y(r.to.y)), stroke: Palette.reference,
                     width: 1.2, dash: "5 4", className: "reference")
        }
        let colors = colors()
        for (i, s) in series.enumerated() {
            svg.open("g", [("class", "series-group")])
            // Error bars first, so lines and markers sit on top.
            for p in s.points {
                guard let low = p.low, let high = p.high, low.isFinite, high.isFinite, p.x.isFinite else { continue }
                let px = x(p.x)
                svg.line(from: Point(px, y(low)), to: Point(px, y(high)), stroke: colors[i], width: 1.2, className: "error-bar")
                for v in [low, high] {
                    svg.line(from: Point(px - 4, y(v)), to: Point(px + 4, y(v)), stroke: colors[i], width: 1.2,
                             className: "error-bar")
                }
            }
            if s.showLine {
                for segment in Self.segments(s.points) {
                    var pixels = segment.map { Point(x($0.x), y($0.y)) }
                    if s.step { pixels = Self.steps(pixels) }
                    svg.polyline(Self.decimate(pixels), stroke: colors[i], width: 1.8, dash: s.dashed ? "6 3" : nil,
                                 className: "series")
                }
            }
            if s.showMarkers {
                for p in s.points where p.x.isFinite && p.y.isFinite {
                    svg.circle(Point(x(p.x), y(p.y)), radius: s.hollowMarkers ? 5.5 : 3.5,
                               fill: s.hollowMarkers ? "none" : colors[i], stroke: s.hollowMarkers ? colors[i] : "#ffffff",
                               strokeWidth: s.hollowMarkers ? 2 : 1, className: "marker",
                               tooltip: "\(s.name): \(ReportNumber.significant(p.y, digits: 4))")
                }
            }
            svg.close("g")
        }
        if case .categorical(let labels) = xAxis {
            let band = plot.width / Double(max(1, labels.count))
            let shown = labels.map { ChartText.truncate($0, 24) }
            AxisPainter.xCategories(&svg, plot: plot, centers: labels.indices.map { x(Double($0)) }, labels: shown,
                                    rotated: AxisPainter.rotateCategoryLabels(shown, bandWidth: band), fullLabels: labels)
        } else {
            AxisPainter.xAxis(&svg, plot: plot, scale: x, ticks: xTicks)
        }
        svg.close("g")
    }

    /// The runs of consecutive points with finite coordinates (a NaN breaks the line).
    static func segments(_ points: [DataPoint]) -> [[DataPoint]] {
        var out: [[DataPoint]] = []
        var current: [DataPoint] = []
        for p in points {
            if p.x.isFinite && p.y.isFinite {
                current.append(p)
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A step path through `points`: from each point horizontally to the next x, then vertically.
    static func steps(_ points: [Point]) -> [Point] {
        guard var previous = points.first else { return [] }
        var out = [previous]
        for p in points.dropFirst() {
            out.append(Point(p.x, previous.y))
            out.append(p)
            previous = p
        }
        return out
    }

    /// Drops points within half a pixel of the last kept point (both coordinates), keeping the
    /// first and last, so a curve through thousands of thresholds stays a small file.
    static func decimate(_ points: [Point]) -> [Point] {
        guard points.count > 2, let last = points.last, let first = points.first else { return points }
        var out = [first]
        var kept = first
        for p in points.dropFirst().dropLast() where abs(p.x - kept.x) >= 0.5 || abs(p.y - kept.y) >= 0.5 {
            out.append(p)
            kept = p
        }
        out.append(last)
        return out
    }
}
