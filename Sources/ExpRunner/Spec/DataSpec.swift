import ExpDomain
/// The `data:` section: which data set, which column is the label, and how much to hold out.
public struct DataSpec: Sendable, Equatable, Codable {
    /// What to load, ready for `DataLoader.load(_:options:)`: `builtin:…` as written, a relative
    /// file path resolved against the spec file's directory, an absolute path as written.
    public var path: String
    /// The path exactly as written in the spec; this (not ``path``) enters ``SweepSpec/specHash``,
    /// so the hash does not depend on where the repository is checked out.
    public var declaredPath: String
    /// The label column; nil for the loader's default (`Bankrupt?` for the built-in data, the
    /// `class` attribute in ARFF; CSV files need it).
    public var label: String?
    /// The positive class as written (YAML `1` is `"1"`); nil for the loader's default
    /// (`1`, `true` or `yes`).
    public var positive: String?
    /// The stratified test fraction, in [0, 1), never seen by the sweep; 0 means no hold-out.
    /// sklearn: `train_test_split(test_size=…, stratify=y)`. Default 0.2.
    public var holdout: Double

    public init(path: String, declaredPath: String? = nil, label: String? = nil, positive: String? = nil,
                holdout: Double = 0.2) {
        self.path = path
        self.declaredPath = declaredPath ?? path
        self.label = label
        self.positive = positive
        self.holdout = holdout
    }

    var canonicalJSON: CanonicalJSON {
        var members: [(String, CanonicalJSON)] = [("path", .string(declaredPath)), ("holdout", .double(holdout))]
        if let label { members.append(("label", .string(label))) }
        if let positive { members.append(("positive", .string(positive))) }
        return .object(members)
    }
}
