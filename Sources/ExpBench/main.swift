// ExpBench: kernel and training benchmarks for the numeric core.
//
//   swift run -c release ExpBench [--peak GFLOPS] [--sklearn FILE.json] [--quick]
//
// benchmarks/run.sh builds this, runs benchmarks/sklearn_epoch.py in the same session, and passes
// its JSON with --sklearn so the ratios are printed side by side. Absolute times on a shared
// machine are noisy; the ratios are the result.
import ExpCore
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let quick = arguments.contains("--quick")
if arguments.count > 1 && arguments[1] == "listing" {
    try listingBenchmark(trials: Int(option("--trials") ?? "") ?? 100_000)
    exit(0)
}
if arguments.count > 3 && arguments[1] == "predict" {
    try predictBenchmark(bundlePath: arguments[2], csvPath: arguments[3], rows: Int(option("--rows") ?? "") ?? 200_000)
    exit(0)
}
if arguments.count > 1 && arguments[1] == "pipeline" {
    try await pipelineBenchmark(source: arguments.count > 2 ? arguments[2] : "builtin:bankruptcy")
    exit(0)
}
/// Per-core float64 peak. Default: 16 FLOP/cycle (two 256-bit FMA or mul+add pipes) at the
/// 3.66 GHz measured on the reference machine (../shared/notes/KERNELS.md).
let peak = Double(option("--peak") ?? "") ?? 58.6

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

// MARK: GEMM

func gemmGFLOPS<S: KernelScalar>(_: S.Type, m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool) -> Double {
    var rng = SeededGenerator(seed: 1)
    let a = Matrix<S>(rows: transposeA ? k : m, columns: transposeA ? m : k,
                      elements: (0..<(m * k)).map { _ in S(rng.uniform(-1, 1)) })
    let b = Matrix<S>(rows: transposeB ? n : k, columns: transposeB ? k : n,
                      elements: (0..<(k * n)).map { _ in S(rng.uniform(-1, 1)) })
    var c = Matrix<S>(rows: m, columns: n)
    let reps = quick ? 20 : 200
    var samples: [Double] = []
    for _ in 0..<(quick ? 3 : 9) {
        samples.append(seconds { for _ in 0..<reps { GEMM.multiply(a, transposeA: transposeA, b, transposeB: transposeB, into: &c) } } / Double(reps))
    }
    return 2 * Double(m * n * k) / median(samples) / 1e9
}

print("exp-bench \(quick ? "(quick) " : "")— per-core float64 peak \(peak) GFLOP/s (float32: \(2 * peak))")
print("")
print("GEMM, batch-200 MLP shapes (median of 9 × 200 calls)")
print("shape                     f64 GFLOP/s  % peak   f32 GFLOP/s  % peak")
let shapes: [(String, Int, Int, Int, Bool, Bool)] = [
    ("(200×50)(50×100)", 200, 50, 100, false, false),
    ("(200×100)(100×50)", 200, 100, 50, false, false),
    ("(200×100)ᵀ(200×50)", 100, 200, 50, true, false),
    ("(200×50)ᵀ(200×100)", 50, 200, 100, true, false),
    ("(200×50)(100×50)ᵀ", 200, 50, 100, false, true),
    ("(200×95)(95×128)", 200, 95, 128, false, false),
]
var gemmResults: [(String, Double, Double)] = []
for (name, m, k, n, ta, tb) in shapes {
    let d = gemmGFLOPS(Double.self, m: m, k: k, n: n, transposeA: ta, transposeB: tb)
    let f = gemmGFLOPS(Float.self, m: m, k: k, n: n, transposeA: ta, transposeB: tb)
    gemmResults.append((name, d, f))
    let pad = name.padding(toLength: 24, withPad: " ", startingAt: 0)
    print("\(pad) \(String(format: "%11.1f  %5.0f %%   %11.1f  %5.0f %%", d, 100 * d / peak, f, 100 * f / (2 * peak)))")
}

// MARK: MLP epoch

/// Milliseconds per epoch of a 50→100→50→1 ReLU net on 10,000 rows, batch 200, Adam, measured as
/// (fit(11 epochs) − fit(1 epoch)) / 10, exactly like the scikit-learn script.
func epochMilliseconds<S: KernelScalar>(_: S.Type, accumulation: GEMM.Accumulation = .separate) throws -> Double {
    var rng = SeededGenerator(seed: 2)
    let rows = 10_000, features = 50
    var values: [Double] = [], labels: [Int] = []
    for _ in 0..<rows {
        let row = (0..<features).map { _ in rng.normal() }
        values += row
        labels.append(row[0] * row[1] + row[2] > 0 ? 1 : 0)
    }
    let x = Matrix<Double>(rows: rows, columns: features, elements: values).converted(to: S.self)
    var config = MLPConfiguration(hiddenLayerSizes: [100, 50])
    config.batchSize = 200
    config.tol = 0
    config.nIterNoChange = 1_000_000
    config.accumulation = accumulation
    func fit(_ epochs: Int) throws -> Double {
        config.maxIter = epochs
        var g = SeededGenerator(seed: 3)
        return try seconds { _ = try MLPClassifier<S>.fit(x, labels: labels, configuration: config, generator: &g) }
    }
    _ = try fit(1)
    var samples: [Double] = []
    for _ in 0..<(quick ? 2 : 7) {
        let long = try fit(11), short = try fit(1)
        samples.append((long - short) / 10 * 1000)
    }
    return median(samples)
}

print("")
print("MLP epoch: 50→100→50→1 ReLU, 10,000 rows, batch 200, Adam (median of \(quick ? 2 : 7))")
let f64 = try epochMilliseconds(Double.self)
let f32 = try epochMilliseconds(Float.self)
let f64Fused = try epochMilliseconds(Double.self, accumulation: .fused)
let f32Fused = try epochMilliseconds(Float.self, accumulation: .fused)
print(String(format: "exp float64          %7.2f ms/epoch   (default: separate multiply and add)", f64))
print(String(format: "exp float32          %7.2f ms/epoch", f32))
print(String(format: "exp float64 fused    %7.2f ms/epoch   (opt-in FMA accumulation)", f64Fused))
print(String(format: "exp float32 fused    %7.2f ms/epoch", f32Fused))

if let path = option("--sklearn") {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    struct SklearnEpoch: Decodable { let float64_ms: Double; let float32_ms: Double; let sklearn: String; let numpy: String }
    let sk = try JSONDecoder().decode(SklearnEpoch.self, from: data)
    print(String(format: "sklearn float64      %7.2f ms/epoch   (scikit-learn %@, numpy %@, 1 BLAS thread)", sk.float64_ms, sk.sklearn, sk.numpy))
    print(String(format: "sklearn float32      %7.2f ms/epoch", sk.float32_ms))
    print("")
    print("Speed-up over scikit-learn per epoch, same dtype (higher is better)")
    print("                 separate   fused")
    print(String(format: "float64          %6.2f×   %6.2f×", sk.float64_ms / f64, sk.float64_ms / f64Fused))
    print(String(format: "float32          %6.2f×   %6.2f×", sk.float32_ms / f32, sk.float32_ms / f32Fused))
    print(String(format: "float32 vs scikit-learn's default float64: %.2f× (fused %.2f×)", sk.float64_ms / f32, sk.float64_ms / f32Fused))
}
