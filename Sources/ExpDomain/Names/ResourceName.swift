/// The one rule for the names a user gives things in exp: sweeps, registered models and aliases.
///
/// A name is 1 to ``maximumLength`` ASCII characters: a letter or digit first, then letters,
/// digits, `.`, `_` or `-`. Such a name is safe in a file name (`artifacts/NAME-v3.tar.gz`), in a
/// URL path and in a shell command without quoting. A sweep name must also hold at least one
/// character that is not a digit, because a number on the command line names a sweep by its ID
/// (`exp report sweep 3`), so an all-digit sweep name could be created but never found by name.
///
/// ```swift
/// try ResourceName.validate("bankruptcy-mlp", as: .sweep)   // fine
/// try ResourceName.validate("2024", as: .sweep)             // DomainError: all digits
/// ResourceName.isValid("fraud.v2", as: .model)              // true
/// ```
public enum ResourceName {
    /// What a name names; the rule differs only for sweeps (see ``ResourceName``).
    public enum Kind: String, Sendable, CaseIterable {
        case sweep
        case model
        case alias

        public var noun: String {
            switch self {
            case .sweep: "sweep name"
            case .model: "model name"
            case .alias: "alias"
            }
        }

        var withArticle: String { self == .alias ? "an alias" : "a \(noun)" }
    }

    /// Names longer than this are refused (a file name must stay well under 255 bytes).
    public static let maximumLength = 100

    public static func isValid(_ name: String, as kind: Kind) -> Bool {
        problem(with: name, as: kind) == nil
    }

    /// Throws ``DomainError/invalidName(kind:name:reason:)`` naming the rule that `name` breaks.
    public static func validate(_ name: String, as kind: Kind) throws(DomainError) {
        if let reason = problem(with: name, as: kind) {
            throw .invalidName(kind: kind, name: name, reason: reason)
        }
    }

    /// Why `name` is not a valid name of `kind`, in the user's terms, or nil when it is valid.
    public static func problem(with name: String, as kind: Kind) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return "\(kind.withArticle) cannot be empty" }
        guard bytes.count <= maximumLength else {
            return "\(kind.withArticle) has at most \(maximumLength) characters (this one has \(name.count))"
        }
        guard isAlphanumeric(first) else {
            return "\(kind.withArticle) starts with a letter or a digit"
        }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else {
            return "\(kind.withArticle) uses only letters, digits, '.', '_' and '-'"
        }
        if kind == .sweep, bytes.allSatisfy({ isDigit($0) }) {
            return "a sweep name needs a character other than a digit (a number names a sweep by its ID)"
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
