import ExpDomain
/// The one error type of sweep specs: what is wrong, and where in which file.
///
/// `description` reads like a compiler diagnostic, so a user can jump to the line:
/// ```text
/// experiments/x.yaml:12:5: model.alpha: expected a number ≥ 0, got -1
/// experiments/x.yaml:3:3: search.parameters.alpah: unknown key 'alpah'; did you mean 'alpha'?
/// experiments/x.yaml: data.path: missing required key 'path'
/// ```
/// Tests match on ``keyPath`` and ``line``; people read ``description``.
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The spec file path as the user gave it (or a name such as `<inline>` for YAML text).
    public var file: String
    /// The 1-based line in the file, when the problem is tied to a place in it.
    public var line: Int?
    /// The 1-based column (counted in Unicode scalars), when known.
    public var column: Int?
    /// Where in the spec the problem is, e.g. `search.parameters.alpha[2]`; empty for the
    /// document as a whole.
    public var keyPath: String
    /// A human-readable explanation, without the location prefix.
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// An error at `location` (nil when the problem has no place in the file, e.g. a missing key).
    init(file: String, location: SpecLocation?, keyPath: String, message: String) {
        self.init(file: file, line: location?.line, column: location?.column, keyPath: keyPath, message: message)
    }

    /// `file:line:column: key.path: message`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        return text + message
    }
}
