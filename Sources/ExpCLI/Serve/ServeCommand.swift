import ArgumentParser
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
            and CORS preflights must carry `Authorization: Bearer <token>`. SIGTERM and Ctrl-C shut \
            the server down gracefully, finishing the requests in flight.
            """)

        @Argument(help: "A bundle file, or a registered model NAME, NAME:VERSION or NAME@ALIAS.")
        var model: String

        @Option(help: "The interface to bind.")
        var host: String = "127.0.0.1"

        @Option(parsing: .unconditional, help: "The TCP port (0: any free port).")
        var port: Int = 8080

        @Option(help: "Most rows one /v1/predict request may hold.")
        var maxBatch: Int = 10_000

        @Option(help: "Largest request body, in bytes.")
        var maxBodyBytes: Int = 8 << 20

        @Option(help: "Origins allowed by CORS, comma-separated ('*' for any, '' for none).")
        var allowOrigins: String = "*"

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must lie in 0...65535") }
            guard maxBatch >= 1 else { throw ValidationError("--max-batch must be at least 1") }
            guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        }

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let server: PredictionServer
            let identity: String
            do {
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
                if let token = ProcessInfo.processInfo.environment["EXP_SERVE_TOKEN"], !token.isEmpty {
                    configuration.token = token
                }
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
