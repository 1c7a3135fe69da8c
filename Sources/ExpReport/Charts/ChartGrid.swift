/// Several charts side by side in one document (small multiples), filled row by row.
public struct ChartGrid: Chart {
    public var title: String
    public var charts: [any Chart]
    public var columns: Int
    /// The size of each cell.
    public var cellSize: ChartSize

    public init(title: String, charts: [any Chart], columns: Int = 2,
                cellSize: ChartSize = ChartSize(width: 480, height: 340)) {
        self.title = title
        self.charts = charts
        self.columns = max(1, min(columns, max(1, charts.count)))
        self.cellSize = cellSize
    }

    public var size: ChartSize {
        let rows = (charts.count + columns - 1) / columns
        return ChartSize(width: cellSize.width * Double(columns), height: 34 + cellSize.height * Double(max(1, rows)))
    }

    public func draw(into svg: inout SVGWriter, frame: Rect) {
        svg.text(title, at: Point(frame.x + 10, frame.y + 22), size: 15, weight: "bold", className: "title")
        for (i, chart) in charts.enumerated() {
            let cell = Rect(x: frame.x + Double(i % columns) * cellSize.width,
                            y: frame.y + 34 + Double(i / columns) * cellSize.height,
                            width: cellSize.width, height: cellSize.height)
            svg.open("g", [("class", "panel")])
            chart.draw(into: &svg, frame: cell)
            svg.close("g")
        }
    }
}
