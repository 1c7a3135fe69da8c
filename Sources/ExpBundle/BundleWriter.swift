import ExpDomain
import ExpCore

/// Writes bundles: a gzip'd POSIX ustar archive of the members, sorted by name, byte for byte the
/// same for the same bundle (fixed tar metadata, gzip header without time or name, deflate level 9).
///
/// ```swift
/// let file = try BundleWriter.write(bundle, to: "artifacts/" + bundle.fileName)
/// print(file.digest)   // the bundle digest: SHA-256 of the .tar.gz
/// ```
public enum BundleWriter {
    /// The `.tar.gz` bytes of `bundle`.
    ///
    /// - Throws: ``BundleError/limitExceeded(member:reason:)`` if a member or the whole bundle is
    ///   larger than ``BundleReader/Limits/default`` allows (no reader would accept it), and
    ///   ``BundleError/invalidMember(member:reason:)`` if a member cannot be encoded.
    public static func archive(_ bundle: ModelBundle) throws -> [UInt8] {
        let limits = BundleReader.Limits.default
        let members = try bundle.encodedMembers()
        var total = 0
        for (member, bytes) in members {
            guard bytes.count <= limits.memberBytes else {
                throw BundleError.limitExceeded(member: member.rawValue, reason: "it is \(bytes.count) bytes, above the "
                    + "readers' limit of \(limits.memberBytes) bytes per member")
            }
            total += bytes.count
        }
        guard total <= limits.totalBytes else {
            throw BundleError.limitExceeded(member: nil, reason: "the members total \(total) bytes, above the readers' "
                + "limit of \(limits.totalBytes) bytes")
        }
        let tar = try TarArchive.write(members.map { TarArchive.Entry(name: $0.member.rawValue, bytes: $0.bytes) })
        let gzip = try Gzip.compress(tar)
        guard gzip.count <= limits.compressedBytes else {
            throw BundleError.limitExceeded(member: nil, reason: "the archive is \(gzip.count) bytes, above the readers' "
                + "limit of \(limits.compressedBytes) bytes")
        }
        return gzip
    }

    /// Writes `bundle` to `path` atomically and durably, never replacing another file.
    ///
    /// The bytes go to a temporary file in the same directory, which is fsync'ed and then given
    /// its final name (link, or rename where the file system has no hard links), and the directory
    /// is fsync'ed: after a crash `path` either does not exist or holds the whole bundle. Writing
    /// the same bytes to an existing identical file succeeds without touching it.
    ///
    /// - Parameter path: The file to create, conventionally `artifacts/NAME-vVERSION.tar.gz`
    ///   (``ModelBundle/fileName``). Its directory must exist.
    /// - Returns: The path, the bundle digest and the size.
    /// - Throws: ``BundleError/alreadyExists(path:)`` if a different file is at `path`,
    ///   ``BundleError/fileSystem(path:reason:)`` on I/O errors, and the errors of ``archive(_:)``.
    @discardableResult
    public static func write(_ bundle: ModelBundle, to path: String) throws -> BundleFile {
        let bytes = try archive(bundle)
        _ = try FileIO.writeNew(bytes, to: path)
        return BundleFile(path: path, digest: SHA256.hex(bytes), size: bytes.count)
    }
}
