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

        @Option(help: "The CSV file to write (replaced if it exists).")
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
            let data: Dataset
            do {
                data = try BankruptcySynthesizer(rows: rows, seed: seed).generate()
            } catch let error as DataError {
                Console.error(error.description)
                throw ExitCode(1)
            }
            let bytes = CSVWriter.encode(data)
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                Console.error("\(out): cannot write the file: \(error.localizedDescription)")
                throw ExitCode(1)
            }
            print(
                "wrote \(out): \(data.rowCount) rows, \(data.featureCount + 1) columns, "
                    + "\(data.positiveCount) positives, sha256 \(data.sha256)")
        }
    }
}
