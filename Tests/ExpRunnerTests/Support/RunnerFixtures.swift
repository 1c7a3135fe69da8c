import ExpData
import ExpDomain
import ExpRunner
import ExpTestSupport
import Foundation

/// Specs and sessions for the workflow tests, on the built-in synthetic data.
enum RunnerFixtures {
    /// A grid spec over `hidden` layer sizes on `rows` rows of the built-in data.
    static func spec(name: String = "runner", rows: Int = 600, hidden: [[Int]] = [[8], [16]], folds: Int = 3,
                     maxIter: Int = 30, extraModel: String = "", seed: Int = 7) -> String {
        """
        name: \(name)
        data:
          path: builtin:bankruptcy?rows=\(rows)
          holdout: 0.2
        seed: \(seed)
        cv:
          folds: \(folds)
        search:
          method: grid
          parameters:
            hidden_layers: [\(hidden.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: ", "))]
        model:
          max_iter: \(maxIter)
          resampling: smote-tomek
          k_best: 20
        \(extraModel)
        """
    }

    static func session(_ yaml: String) throws -> SweepSession {
        let spec = try SweepSpec.parse(yaml: yaml, file: "runner.yaml")
        return try SweepSession(spec: spec, storedSpec: StoredSpec(path: "runner.yaml", baseDirectory: nil, yaml: yaml,
                                                                   canonical: spec.canonicalJSON))
    }

    static let provenance = SweepSession.Provenance(expVersion: "test", command: "exp sweep runner.yaml")

    /// Runs the whole session into a fresh in-memory store; returns the store and the sweep.
    static func run(_ session: SweepSession, workers: Int, lease: Duration = .seconds(60),
                    onEvent: @escaping @Sendable (SweepExecutor.Event) -> Void = { _ in }) async throws
        -> (store: InMemoryStore, sweep: SweepRecord)
    {
        let store = InMemoryStore()
        let (sweep, _) = try await session.open(in: store, provenance: provenance)
        try await session.run(sweep, queue: store, workers: workers, workerName: "test:1", lease: lease, onEvent: onEvent)
        return (store, sweep)
    }

    /// Every trial's fold metrics, curves and out-of-fold predictions, by trial number, as bits.
    static func results(_ store: InMemoryStore, sweep: SweepRecord) async throws -> [Int: [String]] {
        var results: [Int: [String]] = [:]
        for trial in try await store.trials(sweepID: sweep.id) {
            guard let detail = try await store.trial(id: trial.id) else { continue }
            var lines = detail.folds.map { fold in
                fold.metrics.keys.sorted().map { "\($0)=\(fold.metrics[$0]?.bitPattern ?? 0)" }.joined(separator: ",")
                    + ";" + fold.curvesJSON
            }
            lines.append((detail.oofPredictions ?? []).map { String($0.bitPattern) }.joined(separator: ","))
            results[trial.number] = lines
        }
        return results
    }
}

/// Collects a sweep's events from the workers' threads.
final class EventLog: Sendable {
    private let events = Locked<[SweepExecutor.Event]>([])

    func record(_ event: SweepExecutor.Event) { events.withValue { $0.append(event) } }

    var all: [SweepExecutor.Event] { events.withValue { $0 } }

    var lost: Int { all.filter { if case .lost = $0 { true } else { false } }.count }
    var failed: [String] { all.compactMap { if case let .failed(_, _, message) = $0 { message } else { nil } } }
}
