import ExpData
import ExpTestSupport
import Foundation
import Testing

/// The report on `report.csv`: 120 rows; 6 positives (rows 20, 40, …, 100, and row 120, which
/// repeats row 40); a constant `Net Income Flag`; `spiky` with one 9.5e9 cell in row 50;
/// `gaps` with 4 missing cells; `copy_a` identical to `ratio_a`.
@Suite("Data-quality report")
struct DataQualityReportTests {
    static func report() throws -> DataQualityReport {
        DataQualityReport(try DataLoader.load(TestData.fixture("report.csv"), options: .init(labelColumn: "Bankrupt?")))
    }

    @Test("size, class balance and hash")
    func basics() throws {
        let report = try Self.report()
        #expect(report.rows == 120)
        #expect(report.columns == 6)
        #expect(report.featureCount == 5)
        #expect(report.labelName == "Bankrupt?")
        #expect(report.positiveClass.value == "1")
        #expect(report.positiveClass.count == 6)
        #expect(report.negativeClass.count == 114)
        #expect(report.positiveClass.fraction == 0.05)
        // Computed independently with Python's hashlib when the fixture was written.
        #expect(report.sha256 == "a95ef740dbe23976ca9236c2cb3cb648fd27073ca7391676c333c14c13e00735")
    }

    @Test("missing, constant, outlier, mixed-scale and identical columns; duplicate rows")
    func findings() throws {
        let report = try Self.report()
        #expect(report.missingCells == 4)
        #expect(report.missingByColumn.map { [$0.index, $0.count] } == [[3, 4]])
        #expect(report.missingByColumn.map(\.name) == ["gaps"])
        #expect(report.constantColumns.map(\.name) == ["Net Income Flag"])
        #expect(report.outlierColumns.map(\.name) == ["spiky"])
        let spiky = try #require(report.outlierColumns.first)
        #expect(spiky.count == 1)
        #expect(spiky.q01 == 0)
        #expect(spiky.q99 == 0.6)
        #expect(spiky.max == 9_500_000_000)
        #expect(isClose(spiky.upper, 6.6, relative: 1e-12, absolute: 1e-12))
        #expect(report.mixedScaleColumns.map(\.name) == ["spiky"])
        #expect(report.identicalColumns.map { [$0.first.name, $0.second.name] } == [["ratio_a", "copy_a"]])
        #expect(report.duplicateRows == 1)
        #expect(report.duplicateRowExamples.map { [$0.first, $0.second] } == [[40, 120]])
        #expect(report.columnSummaries.count == 5)
        #expect(report.columnSummaries[3].missing == 4)
    }

    @Test("the table states the rules and the findings")
    func table() throws {
        let text = try Self.report().renderTable()
        #expect(text.contains("rows            120"))
        #expect(text.contains("'1': 6 (5.00%)"))
        #expect(text.contains(DataQualityReport.outlierRule))
        #expect(text.contains(DataQualityReport.mixedScaleRule))
        #expect(text.contains("Net Income Flag = 1"))
        #expect(text.contains("row 120 repeats row 40"))
        #expect(text.contains("'ratio_a' = 4 'copy_a'"))
        #expect(text.contains("a95ef740dbe23976ca9236c2cb3cb648fd27073ca7391676c333c14c13e00735"))
    }

    @Test("JSON round trip")
    func json() throws {
        let report = try Self.report()
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(DataQualityReport.self, from: data) == report)
    }

    @Test("a column with all cells missing is constant and has no statistics")
    func allMissing() throws {
        let csv = "y,a,b\n0,,1\n1,NA,2\n"
        let data = try DataLoader.loadCSV(bytes: Array(csv.utf8), name: "inline.csv", options: .init(labelColumn: "y"))
        let report = DataQualityReport(data)
        #expect(report.constantColumns.map(\.name) == ["a"])
        #expect(report.columnSummaries[0].min == nil)
        #expect(report.rowsWithMissing == 2)
        _ = try JSONEncoder().encode(report)  // no NaN reaches the encoder
    }
}
