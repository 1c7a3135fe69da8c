/// Overlaid histograms of one variable for several groups (e.g. the two classes) over shared
/// bins, each normalised to the share of its group so that a rare class stays visible.
///
/// Bins span ``range`` (by default each group's values within Tukey's far-out fences, see
/// ``effectiveRange``); values outside it are counted in the edge bins and reported by
/// ``binning()``.
public struct HistogramChart: Chart {
    public struct Group: Sendable, Hashable {
        public var name: String
        public var values: [Double]
        public var color: String?

        public init(_ name: String, values: [Double], color: String? = nil) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    /// Shared bin edges and each group's counts.
    public struct Binning: Sendable, Equatable {
        /// `binCount + 1` ascending edges.
        public var edges: [Double]
        /// `counts[g][b]`: values of group g in bin b (NaN skipped, outliers in the edge bins).
        public var counts: [[Int]]
        /// Values of all groups below the first edge and above the last, counted in the edge bins.
        public var clippedBelow: Int
        public var clippedAbove: Int
    }

    public var title: String
    public var subtitle: String?
    public var xLabel: String?
    public var groups: [Group]
    public var binCount: Int
    /// The binned range; nil for ``effectiveRange``'s default.
    public var range: ClosedRange<Double>?
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, xLabel: String? = nil, groups: [Group], binCount: Int = 30,
                range: ClosedRange<Double>? = nil, size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.groups = groups
        self.binCount = max(1, binCount)
        self.range = range
        self.size = size
    }

    /// The binned range: ``range``, else the union over the groups of each group's values within
    /// Tukey's far-out fences (3 interquartile ranges beyond the quartiles), which keeps a few
    /// huge cells from squeezing the body into one bin while a rare group's body stays inside;
    /// min–max when that range is empty, widened by 0.5 on each side when all values are equal.
    public var effectiveRange: ClosedRange<Double> {
        if let range { return range }
        let pooled = groups.flatMap(\.values).filter(\.isFinite).sorted()
        guard let first = pooled.first, let last = pooled.last else { return 0...1 }
        var lo = Double.infinity, hi = -Double.infinity
        for group in groups {
            let sorted = group.values.filter(\.isFinite).sorted()
            guard let low = sorted.first, let high = sorted.last else { continue }
            let q1 = Statistics.quantile(sorted: sorted, 0.25), q3 = Statistics.quantile(sorted: sorted, 0.75)
            let iqr = q3 - q1
            lo = min(lo, max(low, q1 - 3 * iqr))
            hi = max(hi, min(high, q3 + 3 * iqr))
        }
        if hi > lo { return lo...hi }
        if last > first { return first...last }
        return (first - 0.5)...(first + 0.5)
    }

    public func binning() -> Binning {
        let r = effectiveRange
        let lo = r.lowerBound, hi = r.upperBound
        let width = (hi - lo) / Double(binCount)
        let edges = (0...binCount).map { $0 == binCount ? hi : lo + Double($0) * width }
        var below = 0, above = 0
        let counts = groups.map { group -> [Int] in
            var c = [Int](repeating: 0, count: binCount)
            for v in group.values where v.isFinite {
                var b: Int
                if v < lo {
                    below += 1
                    b = 0
                } else if v > hi {
                    above += 1
                    b = binCount - 1
                } else {
                    b = width > 0 ? Int(((v - lo) / width).rounded(.down)) : 0
                    b = min(binCount - 1, max(0, b))
                }
                c[b] += 1
            }
            return c
        }
        return Binning(edges: edges, counts: counts, clippedBelow: below, clippedAbove: above)
    }

    public func draw(into svg: inout SVGWriter, frame: Rect) {
        let binning = binning()
        let shares = binning.counts.map { counts -> [Double] in
            let total = counts.reduce(0, +)
            return counts.map { total > 0 ? 100 * Double($0) / Double(total) : 0 }
        }
        let maxShare = shares.flatMap { $0 }.max() ?? 1
        let yNice = NiceScale(minimum: 0, maximum: max(maxShare, 1e-9), targetTicks: 5, includeZero: true)
        let yTicks = yNice.ticks(within: yNice.lower...yNice.upper)
        let r = effectiveRange
        let xNice = NiceScale(minimum: r.lowerBound, maximum: r.upperBound, targetTicks: 6)
        let xTicks = xNice.ticks(within: r)
        let colors = groups.indices.map { groups[$0].color ?? Palette.color($0) }
        let legend = groups.indices.map {
            LegendItem("\(groups[$0].name) (n = \(ReportNumber.integer(binning.counts[$0].reduce(0, +))))",
                       color: colors[$0], kind: .swatch)
        }
        let chrome = ChartChrome(title: title, subtitle: subtitle, legend: legend, xLabel: xLabel,
                                 yLabel: "share of group (%)")
        svg.open("g", [("class", "chart histogram")])
        let plot = chrome.draw(into: &svg, frame: frame, left: AxisPainter.gutter(for: yTicks.map(\.label)), bottom: 20)
        AxisPainter.plotBackground(&svg, plot)
        let x = LinearScale(domain: r, range: (plot.x, plot.maxX))
        let y = LinearScale(domain: yNice.lower...yNice.upper, range: (plot.maxY, plot.y))
        AxisPainter.yAxis(&svg, plot: plot, scale: y, ticks: yTicks)
        for (g, share) in shares.enumerated() {
            // A step outline over the bins, closed along the baseline.
            var outline: [Point] = [Point(x(binning.edges[0]), y(0))]
            for b in 0..<binCount {
                outline.append(Point(x(binning.edges[b]), y(share[b])))
                outline.append(Point(x(binning.edges[b + 1]), y(share[b])))
            }
            outline.append(Point(x(binning.edges[binCount]), y(0)))
            svg.polygon(outline, fill: colors[g], opacity: 0.3, className: "histogram-area")
            svg.polyline(outline, stroke: colors[g], width: 1.5, className: "series histogram-outline")
        }
        AxisPainter.xAxis(&svg, plot: plot, scale: x, ticks: xTicks)
        svg.close("g")
    }
}
