import ExpDomain
/// A place in a spec file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SpecLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
