import ExpDomain
import ExpTestSupport
import Foundation
import Testing

/// End-to-end tests of `exp data check` and `exp data synth`: they run the built `exp` binary.
@Suite("exp data (end to end)")
struct DataCommandTests {
    typealias Run = ExpBinary.Run

    /// Runs `exp` with `arguments` (see ``ExpBinary``).
    static func exp(_ arguments: [String]) async throws -> Run {
        try await ExpBinary.run(arguments)
    }

    /// The fields of the JSON report these tests read.
    struct ReportJSON: Decodable {
        struct ClassCount: Decodable {
            var value: String
            var count: Int
        }
        struct ColumnRef: Decodable {
            var index: Int
            var name: String
        }
        var rows: Int
        var columns: Int
        var featureCount: Int
        var sha256: String
        var positiveClass: ClassCount
        var negativeClass: ClassCount
        var constantColumns: [ColumnRef]
        var outlierRule: String
    }

    @Test("data check builtin:bankruptcy prints the summary and exits 0")
    func checkBuiltinTable() async throws {
        let run = try await Self.exp(["data", "check", "builtin:bankruptcy"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("rows            6819"))
        #expect(run.stdout.contains("'1': 220 (3.23%)"))
        #expect(run.stdout.contains("Net Income Flag = 1"))
        #expect(run.stdout.contains("sha256"))
    }

    @Test("data check --format json gives the same summary as JSON")
    func checkBuiltinJSON() async throws {
        let run = try await Self.exp(["data", "check", "builtin:bankruptcy?rows=1000&seed=3", "--format", "json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(run.stdout.utf8))
        #expect(report.rows == 1000)
        #expect(report.columns == 96)
        #expect(report.featureCount == 95)
        #expect(report.positiveClass.value == "1")
        #expect(report.positiveClass.count == 32)
        #expect(report.negativeClass.count == 968)
        #expect(report.constantColumns.map(\.name) == ["Net Income Flag"])
        #expect(report.sha256.count == 64)
        #expect(report.outlierRule.contains("q01"))
    }

    @Test("a malformed CSV exits 1 and stderr names the file, line and column")
    func malformedCSV() async throws {
        let directory = try TemporaryDirectory(prefix: "exp-data-tests")
        let file = directory.url.appendingPathComponent("bad.csv")
        try Data("label,a,b\n0,0.1,0.2\n1,oops,0.4\n".utf8).write(to: file)
        let run = try await Self.exp(["data", "check", file.path, "--label", "label"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(file.path):3: column 2 'a': non-numeric value \"oops\""), "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("a ragged row and a missing file exit 1 with a message")
    func otherDataErrors() async throws {
        let directory = try TemporaryDirectory(prefix: "exp-data-tests")
        let file = directory.url.appendingPathComponent("ragged.csv")
        try Data("label,a,b\n0,0.1,0.2\n1,0.3\n".utf8).write(to: file)
        let ragged = try await Self.exp(["data", "check", file.path, "--label", "label"])
        #expect(ragged.status == 1)
        #expect(ragged.stderr.contains("ragged.csv:3: column 3"))
        let missing = try await Self.exp(["data", "check", directory.url.appendingPathComponent("none.csv").path, "--label", "y"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"))
    }

    @Test("bad option combinations are usage errors (exit 64)")
    func usageErrors() async throws {
        let noLabel = try await Self.exp(["data", "check", "some.csv"])
        #expect(noLabel.status == 64)
        #expect(noLabel.stderr.contains("--label"))
        let badFormat = try await Self.exp(["data", "check", "data.xlsx", "--label", "y"])
        #expect(badFormat.status == 64)
        let fewRows = try await Self.exp(["data", "synth", "--out", "x.csv", "--rows", "3"])
        #expect(fewRows.status == 64)
    }

    @Test("data synth is deterministic, and data check reads what it writes")
    func synthRoundTrip() async throws {
        let directory = try TemporaryDirectory(prefix: "exp-data-tests")
        let first = directory.url.appendingPathComponent("a.csv"), second = directory.url.appendingPathComponent("b.csv")
        let runA = try await Self.exp(["data", "synth", "--out", first.path, "--rows", "500", "--seed", "7"])
        let runB = try await Self.exp(["data", "synth", "--out", second.path, "--rows", "500", "--seed", "7"])
        #expect(runA.status == 0 && runB.status == 0, "stderr: \(runA.stderr) \(runB.stderr)")
        let bytes = try Data(contentsOf: first)
        #expect(bytes == (try Data(contentsOf: second)))
        #expect(bytes.starts(with: Data("Bankrupt?,ROA(C) before interest".utf8)))
        #expect(runA.stdout.contains("500 rows"))

        let check = try await Self.exp(["data", "check", first.path, "--label", "Bankrupt?", "--format", "json"])
        #expect(check.status == 0, "stderr: \(check.stderr)")
        let fromFile = try JSONDecoder().decode(ReportJSON.self, from: Data(check.stdout.utf8))
        #expect(fromFile.rows == 500)
        #expect(fromFile.positiveClass.count == 16)
        // The built-in source with the same options hashes exactly these bytes.
        let builtin = try await Self.exp(["data", "check", "builtin:bankruptcy?rows=500&seed=7", "--format", "json"])
        let fromBuiltin = try JSONDecoder().decode(ReportJSON.self, from: Data(builtin.stdout.utf8))
        #expect(fromBuiltin.sha256 == fromFile.sha256)
        #expect(runA.stdout.contains(fromFile.sha256))
    }

    @Test("ARFF: the class attribute is the default label")
    func arffDefaultLabel() async throws {
        let directory = try TemporaryDirectory(prefix: "exp-data-tests")
        let file = directory.url.appendingPathComponent("tiny.arff")
        try Data("@relation t\n@attribute a numeric\n@attribute class {0,1}\n@data\n1,0\n?,1\n3,0\n".utf8).write(to: file)
        let run = try await Self.exp(["data", "check", file.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("label 'class'"))
        #expect(run.stdout.contains("missing cells   1 in 1 rows"))
    }
}
