import ExpDomain
import ExpRunner
import Foundation
import Testing

/// Helpers shared by the spec tests.
enum SpecTestSupport {
    /// The package root, found from this file's path (Tests/ExpRunnerTests/…).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The paths of every `experiments/*.yaml`, sorted.
    static func experimentFiles() throws -> [String] {
        let dir = packageRoot + "/experiments"
        return try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { dir + "/" + $0 }
    }

    /// A minimal valid spec followed by `extra` top-level YAML.
    static func spec(_ extra: String = "") -> String {
        """
        name: t
        data:
          path: builtin:bankruptcy
        \(extra)
        """
    }

    /// The error `yaml` fails to parse with, or nil (and a test failure) if it parses.
    static func parseError(_ yaml: String, file: String = "x.yaml") -> SpecError? {
        do {
            _ = try SweepSpec.parse(yaml: yaml, file: file)
            Issue.record("expected a SpecError for:\n\(yaml)")
            return nil
        } catch let error as SpecError {
            return error
        } catch {
            Issue.record("expected a SpecError, got \(error)")
            return nil
        }
    }

    /// The 1-based line of the first line of `yaml` containing `text`.
    static func line(of text: String, in yaml: String) -> Int? {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}
