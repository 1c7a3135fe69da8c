import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a command's output file without ever destroying what the path names.
///
/// - `-` is standard output.
/// - A new name, or an existing regular file, gets the whole content atomically: a temporary
///   file in the same directory is renamed over it.
/// - A symbolic link is written through: its target is opened and written in place, and the link
///   stays (so `--output /dev/stdout` writes to the terminal, pipe or redirected file). So is a
///   regular file with other hard links.
/// - A FIFO, device or terminal is opened and written in place, never replaced.
/// - A directory is refused with "… is a directory", and so is a path that is one of the
///   command's own inputs (same file, through any link).
enum OutputFile {
    /// Whether `path` means standard output (or input).
    static func isStandardStream(_ path: String) -> Bool { path == "-" }

    /// Whether `path` is `-` or names the file this process's standard output is (`/dev/stdout`,
    /// or the file it is redirected to): such output goes through file descriptor 1, so it is
    /// not overwritten by what the command prints there.
    static func isStandardOutput(_ path: String) -> Bool {
        if isStandardStream(path) { return true }
        var named = stat(), output = stat()
        guard stat(path, &named) == 0, fstat(STDOUT_FILENO, &output) == 0 else { return false }
        return named.st_dev == output.st_dev && named.st_ino == output.st_ino
    }

    /// Writes `bytes` to `path` as described above.
    /// - Parameter inputs: the files the command read (`-` and missing files are skipped); writing
    ///   over one of them is refused before anything is written.
    /// - Throws: ``CLIError`` naming `path` and the cause.
    static func write(_ bytes: [UInt8], to path: String, inputs: [String] = []) throws {
        guard !path.isEmpty else { throw CLIError("the output path is empty") }
        if isStandardOutput(path) && !inputs.contains(where: { isSameFile($0, path) }) {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        var target = stat()
        let exists = stat(path, &target) == 0
        if exists {
            if (target.st_mode & S_IFMT) == S_IFDIR { throw CLIError("cannot write \(path): it is a directory") }
            for input in inputs where !isStandardStream(input) {
                if isSameFile(input, path) {
                    throw CLIError("cannot write \(path): it is the input \(input); refusing to overwrite an input (choose another output file)")
                }
            }
        }
        var link = stat()
        let isLink = lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
        if exists && (target.st_mode & S_IFMT) != S_IFREG {
            // A FIFO, device, terminal or socket (directly or through a link): write in place.
            try writeInPlace(bytes, to: path)
            return
        }
        if isLink {
            guard exists else {
                throw CLIError("cannot write \(path): it is a symbolic link to a file that does not exist (a dangling link); remove it or name another output")
            }
            // A link to a regular file: write the target in place, so the link, the target's
            // other names, owner and mode all stay (`--output /dev/stdout > file` works too).
            try writeInPlace(bytes, to: path, truncate: true)
            return
        }
        if exists && target.st_nlink > 1 {
            // A file with other hard links: replacing it would split them, so write in place.
            try writeInPlace(bytes, to: path, truncate: true)
            return
        }
        try writeAtomically(bytes, to: path, shownAs: path, mode: exists ? target.st_mode & 0o7777 : 0o644)
    }

    /// Whether two paths name the same existing file (through any links).
    private static func isSameFile(_ a: String, _ b: String) -> Bool {
        guard !isStandardStream(a), !isStandardStream(b) else { return false }
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Writes to an existing FIFO, device or terminal without replacing it. A FIFO nobody reads
    /// is an error rather than a hang.
    private static func writeInPlace(_ bytes: [UInt8], to path: String, truncate: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | (truncate ? O_TRUNC : 0))
        guard fd >= 0 else {
            if errno == ENXIO { throw CLIError("cannot write \(path): it is a FIFO and no process is reading it") }
            throw failure(path, "cannot open")
        }
        defer { close(fd) }
        // Back to blocking writes now that the open did not wait.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        try writeAll(bytes, fd: fd, path: path)
    }

    /// Writes a temporary file beside `path`, then renames it over `path`.
    private static func writeAtomically(_ bytes: [UInt8], to path: String, shownAs shown: String, mode: mode_t) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw CLIError("cannot write \(shown): it is a directory") }
        var info = stat()
        if stat(directory, &info) != 0 {
            throw CLIError("cannot write \(shown): the directory \(directory) does not exist")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CLIError("cannot write \(shown): \(directory) is not a directory")
        }
        let temporary = (directory == "." && slash == nil ? "" : directory + "/")
            + ".\(base).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            if errno == EACCES || errno == EROFS {
                throw CLIError("cannot write \(shown): the directory \(directory) is not writable (\(String(cString: strerror(errno))))")
            }
            throw failure(shown, "cannot create a temporary file in \(directory)")
        }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            try writeAll(bytes, fd: fd, path: shown)
            _ = fchmod(fd, mode)
        }
        guard rename(temporary, path) == 0 else { throw failure(shown, "cannot rename the temporary file to it") }
        renamed = true
    }

    private static func writeAll(_ bytes: [UInt8], fd: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                // In bounds: written < buffer.count, and buffer.count - written bytes are written.
                posixWrite(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot write")
            }
            written += n
        }
    }

    private static func failure(_ path: String, _ action: String) -> CLIError {
        CLIError("\(action) \(path): \(String(cString: strerror(errno)))")
    }
}

// Inside `OutputFile`, `write` names `OutputFile.write(_:to:inputs:)`; this reaches the POSIX call.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// The cause of a Foundation file-system error in the user's words: the POSIX reason (for
/// example "Not a directory" or "Permission denied") rather than "NSCocoaErrorDomain error 512".
enum FileSystemMessage {
    static func reason(_ error: any Error, path: String) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        // Walk up to the first existing ancestor and say what is wrong with it.
        var ancestor = (path as NSString).deletingLastPathComponent
        while !ancestor.isEmpty && ancestor != "/" {
            var info = stat()
            if stat(ancestor, &info) == 0 {
                if (info.st_mode & S_IFMT) != S_IFDIR { return "\(ancestor) is not a directory" }
                if access(ancestor, W_OK) != 0 { return "the directory \(ancestor) is not writable" }
                break
            }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR { return "\(path) exists and is not a directory" }
        return ns.localizedFailureReason ?? ns.localizedDescription
    }
}
