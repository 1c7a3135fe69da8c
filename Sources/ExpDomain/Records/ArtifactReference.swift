/// Where a registered model's bundle is, as the registry records it: a reference, not a path.
///
/// Today every bundle is a file (`file:` references, written as the absolute path for
/// compatibility with stores of earlier exp versions, which hold plain paths). A store shared by
/// several hosts will also keep bundle bytes itself; such references get a scheme of their own, and
/// code that needs a file asks ``filePath`` instead of assuming one.
///
/// ```swift
/// let reference = ArtifactReference.file("/work/artifacts/fraud-v3.tar.gz")
/// reference.filePath   // "/work/artifacts/fraud-v3.tar.gz"
/// reference.stored     // "/work/artifacts/fraud-v3.tar.gz" (what the registry column holds)
/// ```
public struct ArtifactReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry's stored text: an absolute path for a file, else `scheme:rest`.
    public let stored: String

    /// Reads the registry's stored text.
    public init(stored: String) {
        self.stored = stored
    }

    /// A bundle file at `absolutePath`.
    public static func file(_ absolutePath: String) -> ArtifactReference {
        ArtifactReference(stored: absolutePath)
    }

    /// The file the reference names, or nil when the bundle is not a local file.
    public var filePath: String? {
        if stored.hasPrefix("/") { return stored }
        if stored.hasPrefix("file://") { return String(stored.dropFirst("file://".count)) }
        // A relative path (stores written before paths were made absolute) is a file too.
        return stored.contains(":") ? nil : stored
    }

    public var description: String { stored }
}
