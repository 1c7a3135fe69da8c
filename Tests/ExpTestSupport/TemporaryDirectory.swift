import Foundation

/// A fresh directory per test, removed (with everything in it) when the value is released.
///
/// ```swift
/// let directory = try TemporaryDirectory()
/// let store = directory.path("store.sqlite")
/// ```
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "exp-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
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
}
