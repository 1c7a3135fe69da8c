import ExpCore
import Testing
@testable import ExpReport

/// One chart of every kind, as the reports draw them.
enum SampleCharts {
    static let roc: LineChart = {
        let labels = ReportFixtures.oofLabels, scores = ReportFixtures.oofPredictions
        let curve = (try? ROCCurve(labels: labels, scores: scores))
        return LineChart(title: "ROC curve", xLabel: "false-positive rate", yLabel: "true-positive rate",
                         series: [.init("trial 2", points: zip(curve?.falsePositiveRates ?? [], curve?.truePositiveRates ?? []).map { .init($0, $1) })],
                         xDomain: 0...1, yDomain: 0...1, references: [.init(from: (0, 0), to: (1, 1), label: "chance")],
                         size: ChartSize(width: 480, height: 440))
    }()

    static let precisionRecall: LineChart = {
        let curve = try? PrecisionRecallCurve(labels: ReportFixtures.oofLabels, scores: ReportFixtures.oofPredictions)
        return LineChart(title: "Precision–recall", xLabel: "recall", yLabel: "precision",
                         series: [.init("trial 2", points: zip(curve?.recalls ?? [], curve?.precisions ?? []).map { .init($0, $1) },
                                        step: true)],
                         xDomain: 0...1, yDomain: 0...1, references: [.init(from: (0, 0.2), to: (1, 0.2), label: "no skill")])
    }()

    static let verticalBars = BarChart(title: "Class balance", bars: [.init("0", 6599), .init("1", 220, color: Palette.positiveClass)],
                                       valueLabel: "rows", categoryLabel: "Bankrupt?")

    static let horizontalBars = BarChart(
        title: "Top features by F", bars: (0..<30).map { .init("feature number \($0) with a long name <&>", Double(300 - 9 * $0)) },
        orientation: .horizontal, valueLabel: "F-score")

    static let negativeBars = BarChart(title: "Signed", bars: [.init("a", -3), .init("b", 5), .init("c", 0)])

    static let histogram = HistogramChart(
        title: "Debt ratio %", xLabel: "value",
        groups: [.init("0", values: (0..<200).map { Double($0 % 37) / 37 }, color: Palette.negativeClass),
                 .init("1", values: (0..<20).map { 0.5 + Double($0) / 40 } + [1e10], color: Palette.positiveClass)])

    static let learningCurves = LineChart(
        title: "Training loss", xLabel: "epoch", yLabel: "loss",
        series: (0..<3).map { f in .init("fold \(f)", points: (1...12).map { .init(Double($0), 0.7 / Double($0) + 0.02 * Double(f)) }) },
        integerX: true)

    static let marginalEffect = LineChart(
        title: "hidden_layers", xLabel: "hidden_layers", yLabel: "roc_auc",
        series: [.init("mean ± std", points: [.init(0, 0.82, low: 0.78, high: 0.86), .init(1, 0.9, low: 0.89, high: 0.91)], showMarkers: true),
                 .init("best", points: [.init(0, 0.85), .init(1, 0.91)], showLine: false, showMarkers: true)],
        xAxis: .categorical(["[16]", "[32]"]))

    static let strip = StripChart(
        title: "roc_auc per fold", xLabel: "trial", yLabel: "roc_auc",
        groups: [.init("trial 2 (#1)", values: [0.91, 0.88, 0.94]), .init("trial 1 (#0)", values: [0.84, 0.8, 0.86]),
                 .init("trial 3 (#2)", values: [0.79, 0.83, 0.75, 0.8, 0.77])])

    static let heatmap = HeatmapChart(
        title: "Correlation", rowLabels: ["a", "b", "c"], columnLabels: ["a", "b", "c"],
        values: [[1, -0.5, 0.2], [-0.5, 1, .nan], [0.2, .nan, 1]], scaleLabel: "r")

    static let grid = ChartGrid(title: "Panels", charts: [learningCurves, marginalEffect, roc], columns: 2)

    static let all: [(String, any Chart)] = [
        ("roc", roc), ("precision-recall", precisionRecall), ("vertical-bars", verticalBars),
        ("horizontal-bars", horizontalBars), ("negative-bars", negativeBars), ("histogram", histogram),
        ("learning-curves", learningCurves), ("marginal-effect", marginalEffect), ("strip", strip),
        ("heatmap", heatmap), ("grid", grid),
    ]
    static let names = all.map(\.0)

