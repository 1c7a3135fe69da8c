import Foundation
import Testing
@testable import ExpCore

@Suite("SimpleImputer(strategy: median): numpy median semantics, empty columns kept")
struct ImputerTests {
    let nan = Double.nan

    @Test("Median of the observed values: odd count → middle, even count → mean of the two middle")
    func medians() throws {
        let x = Matrix<Double>([
            [3, nan, 10, 1],
            [1, 4, nan, 2],
            [nan, 2, 30, 3],
            [2, 8, 20, 4],
            [5, 6, nan, 5],
        ])
        let imputer = try SimpleImputer.fit(x)
        // Column 0: {3, 1, 2, 5} → (2 + 3)/2; column 1: {4, 2, 8, 6} → (4 + 6)/2;
        // column 2: {10, 30, 20} → 20; column 3: {1, …, 5} → 3.
        #expect(imputer.statistics == [2.5, 5, 20, 3])
        #expect(imputer.emptyFeatureIndices.isEmpty)
        #expect(imputer.strategy == .median)
        let filled = imputer.transform(x)
        #expect(!SimpleImputer.hasMissing(filled))
        #expect(filled.nestedRows == [
            [3, 5, 10, 1],
            [1, 4, 20, 2],
            [2.5, 2, 30, 3],
            [2, 8, 20, 4],
            [5, 6, 20, 5],
        ])
    }

    @Test("numpy's even-count median is (a + b)/2 of the two middle values")
    func evenMedianArithmetic() throws {
        var pair = [0.1, 0.2]
        #expect(SimpleImputer.median(of: &pair, count: 2) == (0.1 + 0.2) / 2)
        var single = [-7.5]
        #expect(SimpleImputer.median(of: &single, count: 1) == -7.5)
        var unsorted = [9.0, -1, 4, 4, 100, -50]
        #expect(SimpleImputer.median(of: &unsorted, count: 6) == 4)
        var prefix = [3.0, 1, 2, 1000, -1000]  // only the first 3 count
        #expect(SimpleImputer.median(of: &prefix, count: 3) == 2)
    }

    @Test("Quickselect median equals the sort-based median on random data with many ties")
    func quickselectMatchesSort() {
        var rng = SeededGenerator(seed: 21)
        for trial in 0..<300 {
            let count = 1 + trial % 57
            let values = (0..<count).map { _ in (rng.uniform(-20, 20)).rounded() / (trial % 3 == 0 ? 1 : 7) }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            var scratch = values
            #expect(SimpleImputer.median(of: &scratch, count: count) == expected, "\(values)")
        }
    }

    @Test("A column with no observed value is kept and imputed with 0 (keep_empty_features=True)")
    func emptyColumn() throws {
        let x = Matrix<Double>([[1, nan, 7], [nan, nan, 8], [3, nan, nan]])
        let imputer = try SimpleImputer.fit(x)
        #expect(imputer.statistics == [2, 0, 7.5])
        #expect(imputer.emptyFeatureIndices == [1])
        let filled = imputer.transform(x)
        #expect(filled.columns == 3)
        #expect(filled.nestedRows == [[1, 0, 7], [2, 0, 8], [3, 0, 7.5]])
    }

    @Test("No missing values: hasMissing is false and transform returns the input unchanged")
    func passthrough() throws {
        let x = Matrix<Double>([[1, -2.5], [0, 4], [-0.0, 1e300]])
        #expect(!SimpleImputer.hasMissing(x))
        let imputer = try SimpleImputer.fit(x)
        #expect(imputer.statistics == [0, 4])  // {1, 0, −0} → 0 (either zero); {−2.5, 4, 1e300} → 4
        #expect(imputer.transform(x) == x)
        var withMissing = x
        withMissing[2, 1] = nan
        #expect(SimpleImputer.hasMissing(withMissing))
        // Statistics learned on one matrix fill another.
        #expect(imputer.transform(withMissing)[2, 1] == 4)
    }

    @Test("Errors: infinity (sklearn rejects it) and no rows")
    func errors() {
        #expect(throws: ExpCoreError.nonFiniteInput(row: 1, column: 0)) {
            try SimpleImputer.fit(Matrix<Double>([[1, 2], [-.infinity, 3]]))
        }
        #expect(throws: ExpCoreError.self) { try SimpleImputer.fit(Matrix<Double>(rows: 0, columns: 2)) }
    }

    @Test("Codable round trip")
    func codable() throws {
        let imputer = try SimpleImputer.fit(Matrix<Double>([[1, nan], [2, nan], [4, nan]]))
        let decoded = try JSONDecoder().decode(SimpleImputer.self, from: try JSONEncoder().encode(imputer))
        #expect(decoded == imputer)
        #expect(decoded.emptyFeatureIndices == [1])
    }
}
