/// Text cells as read from a file, before any type conversion: a header and records of fields,
/// each record tagged with the 1-based line it starts on.
///
/// Field bytes live in one flat buffer (no `String` per cell), so an 8 MB file costs one copy of
/// its bytes plus two integers per cell. ``CSVReader`` and ``ARFFReader`` produce it, and
/// ``DataLoader`` turns it into a ``Dataset``.
public struct RawTable: Sendable, Equatable {
    /// The column names, in file order.
    public internal(set) var header: [String]
    /// The 1-based line of the header (the CSV header row, or the ARFF `@data` line).
    public internal(set) var headerLine: Int
    /// Unescaped bytes of every field, back to back.
    var storage: [UInt8] = []
    /// End offset in ``storage`` of each field; field `k` starts where field `k - 1` ends.
    var fieldEnds: [Int] = []
    /// End index in ``fieldEnds`` of each record's fields.
    var recordEnds: [Int] = []
    /// The 1-based line on which each record starts.
    var recordLines: [Int] = []

    /// An empty table with `header`.
    public init(header: [String], headerLine: Int) {
        self.header = header
        self.headerLine = headerLine
    }

    /// The number of data records.
    public var rowCount: Int { recordLines.count }

    /// The 1-based line on which record `row` (0-based) starts.
    public func line(ofRow row: Int) -> Int { recordLines[row] }

    /// The number of fields in record `row`; it may differ from `header.count` (a ragged row).
    public func fieldCount(ofRow row: Int) -> Int {
        recordEnds[row] - firstField(ofRow: row)
    }

    /// The text of field `column` of record `row`, exactly as read (quotes removed, no trimming).
    public func field(row: Int, column: Int) -> String {
        let (start, end) = bounds(row: row, column: column)
        return String(decoding: storage[start..<end], as: UTF8.self)
    }

    /// All fields of record `row` as strings.
    public func fields(ofRow row: Int) -> [String] {
        (0..<fieldCount(ofRow: row)).map { field(row: row, column: $0) }
    }

    // MARK: Building

    /// Appends the bytes of one field to the record being built.
    mutating func appendField(_ bytes: some Collection<UInt8>) {
        storage.append(contentsOf: bytes)
        fieldEnds.append(storage.count)
    }

    /// Closes the record being built; it started on `line`.
    mutating func endRecord(line: Int) {
        recordEnds.append(fieldEnds.count)
        recordLines.append(line)
    }

    // MARK: Access for the decoder

    func firstField(ofRow row: Int) -> Int {
        row == 0 ? 0 : recordEnds[row - 1]
    }

    /// Byte bounds of a field in ``storage``.
    func bounds(row: Int, column: Int) -> (start: Int, end: Int) {
        let k = firstField(ofRow: row) + column
        return (k == 0 ? 0 : fieldEnds[k - 1], fieldEnds[k])
    }
}
