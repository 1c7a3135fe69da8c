import ExpDomain
/// One trial of a sweep, fixed before anything runs (see ``SweepSpec/materializeTrials()``).
public struct PlannedTrial: Sendable, Hashable, Codable {
    /// The position in the plan, `0..<n`: grid order, or the order of the random draws.
    public var number: Int
    /// Every setting of the trial.
    public var parameters: TrialParameters
    /// The values the search chose, in the order of `search.parameters` (empty without a search).
    public var searched: [ParameterSetting]
    /// ``TrialParameters/cellHash`` of ``parameters``.
    public var cellHash: String
    /// ``TrialParameters/seed(sweepSeed:)`` of ``parameters``.
    public var seed: UInt64

    public init(number: Int, parameters: TrialParameters, searched: [ParameterSetting], sweepSeed: UInt64) {
        self.number = number
        self.parameters = parameters
        self.searched = searched
        self.cellHash = parameters.cellHash
        self.seed = parameters.seed(sweepSeed: sweepSeed)
    }
}