    static func chart(_ name: String) -> any Chart {
        all.first { $0.0 == name }?.1 ?? roc
    }
}

@Suite struct ChartValidityTests {
    @Test(arguments: SampleCharts.names)
    func everyChartIsWellFormedAndStable(name: String) throws {
        let chart = SampleCharts.chart(name)
        let svg = chart.svg()
        let nodes = try #require(SVGInspector.parse(svg))
        #expect(nodes.first?.name == "svg")
        #expect(nodes.contains { $0.name == "title" && $0.text == chart.title })
        #expect(svg == chart.svg(), "rendering twice must give the same bytes")
        // Coordinates carry at most 2 decimals.
        for node in nodes {
            for key in ["x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r"] {
                if let value = node.attributes[key], let dot = value.firstIndex(of: ".") {
                    #expect(value.distance(from: dot, to: value.endIndex) <= 3, "\(key)=\(value)")
                }
            }
        }
    }

    @Test(.enabled(if: SVGRenderer.path != nil, Comment(rawValue: SVGRenderer.missingMessage)), arguments: SampleCharts.names)
    func everyChartRendersWithRsvg(name: String) async throws {
        let result = try await SVGRenderer.render(SampleCharts.chart(name).svg(), name: name)
        #expect(result.status == 0, "rsvg-convert failed: \(result.stderr)")
        #expect(result.pngBytes > 1000)
    }

    @Test func textIsEscapedAndKept() throws {
        let chart = BarChart(title: "a < b & \"c\" 'd'", bars: [.init("x <&> y", 1)])
        let nodes = try #require(SVGInspector.parse(chart.svg()))
        #expect(nodes.contains { $0.name == "text" && $0.text == "a < b & \"c\" 'd'" })
        #expect(nodes.contains { $0.name == "text" && $0.text == "x <&> y" })
    }
}

@Suite struct ChartGeometryTests {
    func nodes(_ chart: any Chart) throws -> [SVGNode] {
        try #require(SVGInspector.parse(chart.svg()))
    }

    func plotArea(_ nodes: [SVGNode]) throws -> Rect {
        let rect = try #require(nodes.first { $0.has("plot-area") })
        return Rect(x: rect.number("x") ?? .nan, y: rect.number("y") ?? .nan,
                    width: rect.number("width") ?? .nan, height: rect.number("height") ?? .nan)
    }

