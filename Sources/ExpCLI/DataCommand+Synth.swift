import ArgumentParser
import ExpData
import Foundation

extension Exp.DataCommand {
    /// `exp data synth --out FILE`: write the built-in synthetic bankruptcy data as CSV.
    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in synthetic bankruptcy data (builtin:bankruptcy) as CSV.",
            discussion: """
                The same rows and seed always give the same bytes. The file has the reference \
                layout: the label 'Bankrupt?' first, then 95 features under the reference names.
                """
        )

        @Option(help: "The CSV file to write (replaced if it exists; a link is written through; - is standard output).")
        var out: String

        @Option(parsing: .unconditional,
                help: "The number of rows, \(BankruptcySynthesizer.minimumRows)...\(BankruptcySynthesizer.maximumRows).")
        var rows: Int = BankruptcySynthesizer.defaultRows

        @Option(parsing: .unconditional, help: "The random seed, 0...\(UInt64.max).")
        var seed: UInt64 = BankruptcySynthesizer.defaultSeed

        func validate() throws {
            let allowed = BankruptcySynthesizer.minimumRows...BankruptcySynthesizer.maximumRows
            guard allowed.contains(rows) else {
                throw ValidationError("--rows must lie in \(allowed.lowerBound)...\(allowed.upperBound), got \(rows)")
            }
            guard !out.isEmpty else {
                throw ValidationError("--out must name a file")
            }
        }

        func run() async throws {
            // Decided before writing: afterwards the file may be standard output's.
            let toStandardOutput = OutputFile.isStandardOutput(out)
            let data: Dataset
            do {
                data = try BankruptcySynthesizer(rows: rows, seed: seed).generate()
            } catch let error as DataError {
                Console.error(error.description)
                throw ExitCode(1)
            }
            let bytes = CSVWriter.encode(data)
            do {
                try OutputFile.write(bytes, to: out)
            } catch let error as CLIError {
                Console.error(error.description)
                throw ExitCode(1)
            }
            let summary = "wrote \(out == "-" ? "standard output" : out): \(data.rowCount) rows, \(data.featureCount + 1) columns, "
                + "\(data.positiveCount) positives, sha256 \(data.sha256)"
            // With `--out -` (or /dev/stdout) the CSV is on standard output, so the summary goes to standard error.
            if toStandardOutput { Console.note(summary) } else { print(summary) }
        }
    }
}
