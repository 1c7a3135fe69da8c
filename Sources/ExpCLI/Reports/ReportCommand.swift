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
    @Option(help: "The directory the Markdown file and its charts go to (created if missing).")
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

    /// Writes the charts, then the Markdown, each atomically; returns the Markdown path.
    func write(_ report: RenderedReport) throws -> String {
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for chart in report.charts {
                try Data(chart.svg.utf8).write(to: directory.appendingPathComponent(chart.fileName), options: .atomic)
            }
            let markdown = directory.appendingPathComponent(report.markdownFileName)
            try Data(report.markdown.utf8).write(to: markdown, options: .atomic)
        } catch {
            throw CLIError("cannot write the report into \(out): \(error.localizedDescription)")
        }
        return (out.hasSuffix("/") ? out : out + "/") + report.markdownFileName
    }

    /// Prints where the report went: the Markdown path on stdout, the chart count on stderr.
    func announce(_ path: String, _ report: RenderedReport) {
        print(path)
        Console.note("wrote \(path) and \(plural(report.charts.count, "chart")) beside it")
    }
}
