import ExpDomain
import ExpBundle
import ExpStore
import Foundation

/// Finds the bundle a command names: a bundle file, or a registered model `NAME`, `NAME:VERSION`
/// or `NAME@ALIAS`, whose file must still have the digest the registry recorded.
enum ModelResolver {
    struct Resolved {
        var loaded: LoadedBundle
        /// The registry record, when the model was named rather than given as a file.
        var record: ModelVersionRecord?
    }

    static func resolve(_ argument: String, storeOptions: StoreOptions) async throws -> Resolved {
        if argument.hasSuffix(".tar.gz") || argument.contains("/") || FileManager.default.fileExists(atPath: argument) {
            return Resolved(loaded: try load(argument), record: nil)
        }
        guard let reference = ModelReference(argument) else {
            throw CLIError("'\(argument.prefix(120))' is neither a bundle file nor a model NAME, NAME:VERSION or NAME@ALIAS\(referenceProblem(argument))")
        }
        guard storeOptions.exists else {
            throw CLIError("no model \(reference): there is no store at \(storeOptions.location)")
        }
        let store = try await storeOptions.open(readOnly: true)
        guard let record = try await store.modelVersion(reference) else {
            let known = try await store.models().map(\.name)
            throw CLIError("no model \(reference) in \(storeOptions.location)"
                + (known.isEmpty ? " (no models are registered; see `exp promote`)" : "; models: \(known.joined(separator: ", "))"))
        }
        let path = try record.bundleFile()
        let loaded = try load(path)
        guard loaded.file.digest == record.digest else {
            throw CLIError("""
                \(FilePaths.display(path)) does not match \(record.name):\(record.version) in the registry: its SHA-256 is \
                \(loaded.file.digest.prefix(12))…, the registry recorded \(record.digest.prefix(12))…
                """)
        }
        return Resolved(loaded: loaded, record: record)
    }

    static func load(_ path: String) throws -> LoadedBundle {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no bundle at \(path)") }
        do {
            return try BundleReader.load(path: path)
        } catch let error as BundleError {
            throw CLIError("\(path): \(error)")
        }
    }
}

extension ModelVersionRecord {
    /// The bundle file of this version; an error naming the version when its artifact is not a
    /// local file.
    func bundleFile() throws -> String {
        guard let path = artifact.filePath else {
            throw CLIError("the bundle of \(name):\(version) is \(artifact), not a file this exp can read")
        }
        return path
    }
}

/// Why `text` is not a model reference, as "; " and the broken rule ("a model name has at most
/// 100 characters (this one has 128)"), or "" when no single rule explains it.
func referenceProblem(_ text: String) -> String {
    var name = text, alias: String? = nil, version: String? = nil
    if let at = text.firstIndex(of: "@") {
        name = String(text[..<at]); alias = String(text[text.index(after: at)...])
    } else if let colon = text.firstIndex(of: ":") {
        name = String(text[..<colon]); version = String(text[text.index(after: colon)...])
    }
    if let problem = ResourceName.problem(with: name, as: .model) { return "; \(problem)" }
    if let alias, let problem = ResourceName.problem(with: alias, as: .alias) { return "; \(problem)" }
    if let version, (Int(version) ?? 0) < 1 { return "; VERSION is a whole number of at least 1, not '\(version.prefix(40))'" }
    return ""
}
