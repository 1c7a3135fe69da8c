// swift-tools-version: 6.2
//
// exp: reproducible machine-learning experiments on tabular data.
//
// Targets import only downward:
//
//   exp (executable, one line) ──> ExpCLI ──┬──> ExpRunner ──> ExpData ──> ExpCore
//                                           ├──> ExpReport ───┘            ▲
//                                           ├──> ExpBundle ──> CZlib       │
//                                           ├──> ExpServer ──> Hummingbird │
//                                           └──> ExpStore ──> CSQLite      │
//   ExpBench (benchmarks) ──────────────────────────────────────────────────┘
//
// ExpCore is the pure numeric core (no I/O, no Foundation). The store, bundle, report, runner
// and server libraries never import one another; ExpCLI wires them together.
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
        // Reading and validating data sets (CSV, ARFF), data-quality summaries and the
        // built-in synthetic bankruptcy data.
        .target(
            name: "ExpData",
            dependencies: ["ExpCore"],
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
            dependencies: ["CSQLite"],
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
            dependencies: ["ExpCore", "CZlib"],
            swiftSettings: commonSettings
        ),
        // The HTTP prediction API (Hummingbird 2) for one loaded model.
        .target(
            name: "ExpServer",
            dependencies: ["ExpCore", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: commonSettings
        ),
        // Markdown reports with SVG charts (data, sweep, model), built from plain inputs.
        .target(
            name: "ExpReport",
            dependencies: ["ExpCore", "ExpData"],
            swiftSettings: commonSettings
        ),
        // Sweep specs (YAML), trial materialisation and the leak-free cross-validation pipeline.
        .target(
            name: "ExpRunner",
            dependencies: ["ExpCore", "ExpData", .product(name: "Yams", package: "Yams")],
            swiftSettings: commonSettings + numericSettings
        ),
        // The command tree; the only target that wires the libraries together.
        .target(
            name: "ExpCLI",
            dependencies: [
                "ExpCore", "ExpData", "ExpStore", "ExpRunner", "ExpBundle", "ExpServer", "ExpReport",
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
            dependencies: ["ExpCore", "ExpData", "ExpRunner", "ExpStore", "ExpBundle"],
            swiftSettings: commonSettings + numericSettings
        ),
        .testTarget(
            name: "ExpCoreTests",
            dependencies: ["ExpCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpDataTests",
            dependencies: ["ExpData", "ExpCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpStoreTests",
            dependencies: ["ExpStore"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpRunnerTests",
            dependencies: ["ExpRunner", "ExpCore", "ExpData"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpBundleTests",
            dependencies: ["ExpBundle", "ExpCore"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpServerTests",
            dependencies: ["ExpServer", "ExpCore"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpReportTests",
            dependencies: ["ExpReport", "ExpCore", "ExpData"],
            swiftSettings: commonSettings
        ),
        .testTarget(
            name: "ExpCLITests",
            dependencies: ["ExpCLI", "exp"],
            swiftSettings: commonSettings
        ),
    ]
)
