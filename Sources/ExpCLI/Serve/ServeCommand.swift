import ArgumentParser
import ExpDomain
import ExpBundle
import ExpServer
import Foundation

extension Exp {
    /// `exp serve`: the HTTP prediction API for one model.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve a model bundle over HTTP (POST /predict, /v1/predict; GET /health, /v1/model, /metrics).",
            discussion: """
            Binds 127.0.0.1 by default. When EXP_SERVE_TOKEN is set, every request except GET /health \
            and CORS preflights must carry `Authorization: Bearer <token>` (an empty token is refused; \
            unset the variable to serve without authentication). SIGTERM and Ctrl-C shut \
            the server down gracefully, finishing the requests in flight.
            """)

        @Argument(help: "A bundle file, or a registered model NAME, NAME:VERSION or NAME@ALIAS.")
        var model: String

        @Option(help: "The interface to bind.")
        var host: String = "127.0.0.1"

        @Option(parsing: .unconditional, help: "The TCP port (0: any free port).")
        var port: Int = 8080

        @Option(parsing: .unconditional, help: "Most rows one /v1/predict request may hold, 1...\(Self.maximumBatch).")
        var maxBatch: Int = 10_000

        @Option(parsing: .unconditional, help: "Largest request body, in bytes, 1024...\(Self.maximumBodyBytes) (1 GiB).")
        var maxBodyBytes: Int = 8 << 20

        @Option(help: "Origins allowed by CORS, comma-separated ('*' for any, '' for none).")
        var allowOrigins: String = "*"

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must lie in 0...65535") }
            guard (1...Self.maximumBatch).contains(maxBatch) else {
                throw ValidationError("--max-batch must lie in 1...\(Self.maximumBatch), got \(maxBatch)")
            }
            guard (1_024...Self.maximumBodyBytes).contains(maxBodyBytes) else {
                throw ValidationError("--max-body-bytes must lie in 1024...\(Self.maximumBodyBytes) (1 GiB), got \(maxBodyBytes)")
            }
        }

        /// A million rows of a 95-feature model are about a gigabyte of JSON: the body limit.
        static let maximumBatch = 1_000_000
        /// A body is held in memory while it is parsed; more than 1 GiB per request is refused.
        static let maximumBodyBytes = 1 << 30

        /// `EXP_SERVE_TOKEN` as the server should use it: nil when unset; an error when set but
        /// empty, which would otherwise look like "no token" and serve without authentication.
        static func token(from environment: [String: String]) throws -> String? {
            guard let token = environment["EXP_SERVE_TOKEN"] else { return nil }
            guard !token.isEmpty else {
                throw CLIError("EXP_SERVE_TOKEN is set but empty; set it to a token, or unset it to serve without authentication")
            }
            return token
        }

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let server: PredictionServer
            let identity: String
            do {
                // Before the model is read: a wrong setting is refused at once.
                let token = try Self.token(from: ProcessInfo.processInfo.environment)
                let resolved = try await ModelResolver.resolve(model, storeOptions: storeOptions)
                let bundle = resolved.loaded.bundle
                identity = "\(bundle.name):\(bundle.version)"
                let served = ServedModel(
                    name: bundle.name, version: bundle.version, digest: "sha256:" + resolved.loaded.file.digest,
                    inputFeatureNames: bundle.inputFeatureNames, selectedFeatureNames: bundle.selectedFeatureNames,
                    labelName: bundle.manifest.inputSchema.label, classNames: bundle.classNames,
                    threshold: bundle.threshold, riskBands: bundle.riskBands, pipeline: bundle.pipeline,
                    manifestJSON: try bundle.manifestBytes())
                var configuration = ServerConfiguration(
                    host: host, port: port, maxBatch: maxBatch, maxBodyBytes: maxBodyBytes,
                    allowedOrigins: allowOrigins.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
                configuration.token = token
                server = try PredictionServer(model: served, configuration: configuration)
            } catch let error as any Error & CustomStringConvertible {
                Console.error(error.description)
                throw ExitCode(1)
            }
            let host = self.host
            do {
                try await server.run { port in
                    Console.note("serving \(identity) on http://\(host):\(port) (POST /predict, POST /v1/predict, GET /health, GET /v1/model, GET /metrics)")
                }
            } catch {
                Console.error("the server stopped: \(error)")
                throw ExitCode(1)
            }
            Console.note("server stopped")
        }
    }
}
