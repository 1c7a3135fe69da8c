import ExpData
import Foundation
import Testing

/// Tests on the reference data in ../shared/data (outside the repository; never copied into
/// it). They are skipped when the files are absent.
@Suite("Reference data")
struct RealDataTests {
    @Test(
        "Taiwan CSV: 6819 rows, 95 features, 220 positives, constant 'Net Income Flag', known sha256",
        .enabled(if: TestData.taiwanAvailable, "../shared/data/taiwan_bankruptcy.csv is absent (the reference data lives outside the repository)"))
    func taiwan() throws {
        let data = try DataLoader.load(TestData.taiwanPath, options: .init(labelColumn: "Bankrupt?"))
        #expect(data.rowCount == 6819)
        #expect(data.featureCount == 95)
        #expect(data.positiveCount == 220)
        #expect(data.featureNames == ReferenceColumns.featureNames)
        #expect(data.sha256 == "04ecfa0c367f56eee9197dd523482b0902ccf8fa98fdd60b6c866b5708f4b131")
        let report = DataQualityReport(data)
        #expect(report.constantColumns.map(\.name) == ["Net Income Flag"])
        #expect(report.missingCells == 0)
        #expect(report.identicalColumns.map { [$0.first.index, $0.second.index] } == [[63, 76], [65, 77]])
        #expect(Set(ReferenceColumns.heavyTailedIndices).isSubset(of: Set(report.mixedScaleColumns.map(\.index))))
        #expect(!report.outlierColumns.isEmpty)
    }

    @Test(
        "Polish 1year.arff: 7027 rows, 64 features, 271 positives, missing cells counted",
        .enabled(if: TestData.polishAvailable, "../shared/data/polish/1year.arff is absent (the reference data lives outside the repository)"))
    func polish() throws {
        let data = try DataLoader.load(TestData.polishPath)
        #expect(data.rowCount == 7027)
        #expect(data.featureCount == 64)
        #expect(data.positiveCount == 271)
        #expect(data.labelName == "class")
        #expect(data.featureNames.first == "Attr1" && data.featureNames.last == "Attr64")
        #expect(data.sha256 == "978ce71a4809e964dda43d46a368c27a1a36df1e0b6345f215473ec9c3b12add")
        let report = DataQualityReport(data)
        #expect(report.missingCells > 0)
        #expect(report.rowsWithMissing == 3833)
        // Attr37 has the most missing cells in this file.
        #expect(report.missingByColumn.max { $0.count < $1.count }?.name == "Attr37")
    }
}
