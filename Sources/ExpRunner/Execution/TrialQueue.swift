import ExpDomain
/// A trial handed to a worker: what to run, and the claim that proves the worker owns it.
public struct ClaimedTrial: Sendable, Equatable {
    public var trialID: Int64
    public var number: Int
    public var seed: UInt64
    /// How many times the trial has been claimed; a stale worker's attempt no longer matches.
    public var attempt: Int
    public var parameters: TrialParameters

    public init(trialID: Int64, number: Int, seed: UInt64, attempt: Int, parameters: TrialParameters) {
        self.trialID = trialID
        self.number = number
        self.seed = seed
        self.attempt = attempt
        self.parameters = parameters
    }
}

/// Where workers get trials and put results: the experiment store, in the CLI. The runner only
/// sees this protocol, so it never depends on the store.
public protocol TrialQueue: Sendable {
    /// Claims the next pending (or stale) trial for `worker`, or nil when none is left.
    func claim(worker: String) async throws -> ClaimedTrial?
    /// Extends the claim's lease; false when another worker has taken the trial over.
    func renew(_ trial: ClaimedTrial, worker: String) async throws -> Bool
    /// Records a finished trial. Throws when the claim was lost (the result is then discarded).
    func complete(_ trial: ClaimedTrial, worker: String, evaluation: TrialEvaluation) async throws
    /// Records a trial whose pipeline failed (e.g. training diverged).
    func fail(_ trial: ClaimedTrial, worker: String, message: String) async throws
}
