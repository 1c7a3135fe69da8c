import Foundation

/// How the registry records bundle files, and how commands show them.
///
/// The registry records an absolute, standardized path, so `NAME@ALIAS` resolves from any
/// working directory (a cron job, a server's unit file), as MLflow records absolute artifact
/// URIs. Text output shows the path relative to the working directory when the file lies below
/// it, so a report generated from the project root reads `artifacts/bankruptcy-v1.tar.gz`.
enum FilePaths {
    /// `path` made absolute against the working directory, with `.` and `..` resolved.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `path` relative to the working directory when it lies below it, else unchanged.
    static func display(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
