import ArgumentParser
import ExpDomain
import ExpStore
import Foundation

extension Exp {
    /// `exp models`: the model registry.
    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "models",
            abstract: "List registered models, show a version, move aliases.",
            subcommands: [List.self, Show.self, Alias.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the registered models and their aliases.")

            @Option(help: "Output: table, json or csv.")
            var format: ListingFormat = .table

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                try await runReporting {
                    let models = try await storeOptions.openExisting(readOnly: true).models()
                    switch format {
                    case .table:
                        if models.isEmpty {
                            Console.note("no models are registered; promote a trial with `exp promote TRIAL --name NAME`")
                            return
                        }
                        var table = TextTable(header: ["name", "versions", "latest", "promoted", "aliases"])
                        for m in models {
                            table.rows.append([m.name, "\(m.versionCount)", "v\(m.latestVersion)", formatTime(m.latestPromotedAt),
                                       m.aliases.map { "\($0.alias)→v\($0.version)" }.joined(separator: " ")])
                        }
                        print(table.render(), terminator: "")
                    case .json:
                        try printJSON(models.map { m -> [String: Any] in
                            ["name": m.name, "versions": m.versionCount, "latest_version": m.latestVersion,
                             "latest_promoted_at": m.latestPromotedAt,
                             "aliases": Dictionary(uniqueKeysWithValues: m.aliases.map { ($0.alias, $0.version) })]
                        })
                    case .csv:
                        print("name,versions,latest_version,latest_promoted_at,aliases")
                        for m in models {
                            print([m.name, "\(m.versionCount)", "\(m.latestVersion)", "\(m.latestPromotedAt)",
                                   m.aliases.map { "\($0.alias)=\($0.version)" }.joined(separator: ";")].map(csvField).joined(separator: ","))
                        }
                    }
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show one model version: lineage, metrics, bundle and aliases.")

            @Argument(help: "NAME (latest), NAME:VERSION or NAME@ALIAS.")
            var model: String

            @Option(help: "Output: table or json.")
            var format: ReportFormat = .table

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                try await runReporting {
                    guard let reference = ModelReference(model) else {
                        throw CLIError("'\(model.prefix(120))' is not NAME, NAME:VERSION or NAME@ALIAS\(referenceProblem(model))")
                    }
                    let store = try await storeOptions.openExisting(readOnly: true)
                    guard let record = try await store.modelVersion(reference) else {
                        throw CLIError("no model \(reference) in \(storeOptions.location)")
                    }
                    let versions = try await store.modelVersions(name: record.name).map(\.version)
                    switch format {
                    case .json:
                        try printJSON(try ModelView.json(record))
                    case .table:
                        print(try ModelView.text(record, allVersions: versions), terminator: "")
                    }
                }
            }
        }

        struct Alias: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Point NAME@ALIAS at a version (creating or moving the alias).")

            @Argument(help: "NAME@ALIAS, e.g. bankruptcy@production.")
            var alias: String

            @Argument(help: "The version the alias should point at.")
            var version: Int

            @OptionGroup var storeOptions: StoreOptions

            func run() async throws {
                try await runReporting {
                    guard case let .alias(name, aliasName)? = ModelReference(alias) else {
                        throw CLIError("'\(alias)' is not NAME@ALIAS")
                    }
                    let store = try await storeOptions.openExisting(readOnly: false)
                    guard try await store.modelVersion(.version(name: name, version: version)) != nil else {
                        let known = try await store.modelVersions(name: name).map { "\($0.version)" }
                        throw CLIError("no version \(version) of model '\(name)'"
                            + (known.isEmpty ? "" : "; versions: \(known.reversed().joined(separator: ", "))"))
                    }
                    let previous = try await store.setAlias(name: name, alias: aliasName, version: version,
                                                      by: BundleAssembler.currentUser)
                    print("\(name)@\(aliasName) → \(version)\(previous.map { " (was \($0))" } ?? " (new alias)")")
                }
            }
        }
    }
}

/// Runs a command body, reporting any error with its description and exit status 1.
func runReporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as any Error & CustomStringConvertible {
        Console.error(error.description)
        throw ExitCode(1)
    }
}

func printJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    print(String(decoding: data, as: UTF8.self))
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// `2026-11-21 07:41:12Z` (UTC).
func formatTime(_ seconds: Double) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
    return formatter.string(from: Date(timeIntervalSince1970: seconds)) + "Z"
}
