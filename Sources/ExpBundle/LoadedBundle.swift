import ExpDomain
/// A bundle read from disk together with the file it came from (for the digest a server reports).
public struct LoadedBundle: Sendable, Equatable {
    public var bundle: ModelBundle
    public var file: BundleFile

    public init(bundle: ModelBundle, file: BundleFile) {
        self.bundle = bundle
        self.file = file
    }
}