    @Test func rocPointsMapInsideThePlotArea() throws {
        let nodes = try nodes(SampleCharts.roc)
        let plot = try plotArea(nodes)
        let lines = nodes.filter { $0.name == "polyline" && $0.has("series") }
        #expect(lines.count == 1)
        let points = try #require(lines.first).points
        #expect(points.count >= 3)
        for p in points { #expect(plot.contains(Point(p.x, p.y)), "(\(p.x), \(p.y)) outside \(plot)") }
        // The curve starts at (0, 0) = bottom left and ends at (1, 1) = top right.
        #expect(abs((points.first?.x ?? 0) - plot.x) < 0.01 && abs((points.first?.y ?? 0) - plot.maxY) < 0.01)
        #expect(abs((points.last?.x ?? 0) - plot.maxX) < 0.01 && abs((points.last?.y ?? 0) - plot.y) < 0.01)
        // The chance diagonal runs corner to corner.
        let diagonal = try #require(nodes.first { $0.has("reference") })
        #expect(diagonal.number("x1") == plot.x.roundedTo2 && diagonal.number("y1") == plot.maxY.roundedTo2)
        #expect(diagonal.number("x2") == plot.maxX.roundedTo2 && diagonal.number("y2") == plot.y.roundedTo2)
    }

    @Test func precisionRecallStepsStayInside() throws {
        let nodes = try nodes(SampleCharts.precisionRecall)
        let plot = try plotArea(nodes)
        let points = try #require(nodes.first { $0.name == "polyline" && $0.has("series") }).points
        for p in points { #expect(plot.contains(Point(p.x, p.y))) }
        // Steps: every segment is horizontal or vertical.
        for (a, b) in zip(points, points.dropFirst()) { #expect(a.x == b.x || a.y == b.y) }
    }

    @Test(arguments: ["roc", "learning-curves", "vertical-bars", "histogram", "strip"])
    func yTicksAreMonotone(name: String) throws {
        let nodes = try nodes(SampleCharts.chart(name))
        let ticks = nodes.filter { $0.has("tick-y") }.compactMap { $0.number("y1") }
        let labels = nodes.filter { $0.has("tick-label-y") }.compactMap { Double($0.text) }
        #expect(ticks.count >= 3)
        #expect(labels.count == ticks.count)
        // Values rise up the axis: labels increase while y decreases.
        #expect(zip(labels, labels.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 > $1 })
        // Evenly spaced.
        let gaps = zip(ticks, ticks.dropFirst()).map { $0 - $1 }
        #expect((gaps.max() ?? 0) - (gaps.min() ?? 0) < 0.02)
    }

    @Test func xTicksOfALearningCurveAreIntegersInOrder() throws {
        let nodes = try nodes(SampleCharts.learningCurves)
        let labels = nodes.filter { $0.has("tick-label-x") }.map(\.text)
        let values = labels.compactMap { Int($0) }
        #expect(values.count == labels.count && values.count >= 3)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
        let xs = nodes.filter { $0.has("tick-x") }.compactMap { $0.number("x1") }
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func verticalBarHeightsAreProportional() throws {
        let chart = BarChart(title: "Bars", bars: [.init("a", 10), .init("b", 20), .init("c", 35)])
        let nodes = try nodes(chart)
        let bars = nodes.filter { $0.name == "rect" && $0.has("bar") }
        let heights = bars.compactMap { $0.number("height") }
        #expect(heights.count == 3)
        #expect(abs(heights[1] / heights[0] - 2) < 0.01)
        #expect(abs(heights[2] / heights[0] - 3.5) < 0.01)
        // All bars stand on the same baseline.
        let bottoms = bars.map { ($0.number("y") ?? 0) + ($0.number("height") ?? 0) }
        #expect((bottoms.max() ?? 0) - (bottoms.min() ?? 0) < 0.02)
        let plot = try plotArea(nodes)
        #expect(abs((bottoms.first ?? 0) - plot.maxY) < 0.02)
    }

    @Test func horizontalBarWidthsAreProportionalAndOrderedTopDown() throws {
        let nodes = try nodes(SampleCharts.horizontalBars)
        let bars = nodes.filter { $0.name == "rect" && $0.has("bar") }
        #expect(bars.count == 30)
        let widths = bars.compactMap { $0.number("width") }
        for (i, w) in widths.enumerated() {
            #expect(abs(w / widths[0] - Double(300 - 9 * i) / 300) < 0.001)
        }
        let ys = bars.compactMap { $0.number("y") }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func negativeBarsHangBelowZero() throws {
        let nodes = try nodes(SampleCharts.negativeBars)
        let bars = nodes.filter { $0.name == "rect" && $0.has("bar") }
        let zero = try #require(nodes.first { $0.has("zero") }?.number("y1"))
        #expect(abs((bars[0].number("y") ?? 0) - zero) < 0.01)
        #expect(abs((bars[1].number("y") ?? 0) + (bars[1].number("height") ?? 0) - zero) < 0.01)
        #expect(abs((bars[0].number("height") ?? 0) / (bars[1].number("height") ?? 1) - 0.6) < 0.01)
    }

    @Test func histogramBinsCountEveryValueOnce() {
        let binning = SampleCharts.histogram.binning()
        #expect(binning.edges.count == 31)
        #expect(zip(binning.edges, binning.edges.dropFirst()).allSatisfy { $0 < $1 })
        #expect(binning.counts[0].reduce(0, +) == 200)
        #expect(binning.counts[1].reduce(0, +) == 21)
        #expect(binning.clippedAbove >= 1)
        #expect(binning.edges.last ?? 0 < 1e10)
    }

    @Test func heatmapHasOneCellPerValueAndAColourScale() throws {
        let nodes = try nodes(SampleCharts.heatmap)
        let cells = nodes.filter { $0.has("cell") }
        #expect(cells.count == 9)
        let scale = ColorScale.diverging()
        #expect(cells[0].attributes["fill"] == scale.color(1))
        #expect(cells[1].attributes["fill"] == scale.color(-0.5))
        #expect(cells[5].attributes["fill"] == Palette.missing)
        #expect(scale.color(-1) == "#2166ac" && scale.color(0) == "#f7f7f7" && scale.color(1) == "#b2182b")
        #expect(nodes.contains { $0.has("color-bar") })
        #expect(nodes.contains { $0.name == "linearGradient" })
    }

    @Test func stripChartDrawsEveryValueAndABoxPerGroup() throws {
        let nodes = try nodes(SampleCharts.strip)
        #expect(nodes.filter { $0.name == "circle" && $0.has("marker") }.count == 11)
        #expect(nodes.filter { $0.has("box") }.count == 3)
        let box = try #require(StripChart.box([0.79, 0.83, 0.75, 0.8, 0.77]))
        #expect(box.median == 0.79 && box.lowerQuartile == 0.77 && box.upperQuartile == 0.8)
    }

    @Test func errorBarsSpanTheirInterval() throws {
        let nodes = try nodes(SampleCharts.marginalEffect)
        let bars = nodes.filter { $0.has("error-bar") }
        #expect(bars.count == 6)  // two bars, each with two caps
        let plot = try plotArea(nodes)
        for bar in bars {
            #expect(plot.contains(Point(bar.number("x1") ?? .nan, bar.number("y1") ?? .nan)))
        }
    }

    @Test func gridPanelsDoNotOverlap() throws {
        let nodes = try nodes(SampleCharts.grid)
        let plots = nodes.filter { $0.has("plot-area") }.map {
            Rect(x: $0.number("x") ?? 0, y: $0.number("y") ?? 0, width: $0.number("width") ?? 0, height: $0.number("height") ?? 0)
        }
        #expect(plots.count == 3)
        for i in plots.indices {
            for j in plots.indices where j > i {
                let a = plots[i], b = plots[j]
                #expect(a.maxX <= b.x || b.maxX <= a.x || a.maxY <= b.y || b.maxY <= a.y)
            }
        }
    }
}

extension Double {
    /// As the SVG writer prints it.
    var roundedTo2: Double { Double(ReportNumber.coordinate(self)) ?? .nan }
}

@Suite struct DegenerateInputTests {
    static let charts: [(String, any Chart)] = [
        ("no bars", BarChart(title: "Empty", bars: [])),
        ("NaN bar", BarChart(title: "NaN", bars: [.init("a", .nan), .init("b", 2)])),
        ("no series", LineChart(title: "Empty", series: [])),
        ("NaN points", LineChart(title: "Gaps", series: [.init("s", points: [.init(0, 1), .init(1, .nan), .init(2, 3)])])),
        ("single point", LineChart(title: "One", series: [.init("s", points: [.init(1, 1)], showMarkers: true)], integerX: true)),
        ("empty histogram", HistogramChart(title: "Empty", groups: [.init("a", values: [])])),
        ("constant histogram", HistogramChart(title: "Constant", groups: [.init("a", values: [2, 2, 2]), .init("b", values: [2])])),
        ("NaN strip", StripChart(title: "NaN", groups: [.init("a", values: [.nan]), .init("b", values: [])])),
        ("1×1 heatmap", HeatmapChart(title: "One", rowLabels: ["a"], columnLabels: ["a"], values: [[.nan]])),
        ("empty grid", ChartGrid(title: "Nothing", charts: [])),
        ("huge range", LineChart(title: "Huge", series: [.init("s", points: [.init(-1e308, -1e308), .init(1e308, 1e308)])])),
    ]

    @Test(arguments: charts.indices)
    func degenerateChartsStillGiveWellFormedSVG(index: Int) throws {
        let (name, chart) = Self.charts[index]
        let nodes = try #require(SVGInspector.parse(chart.svg()), "\(name)")
        #expect(nodes.first?.name == "svg", "\(name)")
        for node in nodes {
            for value in node.attributes.values { #expect(!value.contains("nan") && !value.contains("inf"), "\(name): \(value)") }
        }
    }

    @Test func extremeScalesDoNotTrap() {
        let scale = NiceScale(minimum: -1e308, maximum: 1e308)
        #expect(scale.ticks.count >= 2)
        let tiny = Double.leastNonzeroMagnitude
        #expect(NiceScale(minimum: tiny * 2, maximum: tiny * 4).ticks.count >= 2)
    }

    @Test func aSweepWithoutFinishedTrialsStillRenders() throws {
        var sweep = ReportFixtures.sweep()
        sweep.trials = sweep.trials.map { var t = $0; t.state = "pending"; return t }
        let report = try sweep.render()
        #expect(report.markdown.contains("No trial has finished yet."))
        #expect(report.charts.isEmpty)
    }

    @Test func predictionsOfOneClassStillRender() throws {
        var model = ReportFixtures.model()
        model.holdoutLabels = model.holdoutLabels.map { _ in 0 }
        let report = try model.render()
        for chart in report.charts { #expect(SVGInspector.parse(chart.svg) != nil, "\(chart.fileName)") }
    }
}
