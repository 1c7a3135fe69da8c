import ExpTestSupport
import Foundation
import Testing
@testable import ExpCore

@Suite("StandardScaler: parity with scikit-learn (scaler.json)")
struct ScalerTests {
    @Test(
        "CSV: mean, var, scale at 1e-12 relative; only feature 93 constant (scale 1); n = 6819",
        .enabled(if: TaiwanBankruptcyCSV.isAvailable, "needs ../shared/data/taiwan_bankruptcy.csv next to the package"))
    func csvFit() throws {
        let table = try TaiwanBankruptcyCSV.load()
        let fixture = try ReferenceFixture.load("scaler")
        let mean = ReferenceFixture.doubles(fixture["mean_"])
        let variance = ReferenceFixture.doubles(fixture["var_"])
        let scale = ReferenceFixture.doubles(fixture["scale_"])
        let constantMask = (fixture["constant_mask"] as? [Any] ?? []).map { ($0 as? NSNumber)?.boolValue ?? false }

        let scaler = try StandardScaler.fit(table.features)
        #expect(scaler.samplesSeen == 6819)
        #expect((fixture["n_samples_seen_"] as? NSNumber)?.intValue == 6819)
        expectClose(scaler.mean, mean, relative: 1e-12, absolute: 0, "mean_")
        expectClose(scaler.variance, variance, relative: 1e-12, absolute: 0, "var_")
        expectClose(scaler.scale, scale, relative: 1e-12, absolute: 0, "scale_")
        #expect(constantMask.count == 95)
        #expect(scaler.constantFeatureIndices == constantMask.indices.filter { constantMask[$0] })
        #expect(scaler.constantFeatureIndices == [93])
        #expect(scaler.scale[93] == 1 && scaler.mean[93] == 1 && scaler.variance[93] == 0)
        let errors = [scaler.mean, scaler.variance, scaler.scale].enumerated().map { i, values in
            maxRelativeError(values, [mean, variance, scale][i])
        }
        print("StandardScaler on the CSV: max relative error mean \(errors[0]), var \(errors[1]), scale \(errors[2])")
    }

    @Test(
        "CSV: transform of the first five rows at 1e-12 relative with a 1e-12 absolute floor",
        .enabled(if: TaiwanBankruptcyCSV.isAvailable, "needs ../shared/data/taiwan_bankruptcy.csv next to the package"))
    func csvTransform() throws {
        let table = try TaiwanBankruptcyCSV.load()
        let fixture = try ReferenceFixture.load("scaler")
        let firstRows = Matrix(ReferenceFixture.matrix(fixture["first5_rows_X"]))
        let expected = ReferenceFixture.matrix(fixture["first5_rows_transform"]).flatMap { $0 }
        #expect(firstRows == table.features.gatheringRows(Array(0..<5)))

        let scaler = try StandardScaler.fit(table.features)
        let z = scaler.transform(firstRows)
        expectClose(z.elements, expected, relative: 1e-12, absolute: 1e-12, "transform")
        #expect(z.elements[93] == 0)  // constant feature: (1 − 1)/1

        let z32 = scaler.transform(firstRows, as: Float.self)
        #expect(z32.elements == z.elements.map { Float($0) })
    }

    @Test("Constant columns get scale 1, including one with rounding residue in its variance")
    func constantColumns() throws {
        let x = Matrix<Double>([[0.1, 5, 1], [0.1, 5, 2], [0.1, 5, 4], [0.1, 5, 8], [0.1, 5, 16]])
        let scaler = try StandardScaler.fit(x)
        #expect(scaler.constantFeatureIndices == [0, 1])
        #expect(scaler.scale[0] == 1 && scaler.scale[1] == 1)
        #expect(scaler.mean[2] == 6.2)
        #expect(isClose(scaler.variance[2], 29.76, relative: 1e-14))
        #expect(scaler.scale[2] == scaler.variance[2].squareRoot())
        let z = scaler.transform(x)
        for i in 0..<5 {
            #expect(z[i, 0].magnitude <= 1e-16 && z[i, 1] == 0)
        }
        // sklearn's rule: var <= n·eps·var + (n·mean·eps)².
        #expect(StandardScaler.isConstantFeature(variance: 0, mean: 0, samples: 10))
        #expect(StandardScaler.isConstantFeature(variance: 1e-30, mean: 1, samples: 100))
        #expect(!StandardScaler.isConstantFeature(variance: 1e-20, mean: 0, samples: 100))
    }

    @Test("Sequential row-order sums: bit-identical to a plain two-pass loop over each column")
    func sequentialReplication() throws {
        var rng = SeededGenerator(seed: 3)
        let x = Matrix<Double>(rows: 257, columns: 7, elements: (0..<(257 * 7)).map { _ in rng.uniform(-1e3, 1e6) })
        let scaler = try StandardScaler.fit(x)
        for j in 0..<x.columns {
            let column = x.column(j)
            var sum = 0.0
            for v in column { sum += v }
            let m = sum / 257
            var correction = 0.0, squares = 0.0
            for v in column {
                correction += v - m
                squares += (v - m) * (v - m)
            }
            #expect(scaler.mean[j] == m)
            #expect(scaler.variance[j] == (squares - correction * correction / 257) / 257)
        }
    }

    @Test("Errors: no rows, NaN or infinity in the input")
    func errors() {
        #expect(throws: ExpCoreError.self) { try StandardScaler.fit(Matrix<Double>(rows: 0, columns: 3)) }
        var x = Matrix<Double>([[1, 2], [3, 4], [5, 6]])
        x[1, 1] = .nan
        #expect(throws: ExpCoreError.nonFiniteInput(row: 1, column: 1)) { try StandardScaler.fit(x) }
        x[1, 1] = 4
        x[2, 0] = .infinity
        #expect(throws: ExpCoreError.nonFiniteInput(row: 2, column: 0)) { try StandardScaler.fit(x) }
    }

    @Test("Finite values too large to standardize: the column and the statistic that overflows")
    func overflow() {
        // The sum of same-signed huge values overflows the mean.
        let sameSign = Matrix<Double>([[1, 1e308], [2, 1.5e308], [3, 1.7e308]])
        #expect(throws: ExpCoreError.overflow(column: 1, statistic: "mean")) { try StandardScaler.fit(sameSign) }
        // Alternating signs keep the mean finite, but the squares overflow the variance.
        let alternating = Matrix<Double>([[1e308, 1], [-1e308, 2], [1e308, 3], [-1e308, 4]])
        #expect(throws: ExpCoreError.overflow(column: 0, statistic: "variance")) { try StandardScaler.fit(alternating) }
        #expect(ExpCoreError.overflow(column: 0, statistic: "variance").description
                == "the variance of column 0 overflows float64: its values are too large in magnitude to standardize; rescale the column")
        // Large but representable: fits.
        #expect((try? StandardScaler.fit(Matrix<Double>([[1e150], [-1e150], [3e150]]))) != nil)
    }

    @Test("Codable round trip")
    func codable() throws {
        let scaler = try StandardScaler.fit(Matrix<Double>([[1, 2, 7], [3, 5, 7], [4, 9, 7]]))
        let decoded = try JSONDecoder().decode(StandardScaler.self, from: try JSONEncoder().encode(scaler))
        #expect(decoded == scaler)
    }
}
