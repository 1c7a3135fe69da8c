/// The model registry: numbered, immutable versions per model name and movable aliases.
public protocol ModelRegistry: Sendable {
    /// The version number the next promotion of `name` gets (1 for a new name).
    func nextModelVersion(name: String) async throws -> Int
    /// Registers `model` as version `version` of its name; `version` must still be the next one
    /// (a concurrent promotion that registered first makes this one fail with
    /// ``StoreError/Kind/invalidArgument(_:)``).
    func registerModelVersion(_ model: NewModelVersion, version: Int) async throws -> ModelVersionRecord
    /// Points `alias` at `version`; returns the version it pointed at before, if any.
    func setAlias(name: String, alias: String, version: Int, by who: String) async throws -> Int?
    func modelVersion(_ reference: ModelReference) async throws -> ModelVersionRecord?
    /// Every version of `name`, newest first.
    func modelVersions(name: String) async throws -> [ModelVersionRecord]
    /// The versions promoted from a trial.
    func modelVersions(trialID: Int64) async throws -> [ModelVersionRecord]
    /// Every model name with its latest version and aliases.
    func models() async throws -> [ModelSummary]
}

/// A whole experiment store: sweeps, the trial queue and the registry, behind one backend.
///
/// ``SweepStore``, ``TrialQueue`` and ``ModelRegistry`` are the contract: the SQLite store
/// implements it now, and every backend passes the same contract test suite.
public protocol ExperimentStore: SweepStore, TrialQueue, ModelRegistry {}
