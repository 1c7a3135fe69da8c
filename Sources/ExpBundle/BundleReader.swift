import ExpDomain
import ExpCore

/// Reads bundles, trusting nothing: sizes are bounded before anything is inflated or allocated,
/// the archive may hold only the bundle's regular files under safe names, every member must match
/// its checksum in the manifest, and the parts must fit together into an ``InferencePipeline``.
///
/// ```swift
/// let loaded = try BundleReader.load(path: "artifacts/bankruptcy-v3.tar.gz")
/// let p = try loaded.bundle.pipeline.predictProbabilities(rows)
/// print(loaded.file.digest)
/// ```
public enum BundleReader {
    /// Upper bounds on what a reader accepts.
    public struct Limits: Sendable, Equatable {
        /// The largest `.tar.gz` file, in bytes (default 256 MiB).
        public var compressedBytes: Int
        /// The largest single member, in bytes (default 64 MiB).
        public var memberBytes: Int
        /// The largest sum of member sizes after decompression, in bytes (default 256 MiB).
        public var totalBytes: Int
        /// The most members (default 64).
        public var members: Int

        public init(compressedBytes: Int = 256 << 20, memberBytes: Int = 64 << 20, totalBytes: Int = 256 << 20,
                    members: Int = 64) {
            self.compressedBytes = compressedBytes
            self.memberBytes = memberBytes
            self.totalBytes = totalBytes
            self.members = members
        }

        public static let `default` = Limits()

        /// The most bytes the gzip stream may inflate to: the members plus their tar headers and
        /// padding, the end-of-archive blocks and one 10 KiB tar record of zero padding.
        var decompressedBytes: Int {
            let overhead = (members + 1) * 2 * TarArchive.blockSize + 20 * TarArchive.blockSize
            let (sum, overflow) = totalBytes.addingReportingOverflow(overhead)
            return overflow ? Int.max : sum
        }
    }

    /// The bundle in the file at `path`.
    /// - Throws: ``BundleError``; see ``read(bytes:limits:)``.
    public static func read(path: String, limits: Limits = .default) throws -> ModelBundle {
        try load(path: path, limits: limits).bundle
    }

    /// The bundle in the file at `path`, with the file's digest and size.
    /// - Throws: ``BundleError/fileSystem(path:reason:)`` if the file cannot be read, and the
    ///   errors of ``read(bytes:limits:)``.
    public static func load(path: String, limits: Limits = .default) throws -> LoadedBundle {
        let bytes = try FileIO.read(path: path, maxBytes: limits.compressedBytes)
        let bundle = try read(bytes: bytes, limits: limits)
        return LoadedBundle(bundle: bundle, file: BundleFile(path: path, digest: SHA256.hex(bytes), size: bytes.count))
    }

    /// The bundle held by `.tar.gz` bytes.
    ///
    /// - Throws: ``BundleError``:
    ///   - `limitExceeded`: the compressed size, a member, the decompressed total (inflation stops
    ///     there: a gzip bomb is never held in memory) or the member count passes `limits`;
    ///   - `corrupt`: truncated or damaged gzip, trailing bytes, a truncated tar, a bad tar header
    ///     checksum, data after the end-of-archive marker;
    ///   - `unsafePath`, `unsupportedEntryType`, `duplicateMember`: an entry that is not a
    ///     regular file under a safe, unique name;
    ///   - `missingMember`, `unknownMember`, `checksumMismatch`, `unsupportedFormat`;
    ///   - `invalidMember`: a member that cannot be decoded, or does not fit the others.
    public static func read(bytes: [UInt8], limits: Limits = .default) throws -> ModelBundle {
        guard bytes.count <= limits.compressedBytes else {
            throw BundleError.limitExceeded(member: nil, reason: "the archive is \(bytes.count) bytes, above the limit "
                + "of \(limits.compressedBytes) compressed bytes")
        }
        let tar = try Gzip.decompress(bytes, limit: limits.decompressedBytes)
        let entries = try TarArchive.read(tar, maxMemberBytes: limits.memberBytes, maxTotalBytes: limits.totalBytes,
                                          maxMembers: limits.members)
        return try ModelBundle.decode(entries: entries)
    }
}
