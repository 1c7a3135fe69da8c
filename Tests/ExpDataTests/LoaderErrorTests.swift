import ExpData
import Testing

/// One test per way a data file can be rejected. Each checks the error kind and that the error
/// names the file, the line and the column where they are known.
@Suite("Loader errors")
struct LoaderErrorTests {
    @Test("ragged row: line and first missing column")
    func raggedRow() throws {
        let error = try #require(TestData.loadError("ragged.csv"))
        #expect(error.kind == .raggedRow)
        #expect(error.line == 4)
        #expect(error.columnNumber == 3)
        #expect(error.message.contains("expected 3 fields"))
        #expect(error.message.contains("found 2"))
        #expect(error.description.hasPrefix(TestData.fixture("ragged.csv") + ":4: column 3: "))
    }

    @Test("Inf is rejected with file, line and column")
    func infinity() throws {
        let error = try #require(TestData.loadError("inf.csv"))
        #expect(error.kind == .infiniteValue)
        #expect(error.line == 3)
        #expect(error.columnNumber == 3)
        #expect(error.columnName == "b")
        #expect(error.description.contains("inf.csv:3: column 3 'b': infinite value \"Inf\""))
    }

    @Test("every spelling of infinity, and overflow, is rejected", arguments: ["inf", "-Inf", "+infinity", "INFINITY", "1e400", "-2e308"])
    func infinitySpellings(cell: String) throws {
        let csv = "label,a\n0,0.5\n1,\(cell)\n"
        let error = try #require(throws: DataError.self) {
            try DataLoader.loadCSV(bytes: Array(csv.utf8), name: "inline.csv", options: .init(labelColumn: "label"))
        }
        #expect(error.kind == .infiniteValue)
        #expect(error.line == 3)
    }

    @Test("non-numeric cell")
    func nonNumeric() throws {
        let error = try #require(TestData.loadError("non_numeric.csv"))
        #expect(error.kind == .nonNumeric)
        #expect(error.line == 5)
        #expect(error.columnNumber == 2)
        #expect(error.columnName == "a")
        #expect(error.description.hasSuffix("non_numeric.csv:5: column 2 'a': non-numeric value \"abc\""))
    }

    @Test("N/A is not a missing-value token")
    func slashNA() throws {
        let error = try #require(TestData.loadError("na_slash.csv", label: "y"))
        #expect(error.kind == .nonNumeric)
        #expect(error.line == 5)
        #expect(error.columnName == "c")
    }

    @Test("duplicate header name")
    func duplicateHeader() throws {
        let error = try #require(TestData.loadError("duplicate_header.csv"))
        #expect(error.kind == .duplicateHeader)
        #expect(error.line == 1)
        #expect(error.columnNumber == 4)
        #expect(error.columnName == "a")
    }

    @Test("empty header name")
    func emptyHeader() throws {
        let error = try #require(TestData.loadError("empty_header.csv"))
        #expect(error.kind == .emptyHeader)
        #expect(error.line == 1)
        #expect(error.columnNumber == 3)
    }

    @Test("missing label column, with a suggestion")
    func missingLabelColumn() throws {
        let error = try #require(TestData.loadError("report.csv", label: "Bankrupt"))
        #expect(error.kind == .missingLabelColumn)
        #expect(error.line == 1)
        #expect(error.columnName == "Bankrupt")
        #expect(error.message.contains("did you mean 'Bankrupt?'"))
    }

    @Test("CSV without --label")
    func csvNeedsLabel() throws {
        let error = try #require(TestData.loadError("report.csv", label: nil))
        #expect(error.kind == .missingLabelColumn)
        #expect(error.message.contains("--label"))
    }

    @Test("single class")
    func singleClass() throws {
        let error = try #require(TestData.loadError("single_class.csv"))
        #expect(error.kind == .singleClass)
        #expect(error.columnName == "label")
        #expect(error.message.contains("single class ('0')"))
    }

    @Test("more than two classes")
    func threeClasses() throws {
        let error = try #require(TestData.loadError("three_classes.csv"))
        #expect(error.kind == .tooManyClasses)
    }

    @Test("missing label cell")
    func missingLabelCell() throws {
        let error = try #require(TestData.loadError("missing_label_cell.csv"))
        #expect(error.kind == .missingLabel)
        #expect(error.line == 3)
        #expect(error.columnNumber == 1)
    }

    @Test("non-UTF-8 bytes: the line is named")
    func nonUTF8() throws {
        let error = try #require(TestData.loadError("non_utf8.csv"))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 3)
        #expect(error.description.contains("non_utf8.csv:3: "))
    }

    @Test("unknown positive class")
    func unknownPositiveClass() throws {
        let error = try #require(TestData.loadError("report.csv", label: "Bankrupt?", positive: "yes"))
        #expect(error.kind == .unknownPositiveClass)
        #expect(error.message.contains("'yes'"))
    }

    @Test("two text classes need --positive")
    func ambiguousPositiveClass() throws {
        let error = try #require(TestData.loadError("text_labels.csv", label: "status"))
        #expect(error.kind == .unknownPositiveClass)
        #expect(error.message.contains("--positive"))
        let data = try DataLoader.load(TestData.fixture("text_labels.csv"), options: .init(labelColumn: "status", positiveClass: "dead"))
        #expect(data.labels == [0, 1, 0])
        #expect(data.classNames == LabelEncoding(negative: "alive", positive: "dead"))
    }

    @Test("empty file")
    func emptyFile() throws {
        let error = try #require(TestData.loadError("empty.csv"))
        #expect(error.kind == .emptyFile)
    }

    @Test("header only")
    func headerOnly() throws {
        let error = try #require(TestData.loadError("header_only.csv"))
        #expect(error.kind == .noDataRows)
        #expect(error.line == 1)
    }

    @Test("unclosed quote names the line it opened on")
    func unclosedQuote() throws {
        let error = try #require(TestData.loadError("unclosed_quote.csv"))
        #expect(error.kind == .malformedQuote)
        #expect(error.line == 3)
        #expect(error.columnNumber == 2)
    }

    @Test("file that does not exist")
    func noSuchFile() throws {
        let error = try #require(throws: DataError.self) { try DataLoader.load("/nonexistent/data.csv") }
        #expect(error.kind == .unreadable)
        #expect(error.description.hasPrefix("/nonexistent/data.csv: "))
    }

    @Test("unknown extension")
    func unknownExtension() throws {
        let error = try #require(throws: DataError.self) { try DataLoader.load("data.xlsx") }
        #expect(error.kind == .unsupportedFormat)
    }

    @Test("ARFF: non-numeric feature attribute")
    func arffStringAttribute() throws {
        let error = try #require(TestData.loadError("string_attribute.arff", label: nil))
        #expect(error.kind == .nonNumericAttribute)
        #expect(error.line == 3)
        #expect(error.columnName == "name")
    }

    @Test("ARFF: sparse rows are rejected")
    func arffSparse() throws {
        let error = try #require(TestData.loadError("sparse.arff", label: nil))
        #expect(error.kind == .invalidARFF)
        #expect(error.line == 7)
    }

    @Test("ARFF: undeclared class value")
    func arffUndeclaredClass() throws {
        let error = try #require(TestData.loadError("undeclared_class.arff", label: nil))
        #expect(error.kind == .invalidARFF)
        #expect(error.line == 7)
        #expect(error.columnName == "class")
    }
}
