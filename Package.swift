// swift-tools-version: 6.2
//
// exp: reproducible machine-learning experiments on tabular data.
//
// Targets import only downward:
//
//   exp (executable, one line) ──> ExpCLI ──> ExpData ──> ExpCore
//   exp-bench (benchmarks) ───────────────────────────────┘
//
// ExpCore is the pure numeric core (no I/O, no Foundation). Later layers (store, bundle,
// report, runner, server) sit between ExpData and ExpCLI and never import one another.
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
                "ExpCore", "ExpData", "ExpStore", "ExpRunner",
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
            dependencies: ["ExpCore", "ExpData", "ExpRunner", "ExpStore"],
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
            name: "ExpCLITests",
            dependencies: ["ExpCLI", "exp"],
            swiftSettings: commonSettings
        ),
    ]
)
