import ArgumentParser
import ExpDomain
import ExpStore
import Foundation

/// `--store PATH`, shared by every command that reads or writes the experiment store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The experiment store (default: $EXP_STORE, or experiments/exp.sqlite).")
    var store: String?

    /// The store path: `--store`, then `EXP_STORE`, then `experiments/exp.sqlite`.
    var path: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["EXP_STORE"], !env.isEmpty { return env }
        return Self.defaultPath
    }

    static let defaultPath = "experiments/exp.sqlite"

    /// Where the store is, for messages.
    var location: String { path }

    /// Whether the store is the default one (so a printed command need not name it).
    var isDefault: Bool { path == Self.defaultPath }

    /// Whether the store exists already.
    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Opens the store behind the ``ExperimentStore`` protocols, creating it when allowed.
    func open(readOnly: Bool = false) async throws -> any ExperimentStore {
        try await SQLiteExperimentStore.open(path: path, readOnly: readOnly)
    }

    /// Opens a store that must already exist (commands that only read, or that act on what a
    /// sweep stored), so a wrong path creates nothing.
    func openExisting(readOnly: Bool) async throws -> any ExperimentStore {
        guard exists else {
            throw CLIError("there is no store at \(path); run `exp sweep` first, or pass --store")
        }
        return try await open(readOnly: readOnly)
    }
}
