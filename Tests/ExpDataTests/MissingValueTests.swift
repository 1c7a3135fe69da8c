import ExpCore
import ExpData
import Testing

@Suite("Missing values")
struct MissingValueTests {
    @Test("empty, NA, NaN and ? (any case, surrounding spaces) are counted per column and kept as NaN")
    func countedPerColumn() throws {
        let data = try DataLoader.load(TestData.fixture("missing_ok.csv"), options: .init(labelColumn: "y"))
        #expect(data.missingCountPerColumn == [3, 2, 2])
        #expect(data.features[0, 0].isNaN)
        #expect(data.features[3, 0] == 2.5)
        let report = DataQualityReport(data)
        #expect(report.missingCells == 7)
        #expect(report.rowsWithMissing == 3)
        #expect(report.missingByColumn.map(\.count) == [3, 2, 2])
        #expect(report.missingByColumn.map(\.name) == ["a", "b", "c"])
    }

    @Test("number syntax", arguments: [
        ("1", 1.0), ("-1.5", -1.5), (".5", 0.5), ("+2e-3", 0.002), (" 7 ", 7.0), ("1E2", 100.0), ("0.1", 0.1),
    ])
    func numbers(text: String, value: Double) throws {
        let csv = "y,a\n0,\(text)\n1,0\n"
        let data = try DataLoader.loadCSV(bytes: Array(csv.utf8), name: "inline.csv", options: .init(labelColumn: "y"))
        #expect(data.features[0, 0] == value)
    }

    @Test("not numbers", arguments: ["0x1p3", "1,5", "1.2.3", "e5", "--1", "nan(1)", "1 2", "N/A"])
    func notNumbers(text: String) throws {
        let csv = "y,a\n0,\"\(text)\"\n1,0\n"
        let error = try #require(throws: DataError.self) {
            try DataLoader.loadCSV(bytes: Array(csv.utf8), name: "inline.csv", options: .init(labelColumn: "y"))
        }
        #expect(error.kind == .nonNumeric)
        #expect(error.line == 2)
        #expect(error.columnName == "a")
    }
}
