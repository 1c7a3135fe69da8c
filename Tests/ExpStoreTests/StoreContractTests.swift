import ExpDomain
import ExpStore
import ExpTestSupport
import Testing

/// The store contract (``StoreContract``), run against every backend of this package: the SQLite
/// store (through its async ``SQLiteExperimentStore`` face) and the in-memory store the workflow
/// tests use. A new backend (PostgreSQL) adds itself to ``Backend``.
@Suite("Store contract, every backend")
struct StoreContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite
        case memory

        var testDescription: String { rawValue }

        func make(in directory: TemporaryDirectory) async throws -> any ExperimentStore {
            switch self {
            case .sqlite: try await SQLiteExperimentStore.open(path: directory.path("contract.sqlite"))
            case .memory: InMemoryStore()
            }
        }
    }

    /// One check on one backend, named "sqlite: claims go in trial order, …" in the test output.
    struct Case: Sendable, CustomTestStringConvertible {
        var backend: Backend
        var check: Int

        var testDescription: String { "\(backend.rawValue): \(StoreContract.checks[check].name)" }
    }

    static let cases: [Case] = Backend.allCases.flatMap { backend in
        StoreContract.checks.indices.map { Case(backend: backend, check: $0) }
    }

    @Test("contract", arguments: cases)
    func contract(_ c: Case) async throws {
        let directory = try TemporaryDirectory()
        let store = try await c.backend.make(in: directory)
        try await StoreContract.checks[c.check].run(store)
    }
}
