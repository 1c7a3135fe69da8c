import ExpData
import Foundation

/// Paths of test fixtures and of the reference data, and a shared copy of the built-in data.
enum TestData {
    /// The package root, found from this file's path (Tests/ExpDataTests/Support/TestData.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The path of fixture `name` in the test bundle's `Fixtures` folder.
    static func fixture(_ name: String) -> String {
        let folder =
            Bundle.module.url(forResource: "Fixtures", withExtension: nil)
            ?? packageRoot.appendingPathComponent("Tests/ExpDataTests/Fixtures")
        return folder.appendingPathComponent(name).path
    }

    /// The reference Taiwan CSV, which lives outside the repository and may be absent.
    static let taiwanPath = packageRoot.appendingPathComponent("../shared/data/taiwan_bankruptcy.csv").standardized.path
    /// The Polish 1year ARFF file, which lives outside the repository and may be absent.
    static let polishPath = packageRoot.appendingPathComponent("../shared/data/polish/1year.arff").standardized.path

    static var taiwanAvailable: Bool { FileManager.default.fileExists(atPath: taiwanPath) }
    static var polishAvailable: Bool { FileManager.default.fileExists(atPath: polishPath) }

    /// `builtin:bankruptcy` with its defaults, generated once per test process (it takes a few
    /// seconds in a debug build).
    static let builtin: Result<Dataset, any Error> = Result { try DataLoader.load("builtin:bankruptcy") }

    /// Loads a fixture and returns the error it throws, or nil when it loads.
    static func loadError(_ name: String, label: String? = "label", positive: String? = nil) -> DataError? {
        do {
            _ = try DataLoader.load(fixture(name), options: .init(labelColumn: label, positiveClass: positive))
            return nil
        } catch let error as DataError {
            return error
        } catch {
            return nil
        }
    }
}
