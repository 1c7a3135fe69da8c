import ArgumentParser
import ExpDomain

/// A sweep named on the command line: its ID (`3`) or its name (`bankruptcy-mlp`, meaning the
/// most recent sweep of that name). MLflow and Optuna users name studies and experiments, not
/// numbers, so both are accepted wherever a sweep is asked for.
enum SweepReference: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    case id(Int64)
    case name(String)

    init?(argument: String) {
        if let id = Int64(argument) {
            guard id >= 1 else { return nil }
            self = .id(id)
        } else {
            guard !argument.isEmpty else { return nil }
            self = .name(argument)
        }
    }

    var description: String {
        switch self {
        case let .id(id): "\(id)"
        case let .name(name): "'\(name)'"
        }
    }

    /// The sweep's ID in `store`; an unknown ID or name is an error naming it and the store.
    func resolve(in store: any SweepStore) async throws -> Int64 {
        switch self {
        case let .id(id):
            guard try await store.sweep(id: id) != nil else { throw CLIError("no sweep \(id) in \(store.location)") }
            return id
        case let .name(name):
            if let latest = try await store.latestSweep(named: name) { return latest.id }
            let known = Set(try await store.sweeps().map(\.name)).sorted().prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            throw CLIError("no sweep named '\(name)' in \(store.location)\(known.isEmpty ? "" : " (sweeps: \(known))")")
        }
    }
}
