import Foundation
import Testing

/// The built `exp` executable, for end-to-end tests that run it as a separate process.
enum ExpBinary {
    /// The result of one finished run of `exp`.
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// `true` when the process ended by a signal (`status` is then the signal number).
        var signaled = false
    }

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
        // #filePath is …/Tests/ExpCLITests/Support/ExpBinary.swift.
        var packageRoot = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { packageRoot.deleteLastPathComponent() }
        return packageRoot.appendingPathComponent(".build/debug/exp")
    }()

    /// Runs `exp` with `arguments` to completion. Output goes through temporary files, so large
    /// outputs cannot block on a full pipe.
    static func run(_ arguments: [String], in directory: URL? = nil, timeout: Duration = .seconds(120)) throws -> Run {
        try start(arguments, in: directory).wait(timeout: timeout)
    }

    /// Starts `exp` with `arguments` and returns at once.
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> Running
    {
        try Running(arguments: arguments, directory: directory, extraEnvironment: environment)
    }

    /// A running `exp` process.
    final class Running {
        let process = Process()
        private let outputDirectory: URL
        private let out: URL
        private let err: URL
        let arguments: [String]

        init(arguments: [String], directory: URL?, extraEnvironment: [String: String] = [:]) throws {
            self.arguments = arguments
            outputDirectory = try TemporaryDirectory.make(prefix: "exp-output")
            out = outputDirectory.appendingPathComponent("stdout")
            err = outputDirectory.appendingPathComponent("stderr")
            try Data().write(to: out)
            try Data().write(to: err)
            process.executableURL = ExpBinary.url
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            // Without `EXP_STORE`, a forgotten `--store` cannot touch a store outside the test's
            // temporary directory.
            var environment = ProcessInfo.processInfo.environment
            environment["EXP_STORE"] = nil
            environment.merge(extraEnvironment) { _, new in new }
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            try process.run()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: outputDirectory)
        }

        var pid: pid_t { process.processIdentifier }
        var isRunning: Bool { process.isRunning }

        /// What the process has written to stderr so far.
        var stderrSoFar: String { String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self) }

        func signal(_ sig: Int32) {
            kill(process.processIdentifier, sig)
        }

        /// Waits for the process to end; after `timeout` it is killed and the test fails.
        func wait(timeout: Duration = .seconds(120)) throws -> Run {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now > deadline {
                    kill(process.processIdentifier, SIGKILL)
                    Issue.record("exp \(arguments.joined(separator: " ")) did not finish within \(timeout); killed it")
                    process.waitUntilExit()
                    break
                }
                usleep(10_000)
            }
            process.waitUntilExit()
            return Run(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
                signaled: process.terminationReason == .uncaughtSignal)
        }
    }
}

/// Temporary directories for end-to-end tests.
enum TemporaryDirectory {
    static func make(prefix: String = "exp-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
