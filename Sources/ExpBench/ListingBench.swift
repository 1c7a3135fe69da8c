import ExpDomain
import ExpStore
import Foundation

/// `ExpBench listing [--trials N]`: generates a store with N finished trials and times the sorted
/// listing `exp runs list --sort roc_auc --limit 20` performs (open read-only, query), plus the
/// same through the built `exp` binary when it is next to this one.
func listingBenchmark(trials: Int) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exp-listing-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("store.sqlite").path
    let generate = try seconds { try SQLiteStore.generateSyntheticStore(path: path, trials: trials) }
    print("generated \(trials) trials in \(String(format: "%.1f", generate)) s")
    var samples: [Double] = []
    for _ in 0..<9 {
        samples.append(try seconds {
            let store = try SQLiteStore(path: path, readOnly: true)
            let rows = try store.trials(sortBy: "roc_auc", limit: 20)
            precondition(rows.count == 20)
        })
    }
    print(String(format: "open + sorted listing (limit 20), in process: median %.2f ms", median(samples) * 1000))
    let exp = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("exp").path
    guard FileManager.default.isExecutableFile(atPath: exp) else { return }
    var processSamples: [Double] = []
    for _ in 0..<9 {
        processSamples.append(try seconds {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: exp)
            process.arguments = ["runs", "list", "--sort", "roc_auc", "--limit", "20", "--store", path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        })
    }
    print(String(format: "`exp runs list --sort roc_auc --limit 20` as a process: median %.1f ms", median(processSamples) * 1000))
}
