import ExpTestSupport
import Foundation
import Testing

/// Errors in the user's words (issue 17, class 5), for the cases the hostile table cannot hold
/// (usage errors, which ArgumentParser prints with its usage text).
@Suite("Reliability: errors a user can act on")
struct ActionableErrorTests {
    @Test("a negative count is reported as out of range, not as a missing value", arguments: [
        (["sweep", "spec.yaml", "--workers", "-1"], "--workers must lie in 1...1024, got -1"),
        (["data", "synth", "--out", "x.csv", "--rows", "-5"], "--rows must lie in 10...1000000, got -5"),
    ])
    func negativeCount(_ arguments: [String], _ message: String) async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try SweepFixtures.write(PromoteCommandTests.spec, named: "spec.yaml", in: directory)
        let run = try await ExpBinary.run(arguments + ["--store", "s.sqlite"].filter { _ in arguments[0] == "sweep" },
                                          in: directory)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("Missing value"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("s.sqlite").path))
    }

    @Test("a 128-character name that obeys the character rule is refused for its length")
    func longName() async throws {
        let run = try await ExpBinary.run(["promote", "1", "--name", String(repeating: "a", count: 128)])
        #expect(run.status == 64)
        #expect(run.stderr.contains("at most 100 characters (this one has 128)"), "\(run.stderr)")
        #expect(!run.stderr.contains("uses only letters"), "\(run.stderr)")
    }

    @Test("a 128-character model reference says which rule it breaks", arguments: [
        ["models", "show", String(repeating: "a", count: 128)],
        ["predict", String(repeating: "a", count: 128), "--input", "in.csv"],
        ["models", "show", "bk@" + String(repeating: "b", count: 128)],
    ])
    func longReference(_ arguments: [String]) async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await ExpBinary.run(arguments + ["--store", "s.sqlite"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("has at most 100 characters (this one has 128)"), "\(run.stderr)")
    }

    @Test("- reads the data from standard input")
    func dataFromStandardInput() async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let synth = try await ExpBinary.run(["data", "synth", "--out", "d.csv", "--rows", "40"], in: directory)
        try #require(synth.status == 0, "\(synth.stderr)")
        let fromFile = try await ExpBinary.run(["data", "check", "d.csv", "--label", "Bankrupt?"], in: directory)
        try #require(fromFile.status == 0, "\(fromFile.stderr)")
        let exp = ExpBinary.url.path
        let piped = try await Reliability.shell("'\(exp)' data check - --label 'Bankrupt?' < d.csv", in: directory)
        #expect(piped.stdout.contains("rows            40"), "\(piped.stdout)")
        #expect(piped.stdout.contains("standard input"), "\(piped.stdout)")
    }
}
