import ExpDomain
import ExpBundle
import ExpCore
import ExpData
import Foundation

/// `ExpBench predict BUNDLE CSV [--rows N]`: batch throughput and single-row latency of a bundle's
/// inference pipeline, in process (benchmarks/predict_vs_sklearn.sh runs scikit-learn beside it).
///
/// - Batch: the CSV's rows tiled to N rows (default 200,000), scored in one call on 1 thread and
///   on every core; rows per second from the median of 7 runs.
/// - Single row: one raw row per call, as a server would; the median of 21 blocks of 1,000 calls.
func predictBenchmark(bundlePath: String, csvPath: String, rows: Int) throws {
    let bundle = try BundleReader.read(path: bundlePath)
    // Every schema column "selected": the raw rows in schema order, as the pipeline's raw path
    // takes them (scikit-learn's pipeline is fed the same).
    let columns = bundle.inputFeatureNames
    let batch = try FeatureDecoder(columns: columns, selectedIndices: Array(columns.indices), imputesMissingValues: true)
        .read(path: csvPath)
    let p = batch.values.columns
    var tiled = Matrix<Double>(rows: rows, columns: p)
    for r in 0..<rows {
        let source = r % batch.rowCount
        for j in 0..<p { tiled.elements[r * p + j] = batch.values.elements[source * p + j] }
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var results: [String: Double] = [:]
    for threads in Set([1, cores]).sorted() {
        var samples: [Double] = []
        for _ in 0..<7 {
            samples.append(try seconds { _ = try bundle.pipeline.predictProbabilities(tiled, threads: threads) })
        }
        results["batch_rows_per_second_threads_\(threads)"] = Double(rows) / median(samples)
    }
    let singles = (0..<min(batch.rowCount, 1000)).map {
        Matrix<Double>(rows: 1, columns: p, elements: Array(batch.values.row($0)))
    }
    var sink = 0.0
    var blocks: [Double] = []
    for _ in 0..<21 {
        blocks.append(try seconds {
            for i in 0..<1000 { sink += try bundle.pipeline.predictProbabilities(singles[i % singles.count])[0] }
        } / 1000)
    }
    results["single_row_seconds"] = median(blocks)
    results["checksum"] = sink
    let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
