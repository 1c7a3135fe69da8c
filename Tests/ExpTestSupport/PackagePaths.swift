import Foundation

/// Where the package is on disk, found from this file's path (the tests read the shipped
/// experiments, the fuzz corpus and the reference data in place).
///
/// ```swift
/// let quickstart = PackagePaths.root.appendingPathComponent("experiments/quickstart.yaml")
/// let taiwan = PackagePaths.sharedData.appendingPathComponent("taiwan_bankruptcy.csv")
/// ```
public enum PackagePaths {
    /// The package root, the directory of `Package.swift` (`#filePath` is
    /// `<root>/Tests/ExpTestSupport/PackagePaths.swift`).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared/data` next to the package: the reference data sets (the Taiwan CSV, the Polish
    /// ARFF files), present on developer machines and in CI but never copied into the repository.
    public static let sharedData: URL = root.deletingLastPathComponent().appendingPathComponent("shared/data")
}
