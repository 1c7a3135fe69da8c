import ExpDomain
/// A bundle on disk: where it is, its SHA-256 digest (the bundle digest) and its size.
public struct BundleFile: Sendable, Equatable {
    /// The path as given to the writer or reader.
    public var path: String
    /// Lowercase hex SHA-256 of the `.tar.gz` bytes.
    public var digest: String
    /// The file's size in bytes.
    public var size: Int

    public init(path: String, digest: String, size: Int) {
        self.path = path
        self.digest = digest
        self.size = size
    }
}
