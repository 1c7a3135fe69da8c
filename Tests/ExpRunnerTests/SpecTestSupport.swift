import ExpDomain
import ExpRunner
import ExpTestSupport
import Foundation
import Testing

/// Helpers shared by the spec tests.
enum SpecTestSupport {
    /// The paths of every `experiments/*.yaml`, sorted.
    static func experimentFiles() throws -> [String] {
        let dir = PackagePaths.root.path + "/experiments"
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

    /// The error `yaml` fails to parse with, or nil (and an issue at `sourceLocation`) if it
    /// parses or fails with another error.
    static func parseError(_ yaml: String, file: String = "x.yaml", sourceLocation: SourceLocation = #_sourceLocation)
        -> SpecError?
    {
        expectError(SpecError.self, "\n\(yaml)", sourceLocation: sourceLocation) {
            try SweepSpec.parse(yaml: yaml, file: file)
        }
    }

    /// The 1-based line of the first line of `yaml` containing `text`.
    static func line(of text: String, in yaml: String) -> Int? {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}
