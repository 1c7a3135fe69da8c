import ExpDomain
/// Computes each ``PreparedFold`` once and shares it between concurrent trials.
///
/// The first request for a key starts the computation; later requests for the same key await the
/// same task. The value depends only on the key, the data and the sweep seed, so it is identical
/// whichever worker computes it.
public actor PreparedFoldCache {
    public let data: ExperimentData
    public let seed: UInt64
    private var tasks: [PreprocessingKey: Task<PreparedFold, any Error>] = [:]

    public init(data: ExperimentData, seed: UInt64) {
        self.data = data
        self.seed = seed
    }

    public func prepared(_ key: PreprocessingKey) async throws -> PreparedFold {
        if let task = tasks[key] { return try await task.value }
        let data = self.data, seed = self.seed
        let task = Task { try PreparedFold.prepare(data, key: key, seed: seed) }
        tasks[key] = task
        return try await task.value
    }

    /// How many distinct preprocessings have been started.
    public var count: Int { tasks.count }
}
