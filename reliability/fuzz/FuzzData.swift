// libFuzzer target: the CSV and ARFF readers, the table decoder and the data-quality report.
//
// Input: byte 0 picks the format (even: CSV, odd: ARFF) and, for CSV, whether a positive class
// is named; the rest is the file. Every input must either load or throw a `DataError`; a trap,
// a sanitizer report or a hang is a bug.
import ExpData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzData(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        let dataset: Dataset
        if selector & 1 == 0 {
            // The label is the header's last column (so the decoder runs on most inputs).
            let table = try CSVReader(file: "fuzz.csv").read(bytes)
            guard let label = table.header.last else { return 0 }
            let positive: String? = selector & 2 == 0 ? nil : "1"
            dataset = try DataLoader.loadCSV(
                bytes: bytes, name: "fuzz.csv", options: .init(labelColumn: label, positiveClass: positive))
        } else {
            dataset = try DataLoader.loadARFF(bytes: bytes, name: "fuzz.arff", options: .init())
        }
        let report = DataQualityReport(dataset)
        _ = report.renderTable()
    } catch is DataError {
        // Refused with a located error: fine.
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}
