import ArgumentParser
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

    func open(readOnly: Bool = false) throws -> ExperimentStore {
        try ExperimentStore(path: path, readOnly: readOnly)
    }
}
