import ExpCore
import ExpData
import Testing

@Suite("CSV reading")
struct CSVReaderTests {
    @Test("quoted fields, doubled quotes, CRLF and a byte-order mark")
    func quotedCRLFAndBOM() throws {
        let data = try DataLoader.load(TestData.fixture("quoted.csv"), options: .init(labelColumn: "outcome"))
        #expect(data.featureNames == ["debt, total", "say \"hi\"", "plain"])
        #expect(data.labelName == "outcome")
        #expect(data.rowCount == 3)
        #expect(data.features.nestedRows == [[1.5, 2, 3], [-0.25, 0.004, 5], [7, 8, 9]])
        #expect(data.classNames == LabelEncoding(negative: "no", positive: "yes"))
        #expect(data.labels == [1, 0, 0])
    }

    @Test("line breaks inside quotes: later lines are still numbered correctly")
    func multiLineField() throws {
        let csv = "name,\"a\nb\",c\r\n\"x\r\ny\",1,2\n\nz,3,4\rw,5\n"
        let table = try CSVReader(file: "inline.csv").read(Array(csv.utf8))
        #expect(table.header == ["name", "a\nb", "c"])
        #expect(table.rowCount == 3)
        #expect(table.fields(ofRow: 0) == ["x\r\ny", "1", "2"])
        #expect(table.line(ofRow: 0) == 3)
        #expect(table.line(ofRow: 1) == 6)  // after the blank line 5
        #expect(table.line(ofRow: 2) == 7)  // a lone CR ends line 6
        #expect(table.fieldCount(ofRow: 2) == 2)
    }

    @Test("empty fields and a missing final line break")
    func emptyFields() throws {
        let table = try CSVReader(file: "inline.csv").read(Array("a,b,c\n,,\n1,\"\",3".utf8))
        #expect(table.fields(ofRow: 0) == ["", "", ""])
        #expect(table.fields(ofRow: 1) == ["1", "", "3"])
    }

    @Test("text after a closing quote is an error")
    func textAfterQuote() throws {
        let error = try #require(throws: DataError.self) {
            try CSVReader(file: "inline.csv").read(Array("a,b\n\"1\"x,2\n".utf8))
        }
        #expect(error.kind == .malformedQuote)
        #expect(error.line == 2)
        #expect(error.columnNumber == 1)
    }

    @Test("header names are trimmed")
    func trimmedHeader() throws {
        let table = try CSVReader(file: "inline.csv").read(Array(" a ,\tb\n1,2\n".utf8))
        #expect(table.header == ["a", "b"])
    }

    @Test("a header of only blank lines is an empty file")
    func blankLines() throws {
        let error = try #require(throws: DataError.self) {
            try CSVReader(file: "inline.csv").read(Array("\n\r\n\n".utf8))
        }
        #expect(error.kind == .emptyFile)
    }

    @Test("valid multi-byte UTF-8 is accepted; overlong and surrogate forms are not")
    func utf8Validation() throws {
        let good = try CSVReader(file: "inline.csv").read(Array("Revenue (Yuan ¥),y\n1,0\n".utf8))
        #expect(good.header.first == "Revenue (Yuan ¥)")
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let bytes = Array("a,b\n1,".utf8) + bad + Array("\n".utf8)
            let error = try #require(throws: DataError.self) { try CSVReader(file: "inline.csv").read(bytes) }
            #expect(error.kind == .invalidUTF8)
            #expect(error.line == 2)
        }
    }
}
