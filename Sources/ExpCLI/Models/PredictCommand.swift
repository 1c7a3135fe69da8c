import ArgumentParser
import ExpDomain
import ExpBundle
import ExpCore
import ExpData
import Foundation

extension Exp {
    /// `exp predict`: batch predictions from a bundle on raw rows.
    struct Predict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "predict",
            abstract: "Predict a CSV or JSON file of raw rows with a model bundle.",
            discussion: """
            Columns are matched by name, in any order. A row gives either every column of the \
            model's input schema or only its selected features; columns outside the schema are \
            ignored with a warning, and a missing one is an error naming it. Missing values (empty, \
            NA, NaN, ?; null in JSON) are imputed when the model has an imputer, an error otherwise. \
            The rules are those of `exp serve` (see README, Predict). Each output row gives the \
            probability of each class, the predicted class at the model's threshold, and the risk \
            level (low / medium / high).
            """)

        @Argument(help: "A bundle file, or a registered model NAME, NAME:VERSION or NAME@ALIAS.")
        var model: String

        @Option(help: "The rows to predict: a .csv file with a header, a .json file, or - for standard input (CSV or JSON, by its first character).")
        var input: String

        @Option(help: "Write the predictions here instead of standard output (- is standard output; links, FIFOs and devices are written through, never replaced; an input file is refused).")
        var output: String?

        @Option(help: "Output: csv or json (default: json for a .json output file, csv otherwise).")
        var format: PredictionFormat?

        @Option(help: "A column to copy into the output as each row's id (instead of the row number).")
        var idColumn: String?

        @Option(parsing: .unconditional,
                help: "Threads for scoring, 1...1024 (default: the number of cores); results do not depend on it.")
        var threads: Int?

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if let threads, !(1...1_024).contains(threads) {
                throw ValidationError("--threads must lie in 1...1024, got \(threads)")
            }
        }

        func run() async throws {
            try await runReporting {
                let resolved = try await ModelResolver.resolve(model, storeOptions: storeOptions)
                let bundle = resolved.loaded.bundle
                let batch = try Self.decode(input, bundle: bundle, idColumn: idColumn)
                if !batch.ignoredColumns.isEmpty {
                    let shown = batch.ignoredColumns.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
                    Console.note("warning: \(input): ignoring \(plural(batch.ignoredColumns.count, "column")) the model does not use: \(shown)\(batch.ignoredColumns.count > 8 ? ", …" : "")")
                }
                let probabilities = try bundle.pipeline.predictProbabilities(
                    selected: batch.values, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
                let predictions = PredictionTable(bundle: bundle, probabilities: probabilities, idName: idColumn,
                                                  ids: batch.ids)
                let chosen = format ?? ((output?.lowercased().hasSuffix(".json") ?? false) ? .json : .csv)
                let text = chosen == .json ? try predictions.json() : predictions.csv()
                if let output {
                    try OutputFile.write(Array(text.utf8), to: output, inputs: [input, model])
                    Console.note("\(plural(probabilities.count, "prediction")) written to \(output) by \(bundle.name):\(bundle.version)")
                } else {
                    print(text, terminator: "")
                }
            }
        }
    }
}

extension Exp.Predict {
    /// Reads the rows of `path` for `bundle` with ``FeatureDecoder``, the decoder `exp serve` reads
    /// request bodies with: one set of rules for both.
    static func decode(_ path: String, bundle: ModelBundle, idColumn: String?) throws(DataError) -> FeatureBatch {
        try FeatureDecoder(columns: bundle.inputFeatureNames, pipeline: bundle.pipeline).read(path: path, idColumn: idColumn)
    }
}

/// `exp predict --format`.
enum PredictionFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, json
}

/// Predictions for output: per row, each class's probability, the predicted class and the risk level.
struct PredictionTable {
    let bundle: ModelBundle
    let probabilities: [Double]
    /// The id column's name and values; the 1-based row number when absent.
    var idName: String? = nil
    var ids: [String]? = nil

    private var negative: String { bundle.classNames[0] }
    private var positive: String { bundle.classNames[1] }

    func csv() -> String {
        var text = [idName ?? "row", "probability_\(negative)", "probability_\(positive)", "prediction", "risk_level"]
            .map(csvField).joined(separator: ",") + "\n"
        text.reserveCapacity(probabilities.count * 64)
        for (i, p) in probabilities.enumerated() {
            let predicted = p >= bundle.threshold ? positive : negative
            text += "\(ids.map { csvField($0[i]) } ?? String(i + 1)),\(1 - p),\(p),\(csvField(predicted)),\(bundle.riskBands.level(p).rawValue)\n"
        }
        return text
    }

    /// JSON written by `JSONEncoder` (shortest round-trip numbers), keys sorted.
    func json() throws -> String {
        struct Model: Encodable { var name: String, version: Int, threshold: Double }
        struct Row: Encodable {
            var row: Int
            var id: String?
            var probabilities: [String: Double]
            var prediction: String
            var riskLevel: String
            enum CodingKeys: String, CodingKey {
                case row, id, probabilities, prediction
                case riskLevel = "risk_level"
            }
        }
        struct Output: Encodable { var model: Model, predictions: [Row] }
        let output = Output(
            model: Model(name: bundle.name, version: bundle.version, threshold: bundle.threshold),
            predictions: probabilities.enumerated().map { i, p in
                Row(row: i + 1, id: ids?[i], probabilities: [negative: 1 - p, positive: p],
                    prediction: p >= bundle.threshold ? positive : negative,
                    riskLevel: bundle.riskBands.level(p).rawValue)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(output), as: UTF8.self) + "\n"
    }
}
