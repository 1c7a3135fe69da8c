import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// The built `exp` executable, for end-to-end tests that run it as a separate process: a thin
/// layer over ``Child``, which spawns it, captures its output in files, waits for it without
/// holding a thread of the cooperative pool, and kills it at its timeout.
enum ExpBinary {
    /// The result of one finished run of `exp`.
    typealias Run = Child.Run

    /// The `exp` executable: next to this test bundle (same build directory), else
    /// `<package>/.build/debug/exp`.
    static let url: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside `expPackageTests.xctest/Contents/MacOS`.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS"
            || directory.lastPathComponent == "Contents"
        {
            directory.deleteLastPathComponent()
        }
        let besideTests = directory.appendingPathComponent("exp")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return PackagePaths.root.appendingPathComponent(".build/debug/exp")
    }()

    /// Runs `exp` with `arguments` in `directory` to completion, waiting with `await` (no thread
    /// is held meanwhile). The environment is the test process's without `EXP_STORE`, with
    /// `environment` merged over it. A run still going after `timeout` is killed and records an
    /// issue at `sourceLocation`; its (signaled) result is returned all the same.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    timeout: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> Run
    {
        try await start(arguments, in: directory, environment: environment, timeout: timeout)
            .finish(sourceLocation: sourceLocation)
    }

    /// Starts `exp` with `arguments` in `directory` and returns at once (environment as for
    /// ``run(_:in:environment:timeout:sourceLocation:)``). The process is killed `timeout` after
    /// its start if it is still running, or as soon as the returned ``Child`` is released.
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                      timeout: Duration = .seconds(120)) throws -> Child
    {
        try Child(url.path, arguments, in: directory, environment: environment, timeout: timeout)
    }
}
