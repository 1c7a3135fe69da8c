import ExpDomain
/// The one error type of the bundle library. Every case names the archive member or file it is
/// about and says why, so the message alone tells a user what to fix.
///
/// ```swift
/// do {
///     let bundle = try BundleReader.read(path: "artifacts/bankruptcy-v3.tar.gz")
/// } catch let error as BundleError {
///     print(error)  // e.g. "bundle member 'model.json' does not match its checksum in manifest.json …"
/// }
/// ```
public enum BundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A member name that could escape the extraction directory: absolute, containing `..`, or empty.
    case unsafePath(member: String, reason: String)
    /// A tar entry that is not a regular file (symlink, hard link, device, FIFO, directory, …).
    case unsupportedEntryType(member: String, type: String)
    /// The same member name appears twice in the archive.
    case duplicateMember(member: String)
    /// A reader limit was passed: compressed size, a member's size, the total decompressed size or
    /// the member count. `member` is nil for limits on the whole archive.
    case limitExceeded(member: String?, reason: String)
    /// The gzip stream or the tar structure is damaged: truncated, a bad header checksum, trailing
    /// bytes, a zlib failure. `member` is the entry being read when known.
    case corrupt(member: String?, reason: String)
    /// A member every bundle needs is absent.
    case missingMember(member: String)
    /// A member this format does not define (a bundle holds nothing else).
    case unknownMember(member: String)
    /// A member's SHA-256 differs from the one recorded in `manifest.json`.
    case checksumMismatch(member: String, expected: String, actual: String)
    /// `manifest.json` declares a `format` or `format_version` this build cannot read.
    case unsupportedFormat(reason: String)
    /// A member that cannot be decoded, or whose contents do not fit the other members
    /// (e.g. a weight count that disagrees with the layer sizes).
    case invalidMember(member: String, reason: String)
    /// A different file already exists where the bundle would be written.
    case alreadyExists(path: String)
    /// A file-system operation failed.
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsafePath(member, reason):
            "unsafe member path '\(member)' in bundle: \(reason); refusing to read it"
        case let .unsupportedEntryType(member, type):
            "bundle member '\(member)' is a \(type), not a regular file; bundles hold regular files only"
        case let .duplicateMember(member):
            "bundle member '\(member)' appears more than once in the archive"
        case let .limitExceeded(member?, reason):
            "bundle member '\(member)' exceeds a reader limit: \(reason)"
        case let .limitExceeded(nil, reason):
            "bundle exceeds a reader limit: \(reason)"
        case let .corrupt(member?, reason):
            "corrupt bundle at member '\(member)': \(reason)"
        case let .corrupt(nil, reason):
            "corrupt bundle: \(reason)"
        case let .missingMember(member):
            "bundle member '\(member)' is missing; the bundle is incomplete, rebuild it with `exp promote`"
        case let .unknownMember(member):
            "bundle member '\(member)' is not part of the exp-bundle format; bundles may hold only "
                + BundleMember.allCases.map(\.rawValue).joined(separator: ", ")
        case let .checksumMismatch(member, expected, actual):
            "bundle member '\(member)' does not match its checksum in manifest.json (expected sha256 \(expected), "
                + "got \(actual)); the bundle was modified or damaged"
        case let .unsupportedFormat(reason):
            "unsupported bundle format: \(reason)"
        case let .invalidMember(member, reason):
            "invalid bundle member '\(member)': \(reason)"
        case let .alreadyExists(path):
            "a different file already exists at '\(path)'; bundles are never overwritten, "
                + "remove it or choose another version"
        case let .fileSystem(path, reason):
            "cannot access '\(path)': \(reason)"
        }
    }
}
