import ExpCore
import ExpData
import Testing

@Suite("ARFF reading")
struct ARFFReaderTests {
    @Test("attributes, comments, quoted names, missing values and the class attribute")
    func smallFile() throws {
        let data = try DataLoader.load(TestData.fixture("small.arff"))
        #expect(data.featureNames == ["Attr1", "Attr 2", "Attr3"])
        #expect(data.labelName == "class")
        #expect(data.rowCount == 4)
        #expect(data.labels == [0, 1, 0, 1])
        #expect(data.classNames == LabelEncoding(negative: "0", positive: "1"))
        #expect(data.missingCountPerColumn == [1, 1, 1])
        #expect(data.features[0, 0] == 0.5)
        #expect(data.features[2, 0] == -0.001)
        #expect(data.features[2, 2] == 5)
        #expect(data.features[1, 0].isNaN)
    }

    @Test("the document keeps relation, types and data lines")
    func document() throws {
        let bytes = Array("@relation 'r 1'\n@attribute a numeric\n@attribute c {no, 'yes'}\n@data\n1,'yes'\n".utf8)
        let document = try ARFFReader(file: "inline.arff").read(bytes)
        #expect(document.relation == "r 1")
        #expect(document.attributes.map(\.name) == ["a", "c"])
        #expect(document.attributes[1].kind == .nominal(["no", "yes"]))
        #expect(document.table.line(ofRow: 0) == 5)
        #expect(document.table.fields(ofRow: 0) == ["1", "yes"])
    }

    @Test("positive class by name, and a label chosen explicitly")
    func explicitLabel() throws {
        let bytes = Array("@relation r\n@attribute a numeric\n@attribute outcome {healthy,bankrupt}\n@data\n1,healthy\n2,bankrupt\n".utf8)
        let data = try DataLoader.loadARFF(
            bytes: bytes, name: "inline.arff", options: .init(labelColumn: "outcome", positiveClass: "bankrupt"))
        #expect(data.labels == [0, 1])
        #expect(data.classNames == LabelEncoding(negative: "healthy", positive: "bankrupt"))
    }

    @Test("a ragged data row names its line")
    func raggedRow() throws {
        let bytes = Array("@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute class {0,1}\n@data\n1,2,0\n3,1\n".utf8)
        let error = try #require(throws: DataError.self) {
            try DataLoader.loadARFF(bytes: bytes, name: "inline.arff", options: .init())
        }
        #expect(error.kind == .raggedRow)
        #expect(error.line == 7)
    }

    @Test("no @data section")
    func noData() throws {
        let error = try #require(throws: DataError.self) {
            try ARFFReader(file: "inline.arff").read(Array("@relation r\n@attribute a numeric\n".utf8))
        }
        #expect(error.kind == .invalidARFF)
    }

    @Test("a non-ARFF line in the header")
    func garbageHeader() throws {
        let error = try #require(throws: DataError.self) {
            try ARFFReader(file: "inline.arff").read(Array("@relation r\nhello\n".utf8))
        }
        #expect(error.kind == .invalidARFF)
        #expect(error.line == 2)
    }
}
