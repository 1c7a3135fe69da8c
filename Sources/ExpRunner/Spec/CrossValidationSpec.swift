import ExpDomain
/// The `cv:` section. sklearn: `StratifiedKFold(n_splits=folds)`.
public struct CrossValidationSpec: Sendable, Equatable, Codable {
    /// sklearn: `n_splits`: an integer ≥ 2, default 5.
    public var folds: Int

    public init(folds: Int = 5) {
        self.folds = folds
    }

    var canonicalJSON: CanonicalJSON {
        .object([("folds", .int(folds))])
    }
}
