import Foundation
import Testing

/// A child process of the tests (`exp` itself, or `tar`, `gzip`, `sh`, `setpriv`, `rsvg-convert`):
/// spawned with `posix_spawn`, with stdin on `/dev/null`, stdout and stderr written
/// to files (a large output can never block on a full pipe), every other descriptor closed in
/// the child, and watched by a thread of its own.
///
/// ```swift
/// let run = try await Child("/bin/sh", ["-c", "echo hi"]).finish()
/// #expect(run.status == 0 && run.stdout == "hi\n")
/// ```
///
/// Contract:
/// - The child's environment is the test process's without `EXP_STORE` (a forgotten `--store`
///   cannot touch a real store), then `environment` merged over it.
/// - ``finish(sourceLocation:)`` waits with `await` and holds no thread meanwhile: use it from
///   tests and tasks. ``waitBlocking(sourceLocation:)`` blocks its caller: use it only on threads
///   the test created itself, never on a task.
/// - A child still running at its deadline (`timeout` after the start, or earlier through
///   ``finish(timeout:sourceLocation:)``) is killed with `SIGKILL` by the watcher thread,
///   whatever the load on the cooperative pool, and waiting for it then records an issue.
/// - A child still running when the last reference to its `Child` goes away is killed with
///   `SIGKILL`: a test that fails half-way leaves no process behind.
///
/// Why not `Foundation.Process`: on Linux it learns that a child ended when a socket it shares
/// with the child is closed, and that socket (created without close-on-exec) leaks into any
/// child spawned at the same moment by another test. Then one long-lived child (`exp serve`, a
/// stopped worker, a sweep) keeps short ones "running" until it ends, and, worse, it can hold
/// sockets of the in-process server tests open. And waiting for a `Process` means polling or
/// `waitUntilExit()`, both of which hold a thread of the cooperative pool (one per core, two on
/// CI) for the child's whole life, starving every async test meanwhile. Here the child inherits
/// nothing (`posix_spawn_file_actions_addclosefrom_np`), its end is seen by `waitpid`, and
/// waiting holds no pool thread.
public final class Child: Sendable {
    /// The result of one finished child process.
    public struct Run: Sendable {
        /// The exit status, or the signal number when ``signaled``.
        public var status: Int32
        /// The standard output, decoded as UTF-8 (see ``stdoutBytes`` for binary output).
        public var stdout: String
        /// The standard output as written.
        public var stdoutBytes: [UInt8]
        public var stderr: String
        /// `true` when the process ended by a signal (`status` is then the signal number).
        public var signaled = false
    }

    /// A child that could not be started, or whose end was not seen.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    public let executable: String
    public let arguments: [String]
    /// When the child was started (just before it was spawned).
    public let started: ContinuousClock.Instant
    private let state: State
    private let outputDirectory: URL
    private let out: URL
    private let err: URL

    /// Starts `executable` (a path) with `arguments` in `directory` (the current one if nil), with
    /// `environment` over the test process's (see the type's contract); after `timeout` it is
    /// killed.
    public init(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                environment: [String: String] = [:], timeout: Duration = .seconds(120)) throws {
        self.executable = executable
        self.arguments = arguments
        outputDirectory = try TemporaryDirectory.make(prefix: "exp-child")
        out = outputDirectory.appendingPathComponent("stdout")
        err = outputDirectory.appendingPathComponent("stderr")
        started = .now
        state = State(deadline: started + timeout)
        do {
            pid = try Self.spawn(executable, arguments, directory: directory, environment: environment,
                                 stdout: out.path, stderr: err.path)
        } catch {
            try? FileManager.default.removeItem(at: outputDirectory)
            throw error
        }
        let pid = pid, state = state
        Thread { Self.watch(pid, state) }.start()
    }

    deinit {
        signal(SIGKILL)
        try? FileManager.default.removeItem(at: outputDirectory)
    }

    /// Whether the child has not ended yet (as last seen by the watcher, every 2 ms).
    public var isRunning: Bool {
        state.condition.lock()
        defer { state.condition.unlock() }
        return state.ended == nil
    }

    /// Sends `signal` while the child runs; does nothing once it has ended (its pid may then be
    /// another process's).
    public func signal(_ signal: Int32) {
        state.condition.lock()
        defer { state.condition.unlock() }
        if state.ended == nil { kill(pid, signal) }
    }

    /// The path of the executable `name` in the first of `directories` that has one, or nil
    /// (`tar` and `gzip` live in /bin or /usr/bin, depending on the distribution).
    public static func locate(_ name: String, in directories: [String] = ["/bin", "/usr/bin", "/usr/local/bin"])
        -> String?
    {
        directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What the child has written to stderr so far.
    public var stderrSoFar: String { String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self) }

    /// How long the child ran (so far, while it runs).
    public var lifetime: Duration {
        state.condition.lock()
        defer { state.condition.unlock() }
        return (state.ended ?? .now) - started
    }

