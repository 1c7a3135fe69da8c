import Foundation

/// A fresh directory per test, removed (with everything in it) when the value is released.
///
/// ```swift
/// let directory = try TemporaryDirectory()
/// let store = directory.path("store.sqlite")
/// ```
///
/// Code that keeps only a URL (a `Task` that builds a fixture once, a helper that removes the
/// directory itself) uses ``make(prefix:)`` instead and removes the directory when it is done.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    /// Creates `<system temporary directory>/<prefix>-<UUID>`.
    public init(prefix: String = "exp-tests") throws {
        url = try Self.make(prefix: prefix)
    }

    deinit {
        // Restore write permission first so that tests of read-only files can be cleaned up.
        if let files = FileManager.default.enumerator(atPath: url.path) {
            for case let file as String in files {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o755], ofItemAtPath: url.appendingPathComponent(file).path)
            }
        }
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` inside the directory (nothing is created).
    public func path(_ name: String = "store.sqlite") -> String { url.appendingPathComponent(name).path }

    /// Creates `<system temporary directory>/<prefix>-<UUID>` and returns its URL; the caller
    /// removes it (`defer { try? FileManager.default.removeItem(at: directory) }`).
    public static func make(prefix: String = "exp-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The names of the entries of `directory` (not recursive), sorted.
    public static func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }
}
