import ExpDomain
import Foundation

/// Names this process's workers `host:pid`, and releases trials left running by dead processes on
/// this host, so a rerun after `kill -9` resumes at once instead of waiting for leases to expire.
enum WorkerIdentity {
    static var host: String { ProcessInfo.processInfo.hostName }

    static var current: String { "\(host):\(getpid())" }

    /// Releases the running trials of `sweepID` whose worker process on this host no longer exists.
    /// Returns how many were released.
    @discardableResult
    static func releaseOrphans(in store: any ExperimentStore, sweepID: Int64) async throws -> Int {
        var released = 0
        for trial in try await store.trials(sweepID: sweepID, states: [.running]) {
            guard let worker = trial.worker, let pid = processID(of: worker), !isAlive(pid) else { continue }
            if try await store.release(trialID: trial.id, worker: worker, attempt: trial.attempt) { released += 1 }
        }
        return released
    }

    /// The pid in `host:pid/…` when `host` is this host.
    static func processID(of worker: String) -> pid_t? {
        let main = worker.split(separator: "/").first.map(String.init) ?? worker
        guard let colon = main.lastIndex(of: ":"), main[..<colon] == host else { return nil }
        return pid_t(main[main.index(after: colon)...])
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
