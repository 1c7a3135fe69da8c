// libFuzzer target: the bundle reader. Byte 0 picks what the rest of the input is:
//
//   0  a .tar.gz file: BundleReader.read (gzip with limits, ustar, member and checksum checks,
//      every member decoded, the consistency checks), then one prediction if it loads;
//   1  a tar archive, gzip'ed here first (so mutations reach the tar and member layers);
//   2… one member on its own: model.json, scaler.json, manifest.json, features.json,
//      holdout.csv, imputer.json (so mutations reach the decoders past the checksums).
//
// Every input must either load or throw a `BundleError`; a trap, a sanitizer report, another
// error type or a hang is a bug. The limits are lowered so that a bomb is cut short quickly.
import ExpCore
@testable import ExpBundle

private let limits = BundleReader.Limits(
    compressedBytes: 1 << 20, memberBytes: 1 << 20, totalBytes: 4 << 20, members: 64)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundle(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let mode = data[0] % 8
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        switch mode {
        case 0, 1:
            let archive = mode == 0 ? bytes : try Gzip.compress(bytes, level: 1)
            let bundle = try BundleReader.read(bytes: archive, limits: limits)
            let width = bundle.pipeline.inputFeatureCount
            if width <= 10_000 {
                let row = Matrix<Double>(rows: 1, columns: width, elements: [Double](repeating: 0.5, count: width))
                let p = try bundle.pipeline.predictProbabilities(row)
                precondition(p.count == 1, "one row in, \(p.count) probabilities out")
            }
            // What the reader accepted, the writer must reproduce (or refuse with a BundleError).
            _ = try BundleWriter.archive(bundle)
        case 2:
            _ = try TrainedNetwork.decodeDocument(bytes)
        case 3:
            _ = try BundleJSON.decode(ScalerDocument.self, from: bytes, member: .scaler).scaler()
        case 4:
            _ = try BundleJSON.decode(BundleManifest.self, from: bytes, member: .manifest)
        case 5:
            _ = try BundleJSON.decode(FeatureManifest.self, from: bytes, member: .features)
        case 6:
            _ = try HoldoutCSV.decode(bytes)
        default:
            _ = try BundleJSON.decode(ImputerDocument.self, from: bytes, member: .imputer).imputer()
        }
    } catch is BundleError {
        // Refused with a named reason: fine.
    } catch is ExpCoreError {
        // A loaded bundle whose pipeline refuses the row: fine.
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}
