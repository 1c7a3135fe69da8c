import ExpTestSupport
import Foundation
import Testing

/// Output paths never destroy what they name: links and special files are written through, a
/// directory or one of the command's inputs is refused, and `-` is standard input or output.
/// Every link, FIFO and file is made in the test's own temporary directory.
@Suite("Reliability: output paths")
struct OutputPathTests {
    /// `exp data synth --rows 40` written to a plain new file: the bytes every other form must give.
    private static func expected(in directory: URL) async throws -> Data {
        let run = try await ExpBinary.run(["data", "synth", "--out", "plain.csv", "--rows", "40"], in: directory)
        try #require(run.status == 0, "\(run.stderr)")
        return try Data(contentsOf: directory.appendingPathComponent("plain.csv"))
    }

    private static func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-output")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    @Test("a symbolic link to a file is written through and stays a link")
    func symlinkWrittenThrough() async throws {
        try await Self.withDirectory { directory in
            let expected = try await Self.expected(in: directory)
            try Data("old\n".utf8).write(to: directory.appendingPathComponent("target.csv"))
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.csv").path,
                                                       withDestinationPath: "target.csv")
            let run = try await ExpBinary.run(["data", "synth", "--out", "link.csv", "--rows", "40"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            let destination = try FileManager.default.destinationOfSymbolicLink(
                atPath: directory.appendingPathComponent("link.csv").path)
            #expect(destination == "target.csv")
            #expect(try Data(contentsOf: directory.appendingPathComponent("target.csv")) == expected)
        }
    }

    @Test("a link to standard output (as /dev/stdout is) writes to standard output and stays a link")
    func linkToStandardOutput() async throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/fd/1") else { return }
        try await Self.withDirectory { directory in
            let expected = try await Self.expected(in: directory)
            let link = directory.appendingPathComponent("stdout").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
            let run = try await ExpBinary.run(["data", "synth", "--out", "stdout", "--rows", "40"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(Data(run.stdout.utf8).prefix(expected.count) == expected)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/proc/self/fd/1")
        }
    }

    @Test("a FIFO is written into, not replaced; one nobody reads is an error, not a hang")
    func fifo() async throws {
        try await Self.withDirectory { directory in
            let expected = try await Self.expected(in: directory)
            #expect(mkfifo(directory.appendingPathComponent("pipe").path, 0o644) == 0)
            let exp = ExpBinary.url.path
            _ = try await Reliability.shell(
                "cat pipe > got.csv & reader=$!; sleep 0.2; '\(exp)' data synth --out pipe --rows 40; status=$?; wait $reader; exit $status",
                in: directory)
            #expect(try Data(contentsOf: directory.appendingPathComponent("got.csv")) == expected)
            let type = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("pipe").path)[.type]
            #expect(type as? FileAttributeType != .typeRegular, "the FIFO was replaced by a file")

            let lonely = try await ExpBinary.run(["data", "synth", "--out", "pipe", "--rows", "40"], in: directory,
                                                 timeout: .seconds(60))
            #expect(lonely.status == 1)
            #expect(lonely.stderr.contains("cannot write pipe: it is a FIFO and no process is reading it"), "\(lonely.stderr)")
        }
    }

    @Test("- is standard output for data synth, and standard input for predict")
    func dash() async throws {
        try await Self.withDirectory { directory in
            let expected = try await Self.expected(in: directory)
            let run = try await ExpBinary.run(["data", "synth", "--out", "-", "--rows", "40"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(Data(run.stdout.utf8) == expected)
            #expect(run.stderr.contains("wrote standard output: 40 rows"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("-").path))

            try Data(try await HostileFixture.shared().bundle).write(to: directory.appendingPathComponent("bk.tar.gz"))
            let fromFile = try await ExpBinary.run(["predict", "bk.tar.gz", "--input", "plain.csv"], in: directory)
            try #require(fromFile.status == 0, "\(fromFile.stderr)")
            let exp = ExpBinary.url.path
            let piped = try await Reliability.shell("'\(exp)' predict bk.tar.gz --input - --output - < plain.csv", in: directory)
            #expect(piped.stdout == fromFile.stdout)
        }
    }

    @Test("predict --output through a link to a file; the same file as --input is refused and left alone")
    func predictOutput() async throws {
        try await Self.withDirectory { directory in
            _ = try await Self.expected(in: directory)
            try Data(try await HostileFixture.shared().bundle).write(to: directory.appendingPathComponent("bk.tar.gz"))
            let reference = try await ExpBinary.run(["predict", "bk.tar.gz", "--input", "plain.csv"], in: directory)
            try #require(reference.status == 0, "\(reference.stderr)")

            try Data().write(to: directory.appendingPathComponent("target.csv"))
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("out.csv").path,
                                                       withDestinationPath: "target.csv")
            let linked = try await ExpBinary.run(["predict", "bk.tar.gz", "--input", "plain.csv", "--output", "out.csv"],
                                                 in: directory)
            #expect(linked.status == 0, "\(linked.stderr)")
            #expect(try String(contentsOf: directory.appendingPathComponent("target.csv"), encoding: .utf8) == reference.stdout)
            #expect(try FileManager.default.destinationOfSymbolicLink(
                atPath: directory.appendingPathComponent("out.csv").path) == "target.csv")

            let input = try Data(contentsOf: directory.appendingPathComponent("plain.csv"))
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("alias.csv").path,
                                                       withDestinationPath: "plain.csv")
            for output in ["plain.csv", "alias.csv", "./plain.csv"] {
                let run = try await ExpBinary.run(["predict", "bk.tar.gz", "--input", "plain.csv", "--output", output],
                                                  in: directory)
                #expect(run.status == 1)
                #expect(run.stderr.contains("cannot write \(output): it is the input plain.csv"), "\(run.stderr)")
                #expect(try Data(contentsOf: directory.appendingPathComponent("plain.csv")) == input)
            }
        }
    }

    @Test("a directory as an output says it is a directory")
    func directoryOutput() async throws {
        try await Self.withDirectory { directory in
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("d"), withIntermediateDirectories: false)
            let run = try await ExpBinary.run(["data", "synth", "--out", "d", "--rows", "40"], in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.hasPrefix("error: cannot write d: it is a directory"), "\(run.stderr)")
        }
    }

    @Test("report --out - prints the Markdown on standard output and writes no file")
    func reportToStandardOutput() async throws {
        try await Self.withDirectory { directory in
            let run = try await ExpBinary.run(["report", "data", "builtin:bankruptcy?rows=200", "--out", "-"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("#"), "\(run.stdout.prefix(200))")
            #expect(run.stderr.contains("wrote the report to standard output"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }
}
