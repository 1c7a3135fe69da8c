// swift-tools-version: 6.2
//
// exp: reproducible machine-learning experiments on tabular data.
//
// Targets import only downward:
//
//   exp (executable, one line) ──> ExpCLI ──┬──> ExpRunner ──┐
//                                           ├──> ExpReport ──┤
//                                           ├──> ExpServer ──┼──> ExpData ──> ExpDomain ──> ExpCore
//                                           ├──> ExpBundle ──┤                  ▲
//                                           └──> ExpStore ───┴──────────────────┘
//   ExpBench (benchmarks) ──> the libraries
//
// ExpCore is the pure numeric core (no I/O, no Foundation). ExpDomain is the model every layer
// shares: names, trial states, metric summaries, typed trial records, the JSON value, and the
// store protocols a backend implements. The store, bundle, report, runner and server libraries
// never import one another; ExpCLI wires them together.
import PackageDescription

/// Release speed depends on these flags (see ../shared/notes/KERNELS.md):
/// - `-Xcc -fno-math-errno` lets `sqrt` compile to `vsqrtsd`/`vsqrtpd` instead of a libm call.
/// - `-target-cpu haswell` enables AVX2 (the kernels use 256-bit vectors). The binary then runs on
///   any x86-64 CPU with AVX2. Results do not depend on these flags: the kernels never fuse
///   multiply-add and use a fixed summation order.
/// The manifest is compiled for the host, so `#if arch` picks the flags of the machine that builds.
#if arch(x86_64)
let cpuFlags: [String] = ["-target-cpu", "haswell"]
#else
let cpuFlags: [String] = []
#endif

let numericSettings: [SwiftSetting] = [
    .unsafeFlags(cpuFlags + ["-Xcc", "-fno-math-errno"]),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
    // Unoptimised SIMD code is 50-100x slower, which makes every sweep in a debug build (and the
    // tests that run the built binary) crawl; the numeric targets are optimised in debug too.
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let commonSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "exp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "exp", targets: ["exp"]),
        .library(name: "ExpCore", targets: ["ExpCore"]),
        .library(name: "ExpData", targets: ["ExpData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Traits off: neither swift-configuration nor full Foundation is needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        // Pure numerics and ML: matrices and kernels, RNG, preprocessing, selection,
        // resampling, splitting, the MLP and metrics. No I/O.
        .target(
            name: "ExpCore",
            swiftSettings: commonSettings + numericSettings
        ),
        // The domain model under every layer: names (one rule), trial states, metric summaries,
        // typed trial records, the JSON value, and the async store protocols with their neutral
        // error, which the SQLite (and later PostgreSQL) backends implement.
        .target(
            name: "ExpDomain",
            dependencies: ["ExpCore"],
            swiftSettings: commonSettings
        ),
        // Reading and validating data sets (CSV, ARFF), data-quality summaries, the built-in
        // synthetic bankruptcy data and the prediction input decoder.
        .target(
            name: "ExpData",
            dependencies: ["ExpCore", "ExpDomain"],
            swiftSettings: commonSettings + numericSettings
        ),
        // libsqlite3 (Debian: libsqlite3-dev), through a module map and a small shim header.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The SQLite experiment store: sweeps, trials, folds, metrics, leases, migrations.
        .target(
            name: "ExpStore",
            dependencies: ["ExpDomain", "CSQLite"],
            swiftSettings: commonSettings
        ),
        // zlib (Debian: zlib1g-dev) for gzip, through a module map and a shim for its macros.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Model bundles: deterministic gzip'd ustar archives, their manifest, reader limits and
        // verification by re-scoring.
        .target(
            name: "ExpBundle",
            dependencies: ["ExpCore", "ExpDomain", "CZlib"],
            swiftSettings: commonSettings
        ),
        // The HTTP prediction API (Hummingbird 2) for one loaded model.
        .target(
            name: "ExpServer",
            dependencies: ["ExpCore", "ExpDomain", "ExpData", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: commonSettings
        ),
        // Markdown reports with SVG charts (data, sweep, model), built from plain inputs.
        .target(
            name: "ExpReport",
            dependencies: ["ExpCore", "ExpDomain", "ExpData"],
            swiftSettings: commonSettings
        ),
        // Sweep specs (YAML), trial materialisation and the leak-free cross-validation pipeline.
        .target(
            name: "ExpRunner",
            dependencies: ["ExpCore", "ExpDomain", "ExpData", .product(name: "Yams", package: "Yams")],
            swiftSettings: commonSettings + numericSettings
        ),
        // The command tree; the only target that wires the libraries together.
        .target(
            name: "ExpCLI",
            dependencies: [
                "ExpCore", "ExpDomain", "ExpData", "ExpStore", "ExpRunner", "ExpBundle", "ExpServer", "ExpReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: commonSettings + numericSettings
        ),
        .executableTarget(
            name: "exp",
            dependencies: ["ExpCLI"],
            swiftSettings: commonSettings
        ),
        // `swift run -c release ExpBench`: kernel and training benchmarks (benchmarks/run.sh
        // runs them side by side with scikit-learn).
        .executableTarget(
            name: "ExpBench",
            dependencies: ["ExpCore", "ExpDomain", "ExpData", "ExpRunner", "ExpStore", "ExpBundle"],
            swiftSettings: commonSettings + numericSettings
        ),
        // Helpers every test target shares: temporary directories, tolerances, the raw HTTP
        // client, the dedicated test executor, the in-memory store. Not part of the product.
        .target(
            name: "ExpTestSupport",
            dependencies: ["ExpDomain"],
            path: "Tests/ExpTestSupport",
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpDomainTests",
            dependencies: ["ExpDomain", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpCoreTests",
            dependencies: ["ExpCore", "ExpDomain", "ExpTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpDataTests",
            dependencies: ["ExpData", "ExpCore", "ExpTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpStoreTests",
            dependencies: ["ExpStore", "ExpDomain", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpRunnerTests",
            dependencies: ["ExpRunner", "ExpDomain", "ExpCore", "ExpData", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpBundleTests",
            dependencies: ["ExpBundle", "ExpDomain", "ExpCore", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpServerTests",
            dependencies: ["ExpServer", "ExpDomain", "ExpData", "ExpCore", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpReportTests",
            dependencies: ["ExpReport", "ExpDomain", "ExpCore", "ExpData", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpCLITests",
            dependencies: ["ExpCLI", "exp", "ExpDomain", "ExpStore", "ExpTestSupport"],
            swiftSettings: commonSettings
        ),
    ]
)
