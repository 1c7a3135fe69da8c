import ArgumentParser
import ExpDomain
import ExpBundle
import ExpCore
import ExpData
import Foundation

extension Exp {
    /// `exp bundle`: inspect and verify bundle files.
    struct Bundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Verify model bundles.",
            subcommands: [Verify.self])

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a bundle's checksums and schema, reload it cold and re-score its holdout rows.",
                discussion: """
                The holdout rows are read from the training data named in the manifest (or --data), \
                which must have the manifest's SHA-256. Exits 0 only if every check passes, \
                including bit-identical holdout probabilities.
                """)

            @Argument(help: "A bundle file, or a registered model NAME, NAME:VERSION or NAME@ALIAS.")
            var bundle: String

            @Option(help: "The training data, if it is not where the manifest says.")
            var data: String?

            @Option(help: "Output: table or json.")
            var format: ReportFormat = .table

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                try await runReporting {
                    let resolved = try await ModelResolver.resolve(bundle, storeOptions: storeOptions)
                    let path = resolved.loaded.file.path
                    var report: VerificationReport
                    do {
                        let rows = try HoldoutData.rows(for: resolved.loaded.bundle, dataOverride: data)
                        report = BundleVerifier.verify(path: path, holdoutRows: rows)
                    } catch let error as CLIError {
                        report = BundleVerifier.verify(path: path)
                        report.checks.append(.init(name: BundleVerifier.CheckName.holdoutRescore, passed: false,
                                                   detail: error.description))
                    }
                    switch format {
                    case .json:
                        try printJSON([
                            "bundle": path, "digest": resolved.loaded.file.digest, "valid": report.isValid,
                            "checks": report.checks.map { ["name": $0.name, "passed": $0.passed, "detail": $0.detail] },
                        ] as [String: Any])
                    case .table:
                        print("\(path)  \(resolved.loaded.bundle.name):\(resolved.loaded.bundle.version)  sha256 \(resolved.loaded.file.digest)")
                        for check in report.checks {
                            print("  \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)")
                        }
                        print(report.isValid ? "verified" : "NOT verified: \(plural(report.failures.count, "check")) failed")
                    }
                    if !report.isValid { throw ExitCode(1) }
                }
            }
        }
    }
}

/// The raw holdout rows of a bundle, reloaded from its training data.
enum HoldoutData {
    static func rows(for bundle: ModelBundle, dataOverride: String?) throws -> Matrix<Double> {
        let dataset = try dataset(for: bundle, dataOverride: dataOverride)
        return dataset.features.gatheringRows(bundle.holdout.map(\.rowID))
    }

    /// The bundle's training data, checked against the manifest's SHA-256, schema and row ids.
    static func dataset(for bundle: ModelBundle, dataOverride: String?) throws -> Dataset {
        let manifest = bundle.manifest
        let source = dataOverride ?? manifest.training.datasetSource
        let dataset: Dataset
        do {
            dataset = try DataLoader.load(source, options: DataLoader.Options(
                labelColumn: manifest.inputSchema.label, positiveClass: manifest.inputSchema.positiveClass))
        } catch {
            throw CLIError("cannot load the training data \(source) to re-score the holdout rows: \(error)"
                + (dataOverride == nil ? "; pass --data PATH" : ""))
        }
        guard dataset.sha256 == manifest.training.datasetSHA256 else {
            throw CLIError("\(source) is not the training data: its SHA-256 is \(dataset.sha256.prefix(12))…, "
                + "the manifest records \(manifest.training.datasetSHA256.prefix(12))…")
        }
        guard dataset.featureNames == manifest.inputSchema.features else {
            throw CLIError("\(source) has other feature columns than the bundle's input schema")
        }
        let ids = bundle.holdout.map(\.rowID)
        if let bad = ids.first(where: { $0 < 0 || $0 >= dataset.rowCount }) {
            throw CLIError("holdout.csv names row \(bad), but \(source) has \(dataset.rowCount) rows")
        }
        return dataset
    }
}