    /// Waits with `await` for the child to end, holding no thread, and returns its status and
    /// output. A child killed by its timeout records an issue at `sourceLocation`.
    public func finish(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Run {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            state.condition.lock()
            if state.ended == nil {
                state.waiters.append(continuation)
                state.condition.unlock()
            } else {
                state.condition.unlock()
                continuation.resume()
            }
        }
        return try result(sourceLocation)
    }

    /// ``finish(sourceLocation:)``, killing the child (and recording an issue) if it has not
    /// ended `timeout` from now (or by its own deadline, if that comes first).
    public func finish(timeout: Duration, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Run {
        state.advanceDeadline(to: .now + timeout)
        return try await finish(sourceLocation: sourceLocation)
    }

    /// Blocks the calling thread until the child ends, then returns as
    /// ``finish(sourceLocation:)`` does. Only for threads the test created itself: never call it
    /// from a task (it would hold a thread of the cooperative pool).
    public func waitBlocking(sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        state.condition.lock()
        while state.ended == nil { state.condition.wait() }
        state.condition.unlock()
        return try result(sourceLocation)
    }

    private var command: String {
        ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
    }

    private func result(_ sourceLocation: SourceLocation) throws -> Run {
        state.condition.lock()
        let status = state.status, timedOut = state.timedOut, limit = state.deadline - started
        state.condition.unlock()
        if timedOut {
            Issue.record("\(command) did not end within \(limit) of its start; killed it", sourceLocation: sourceLocation)
        }
        guard let status else {
            throw Failure(description: "lost track of \(command) (pid \(pid)): waitpid failed")
        }
        let signaled = status & 0x7f != 0 && status & 0x7f != 0x7f
        let stdout = [UInt8](try Data(contentsOf: out))
        return Run(
            status: signaled ? status & 0x7f : (status >> 8) & 0xff,
            stdout: String(decoding: stdout, as: UTF8.self),
            stdoutBytes: stdout,
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
            signaled: signaled)
    }

    // MARK: The watcher

    /// What the watcher thread shares with the `Child`.
    private final class State: @unchecked Sendable {
        // @unchecked Sendable: every property is read and written with `condition` locked.
        let condition = NSCondition()
        /// The raw wait status, once reaped (nil after a failed `waitpid`).
        var status: Int32?
        var ended: ContinuousClock.Instant?
        var deadline: ContinuousClock.Instant
        var timedOut = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        init(deadline: ContinuousClock.Instant) { self.deadline = deadline }

        /// Moves the deadline to `instant` if that is earlier.
        func advanceDeadline(to instant: ContinuousClock.Instant) {
            condition.lock()
            deadline = min(deadline, instant)
            condition.unlock()
        }
    }

    /// The watcher thread: reaps the child and kills it at its deadline. It reaps with
    /// `condition` locked, so `signal` can never reach another process that reused the pid.
    private static func watch(_ pid: pid_t, _ state: State) {
        var raw: Int32 = 0
        var status: Int32?
        while true {
            state.condition.lock()
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid || (reaped == -1 && errno != EINTR) {
                status = reaped == pid ? raw : nil
                break  // still locked
            }
            if ContinuousClock.now > state.deadline && !state.timedOut {
                state.timedOut = true
                kill(pid, SIGKILL)
            }
            state.condition.unlock()
            usleep(2_000)
        }
        state.status = status
        state.ended = .now
        let waiting = state.waiters
        state.waiters = []
        state.condition.broadcast()
        state.condition.unlock()
        for continuation in waiting { continuation.resume() }
    }

    // MARK: posix_spawn

    private typealias FileActionsFunction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChdirFunction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np` and 2.29's
    /// `posix_spawn_file_actions_addchdir_np`, which Swift's Glibc module does not import.
    private static let closeFrom: FileActionsFunction? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: FileActionsFunction.self) }
    private static let changeDirectory: ChdirFunction? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: ChdirFunction.self) }

    private static func spawn(_ executable: String, _ arguments: [String], directory: URL?,
                              environment extra: [String: String], stdout: String, stderr: String) throws -> pid_t {
        var executable = executable, arguments = arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let closeFrom {
            _ = closeFrom(&actions, 3)
        } else {
            for fd in 3..<Int32(min(4096, sysconf(Int32(_SC_OPEN_MAX)))) where fcntl(fd, F_GETFD) != -1 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
        if let directory {
            if let changeDirectory {
                _ = changeDirectory(&actions, directory.path)
            } else {
                arguments = ["-c", "cd \"$0\" && exec \"$@\"", directory.path, executable] + arguments
                executable = "/bin/sh"
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var environment = ProcessInfo.processInfo.environment
        environment["EXP_STORE"] = nil
        environment.merge(extra) { _, new in new }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(code)))")
        }
        return pid
    }
}
