import ExpDomain
/// The files a bundle may hold, by archive name. The archive stores them sorted by name.
public enum BundleMember: String, Sendable, CaseIterable, Comparable {
    /// Identity, lineage, schema, decision rule, metrics, environment and member checksums.
    case manifest = "manifest.json"
    /// The network: dtype, layer sizes, activation, GEMM accumulation, weights and biases.
    case model = "model.json"
    /// The fitted `StandardScaler` over the selected features.
    case scaler = "scaler.json"
    /// The selected features in input order, with their raw column and F-test scores.
    case features = "features.json"
    /// The fitted `SimpleImputer` over the raw features; present only when one was fitted.
    case imputer = "imputer.json"
    /// `row_id,probability` for every holdout row, as predicted at promotion time.
    case holdout = "holdout.csv"
    /// A short model card in Markdown, generated from the other members.
    case modelCard = "MODEL.md"

    /// Whether every bundle must hold this member.
    public var isRequired: Bool { self != .imputer }

    public static func < (lhs: BundleMember, rhs: BundleMember) -> Bool {
        Array(lhs.rawValue.utf8).lexicographicallyPrecedes(Array(rhs.rawValue.utf8))
    }
}
