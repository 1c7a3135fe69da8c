import ExpDomain
/// The `search:` section: how trials are chosen and which parameters vary.
public struct SearchSpec: Sendable, Equatable, Codable {
    /// How trials are chosen.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every combination of the listed values (sklearn: `GridSearchCV`).
        case grid
        /// `trials` seeded draws (sklearn: `RandomizedSearchCV`).
        case random
    }

    /// `grid` (default) or `random`.
    public var method: Method
    /// The number of trials of random search; nil for grid search.
    public var trials: Int?
    /// The searched parameters, in the spec's order (which decides the grid's order).
    public var parameters: [SearchParameter]

    public init(method: Method = .grid, trials: Int? = nil, parameters: [SearchParameter] = []) {
        self.method = method
        self.trials = trials
        self.parameters = parameters
    }

    var canonicalJSON: CanonicalJSON {
        var members: [(String, CanonicalJSON)] = [
            ("method", .string(method.rawValue)),
            ("parameters", .array(parameters.map(\.canonicalJSON))),
        ]
        if let trials { members.append(("trials", .int(trials))) }
        return .object(members)
    }
}
