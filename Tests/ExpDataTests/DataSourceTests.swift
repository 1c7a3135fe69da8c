import ExpCore
import ExpData
import Testing

@Suite("Data sources, label encoding and CSV writing")
struct DataSourceTests {
    @Test("source strings")
    func parse() throws {
        #expect(try DataSource.parse("builtin:bankruptcy") == .builtinBankruptcy(rows: 6819, seed: 42))
        #expect(try DataSource.parse("builtin:bankruptcy?rows=500&seed=7") == .builtinBankruptcy(rows: 500, seed: 7))
        #expect(try DataSource.parse("a/b.CSV") == .file(path: "a/b.CSV", format: .csv))
        #expect(try DataSource.parse("x.arff") == .file(path: "x.arff", format: .arff))
        #expect(DataSource.builtinBankruptcy(rows: 500, seed: 42).description == "builtin:bankruptcy?rows=500")
        for bad in ["builtin:bankruptcy?rows=abc", "builtin:bankruptcy?rows=3", "builtin:bankruptcy?seed=-1", "builtin:bankruptcy?color=red"] {
            let error = try #require(throws: DataError.self) { try DataSource.parse(bad) }
            #expect(error.kind == .invalidOption)
        }
        let error = try #require(throws: DataError.self) { try DataSource.parse("builtin:iris") }
        #expect(error.kind == .unsupportedFormat)
    }

    @Test("default positive class", arguments: [
        (["0", "1"], "1"), (["True", "False"], "True"), (["no", "YES"], "YES"), (["1.0", "0.0"], "1.0"),
    ])
    func defaultPositive(values: [String], positive: String) throws {
        let encoding = try LabelEncoding.resolve(values: values, positive: nil, file: "f", columnName: "y")
        #expect(encoding.positive == positive)
        #expect(encoding.encode(positive) == 1)
    }

    @Test("explicit positive class, exact or ignoring case")
    func explicitPositive() throws {
        let exact = try LabelEncoding.resolve(values: ["0", "1"], positive: "0", file: "f", columnName: "y")
        #expect(exact == LabelEncoding(negative: "1", positive: "0"))
        let folded = try LabelEncoding.resolve(values: ["Bankrupt", "Healthy"], positive: "bankrupt", file: "f", columnName: "y")
        #expect(folded.positive == "Bankrupt")
    }

    @Test("--positive 0 flips the built-in labels")
    func builtinPositiveZero() throws {
        let data = try DataLoader.load("builtin:bankruptcy?rows=100", options: .init(positiveClass: "0"))
        #expect(data.positiveCount == 97)
        #expect(data.classNames.positive == "0")
    }

    @Test("CSV round trip is exact, including missing values and quoting")
    func roundTrip() throws {
        let original = try DataLoader.load(TestData.fixture("quoted.csv"), options: .init(labelColumn: "outcome"))
        let bytes = CSVWriter.encode(original)
        let again = try DataLoader.loadCSV(bytes: bytes, name: "again.csv", options: .init(labelColumn: "outcome", positiveClass: "yes"))
        #expect(again.featureNames == original.featureNames)
        #expect(again.features == original.features)
        #expect(again.labels == original.labels)

        let synthetic = try BankruptcySynthesizer(rows: 60, seed: 1).generate()
        let reread = try DataLoader.loadCSV(bytes: CSVWriter.encode(synthetic), name: "s.csv", options: .init(labelColumn: "Bankrupt?"))
        #expect(reread.features.elements.map(\.bitPattern) == synthetic.features.elements.map(\.bitPattern))
        #expect(reread.labels == synthetic.labels)
        #expect(reread.sha256 == synthetic.sha256)

        let missing = try DataLoader.load(TestData.fixture("missing_ok.csv"), options: .init(labelColumn: "y"))
        let back = try DataLoader.loadCSV(bytes: CSVWriter.encode(missing), name: "m.csv", options: .init(labelColumn: "y"))
        #expect(back.missingCountPerColumn == missing.missingCountPerColumn)
    }

    @Test("number spelling", arguments: [
        (1.0, "1"), (0.0, "0"), (-0.0, "-0"), (6.4e9, "6400000000"), (0.123456789, "0.123456789"), (1e-5, "1e-05"),
        (1e20, "1e+20"), (-2.5, "-2.5"),
    ])
    func format(value: Double, text: String) {
        #expect(CSVWriter.format(value) == text)
        #expect(Double(text)?.bitPattern == value.bitPattern)
    }

    @Test("error descriptions")
    func descriptions() {
        #expect(
            DataError(.nonNumeric, file: "t.csv", line: 12, columnNumber: 38, columnName: "Debt ratio %", message: "non-numeric value \"abc\"")
                .description == "t.csv:12: column 38 'Debt ratio %': non-numeric value \"abc\"")
        #expect(DataError(.raggedRow, file: "t.csv", line: 7, message: "m").description == "t.csv:7: m")
        #expect(DataError(.singleClass, file: "t.csv", columnName: "y", message: "m").description == "t.csv: column 'y': m")
    }
}
