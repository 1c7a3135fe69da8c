import ExpCore
import ExpDomain

/// Computes each ``PreparedFold`` once and shares it between concurrent trials, keeping at most
/// ``capacity`` of them.
///
/// The first request for a key starts the computation; later requests for the same key await the
/// same task. The value depends only on the key, the data and the sweep seed, so it is identical
/// whichever worker computes it, and a fold evicted and computed again is bit for bit the same:
/// eviction costs time, never a different result. Finished entries beyond the capacity are
/// evicted least recently used first, so a search over many `k_best` values cannot grow the
/// cache without bound.
public actor PreparedFoldCache {
    public let data: ExperimentData
    public let seed: UInt64
    /// The most finished preprocessings kept (computations in flight are never evicted).
    public let capacity: Int
    private var entries: [PreprocessingKey: Entry] = [:]
    private var clock: UInt64 = 0
    /// How many preprocessings have been started (evicted ones included).
    public private(set) var computed = 0

    private struct Entry {
        var task: Task<PreparedFold, any Error>
        var lastUse: UInt64
        var finished = false
    }

    /// - Parameter capacity: default four per fold (a grid over three `k_best` values and the
    ///   resampling choices of one sweep fits).
    public init(data: ExperimentData, seed: UInt64, capacity: Int? = nil) {
        self.data = data
        self.seed = seed
        self.capacity = max(1, capacity ?? 4 * data.folds.foldCount)
    }

    /// The preprocessed fold for `key`. A new computation runs on `executor` (the calling
    /// worker's thread, see ``ComputeThreads``) when one is given.
    public func prepared(_ key: PreprocessingKey, on executor: (any TaskExecutor)? = nil) async throws -> PreparedFold {
        clock += 1
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            return try await entry.task.value
        }
        let data = self.data, seed = self.seed
        let task = Task(executorPreference: executor) { try PreparedFold.prepare(data, key: key, seed: seed) }
        entries[key] = Entry(task: task, lastUse: clock)
        computed += 1
        // A failure is as deterministic as a value, so it is kept too: every trial with this key
        // fails the same way without computing it again.
        defer { markFinished(key) }
        return try await task.value
    }

    private func markFinished(_ key: PreprocessingKey) {
        entries[key]?.finished = true
        var finished = entries.filter(\.value.finished)
        while finished.count > capacity, let oldest = finished.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            finished[oldest.key] = nil
        }
    }

    /// How many distinct preprocessings are held now.
    public var count: Int { entries.count }
}
