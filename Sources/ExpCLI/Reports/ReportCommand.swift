import ArgumentParser
import ExpReport
import Foundation

extension Exp {
    /// `exp report data|sweep`: Markdown reports with SVG charts, written into `notebooks-md/`.
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write Markdown reports with SVG charts.",
            discussion: """
                Each report is one Markdown file with its SVG charts beside it (named after the \
                Markdown file), in notebooks-md/ unless --out says otherwise. The same data or store \
                gives the same bytes: reports hold no timestamps other than stored ones.
                """,
            subcommands: [ReportData.self, ReportSweep.self, ReportModel.self])
    }
}

/// `--out DIR` and `--name FILE`, shared by the report commands.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "The directory the Markdown file and its charts go to (created if missing); - prints the Markdown only, on standard output.")
    var out: String = "notebooks-md"

    @Option(help: "The Markdown file name (default: the report's own; '.md' is added if missing).")
    var name: String?

    func validate() throws {
        if let name {
            if name.isEmpty || name.contains("/") || name == "." || name == ".." || name.hasPrefix(".") {
                throw ValidationError("--name must be a plain file name such as my_report.md, not '\(name)'")
            }
        }
        if out.isEmpty { throw ValidationError("--out must not be empty") }
    }

    /// The Markdown file name: `--name` (with `.md` added if missing), else `defaultName`.
    func fileName(default defaultName: String) -> String {
        guard let name else { return defaultName }
        return name.hasSuffix(".md") ? name : name + ".md"
    }

    /// Writes the charts, then the Markdown, each atomically (links written through, never
    /// replaced); returns the Markdown path. `--out -` prints the Markdown on standard output
    /// and writes no charts.
    func write(_ report: RenderedReport) throws -> String {
        if OutputFile.isStandardStream(out) {
            try OutputFile.write(Array(report.markdown.utf8), to: "-")
            return "-"
        }
        var info = stat()
        if stat(out, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CLIError("cannot write the report into \(out): it is not a directory (--out names the directory the report and its charts go to)")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot create the report directory \(out): \(FileSystemMessage.reason(error, path: out))")
            }
        }
        let directory = out.hasSuffix("/") ? out : out + "/"
        for chart in report.charts {
            try OutputFile.write(Array(chart.svg.utf8), to: directory + chart.fileName)
        }
        try OutputFile.write(Array(report.markdown.utf8), to: directory + report.markdownFileName)
        return directory + report.markdownFileName
    }

    /// Prints where the report went: the Markdown path on stdout, the chart count on stderr.
    func announce(_ path: String, _ report: RenderedReport) {
        if path == "-" {
            Console.note("wrote the report to standard output (no charts: --out - writes the Markdown only)")
            return
        }
        print(path)
        Console.note("wrote \(path) and \(plural(report.charts.count, "chart")) beside it")
    }
}
