import ExpData
import ExpTestSupport
import Foundation

/// Paths of test fixtures and of the reference data, and a shared copy of the built-in data.
enum TestData {
    /// The path of fixture `name` in the test bundle's `Fixtures` folder.
    static func fixture(_ name: String) -> String {
        let folder =
            Bundle.module.url(forResource: "Fixtures", withExtension: nil)
            ?? PackagePaths.root.appendingPathComponent("Tests/ExpDataTests/Fixtures")
        return folder.appendingPathComponent(name).path
    }

    /// The reference Taiwan CSV, which lives outside the repository and may be absent.
    static let taiwanPath = PackagePaths.sharedData.appendingPathComponent("taiwan_bankruptcy.csv").path
    /// The Polish 1year ARFF file, which lives outside the repository and may be absent.
    static let polishPath = PackagePaths.sharedData.appendingPathComponent("polish/1year.arff").path

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
