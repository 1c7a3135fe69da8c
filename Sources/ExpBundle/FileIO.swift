import ExpDomain
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX file operations bundles need: a bounded read, and a crash-safe, no-clobber write.
enum FileIO {
    /// The bytes of the regular file at `path`.
    /// - Throws: ``BundleError/fileSystem(path:reason:)``, or ``BundleError/limitExceeded(member:reason:)``
    ///   when the file is larger than `maxBytes` (checked before reading).
    static func read(path: String, maxBytes: Int) throws -> [UInt8] {
        // O_NONBLOCK so that opening a FIFO does not wait for a writer; it is refused below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw error(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw error(path, "cannot stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw BundleError.fileSystem(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            throw BundleError.limitExceeded(member: nil, reason: "the file is \(size) bytes, above the limit of "
                + "\(maxBytes) compressed bytes")
        }
        // Read one byte past the expected size to notice a file that grew meanwhile.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                // In bounds: count < buffer.count, and at most buffer.count - count bytes are read.
                systemRead(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw error(path, "cannot read")
            }
            if n == 0 { break }
            count += n
        }
        guard count <= maxBytes else {
            throw BundleError.limitExceeded(member: nil, reason: "the file grew past the limit of \(maxBytes) bytes "
                + "while it was read")
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Writes `bytes` to `path` so that the final name only ever holds the complete file: the data
    /// goes to a temporary file in the same directory, which is fsync'ed, linked to `path` (which
    /// fails if `path` exists, so nothing is ever replaced) and removed; then the directory is
    /// fsync'ed so the new name survives a crash. Where the file system has no hard links the
    /// temporary file is renamed into place after checking that `path` is free.
    ///
    /// - Returns: true if the file was created, false if an identical file was already there.
    /// - Throws: ``BundleError/alreadyExists(path:)`` when a different file is at `path`;
    ///   ``BundleError/fileSystem(path:reason:)`` for I/O failures (the temporary file is removed).
    static func writeNew(_ bytes: [UInt8], to path: String) throws -> Bool {
        let (directory, base) = split(path)
        guard !base.isEmpty else { throw BundleError.fileSystem(path: path, reason: "the path names a directory") }
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let prefix = String(decoding: path.utf8.dropLast(base.utf8.count), as: UTF8.self)
        removeStaleTemporaries(in: directory, prefix: prefix, base: base)
        let temporary = prefix + ".\(base).tmp-\(getpid())-\(suffix)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw error(temporary, "cannot create a temporary file") }
        var linked = false
        defer { if !linked { unlink(temporary) } }
        do {
            defer { close(fd) }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { buffer in
                    // In bounds: written < buffer.count, and buffer.count - written bytes are written.
                    systemWrite(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw error(temporary, "cannot write")
                }
                written += n
            }
            guard fsync(fd) == 0 else { throw error(temporary, "cannot fsync") }
        }
        if link(temporary, path) == 0 {
            linked = true
            unlink(temporary)
            try syncDirectory(directory)
            return true
        }
        let linkError = errno
        if linkError == EEXIST { return try sameContents(path, bytes) }
        guard [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, EXDEV, ENOSYS].contains(linkError) else {
            throw error(path, "cannot create", code: linkError)
        }
        // No hard links here: rename, which would replace, so look first.
        var info = stat()
        if lstat(path, &info) == 0 { return try sameContents(path, bytes) }
        guard rename(temporary, path) == 0 else { throw error(path, "cannot rename the temporary file to") }
        linked = true
        try syncDirectory(directory)
        return true
    }

    /// Removes the temporary files `.BASE.tmp-PID-…` that writers of `BASE` left behind when they
    /// were killed (their process no longer exists on this host), so that repeated interrupted
    /// writes do not pile up partial files. Files of live processes are left alone; errors are
    /// ignored (this is housekeeping only).
    private static func removeStaleTemporaries(in directory: String, prefix: String, base: String) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        let marker = ".\(base).tmp-"
        var stale: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(marker) else { continue }
            let rest = name.dropFirst(marker.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(name) }
        }
        for name in stale { unlink(prefix + name) }
    }

    /// Whether the existing file at `path` holds exactly `bytes`.
    private static func sameContents(_ path: String, _ bytes: [UInt8]) throws -> Bool {
        let existing: [UInt8]
        do {
            existing = try read(path: path, maxBytes: bytes.count)
        } catch BundleError.limitExceeded {
            throw BundleError.alreadyExists(path: path)
        } catch {
            throw BundleError.alreadyExists(path: path)
        }
        guard existing == bytes else { throw BundleError.alreadyExists(path: path) }
        return false
    }

    /// fsync on the directory, so a rename or link in it is durable.
    private static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error(directory, "cannot open the directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else { throw error(directory, "cannot fsync the directory") }
    }

    /// (directory, file name) of a path; the directory is "." for a bare name.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func error(_ path: String, _ action: String, code: Int32 = errno) -> BundleError {
        .fileSystem(path: path, reason: "\(action): \(String(cString: strerror(code)))")
    }
}

// Inside `FileIO`, `read` names `FileIO.read(path:maxBytes:)`; these reach the POSIX calls.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
