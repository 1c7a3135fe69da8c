import ExpDomain
import ExpCore
import ExpData
import ExpDomain
import ExpRunner
import ExpTestSupport
import Foundation
import Testing
@testable import ExpBundle
@testable import ExpServer

/// The fuzz targets' checks (reliability/fuzz/Fuzz*.swift), run in process on every seed in
/// reliability/corpus/TARGET and every input the fuzzers ever crashed on, kept in
/// reliability/crashes/TARGET, plus the crashes found so far written out inline. A crash here
/// is a trap of the test process; a wrong answer is a failed expectation.
@Suite("Reliability: fuzz corpus and crash regressions")
struct FuzzRegressionTests {
    /// `<package>/reliability`.
    static let root = PackagePaths.root.appendingPathComponent("reliability")

    /// Every file of reliability/corpus/TARGET and reliability/crashes/TARGET.
    static func inputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
        var found: [(String, [UInt8])] = []
        for folder in ["corpus", "crashes"] {
            let directory = root.appendingPathComponent(folder).appendingPathComponent(target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                if let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) {
                    found.append(("\(folder)/\(target)/\(name)", [UInt8](data)))
                }
            }
        }
        return found
    }

    // MARK: The harnesses' checks

    /// FuzzData: byte 0 even → CSV (label: last column; bit 1 → positive class "1"), odd → ARFF.
    static func data(_ input: [UInt8]) -> String? {
        guard let selector = input.first else { return nil }
        let bytes = Array(input.dropFirst())
        do {
            let dataset: Dataset
            if selector & 1 == 0 {
                let table = try CSVReader(file: "fuzz.csv").read(bytes)
                guard let label = table.header.last else { return nil }
                dataset = try DataLoader.loadCSV(bytes: bytes, name: "fuzz.csv",
                                                 options: .init(labelColumn: label, positiveClass: selector & 2 == 0 ? nil : "1"))
            } else {
                dataset = try DataLoader.loadARFF(bytes: bytes, name: "fuzz.arff", options: .init())
            }
            _ = DataQualityReport(dataset).renderTable()
            return nil
        } catch is DataError {
            return nil
        } catch {
            return "unexpected error type \(type(of: error)): \(error)"
        }
    }

    /// FuzzSpec: parse, canonical JSON, validate against the built-in data's shape, materialise
    /// small sweeps.
    static func spec(_ input: [UInt8]) -> String? {
        guard let text = String(validating: input, as: UTF8.self) else { return nil }
        do {
            let spec = try SweepSpec.parse(yaml: text, file: "fuzz.yaml", baseDirectory: "/nonexistent")
            _ = spec.canonicalJSON
            try spec.validate(featureCount: 95, minorityCount: 40)
            var size = 1
            for parameter in spec.search.parameters {
                if case let .values(list) = parameter.domain { size = size.multipliedReportingOverflow(by: list.count).partialValue } else { size = .max }
            }
            if spec.search.method == .random ? (spec.search.trials ?? 0) <= 2_000 : size <= 2_000 {
                let trials = try spec.materializeTrials()
                if trials.map(\.number) != Array(0..<trials.count) { return "trial numbers are not 0..<n" }
                if Set(trials.map(\.cellHash)).count != trials.count { return "two trials share a cell" }
            }
            return nil
        } catch is SpecError {
            return nil
        } catch {
            return "unexpected error type \(type(of: error)): \(error)"
        }
    }

    /// FuzzBundle: byte 0 picks a .tar.gz, a tar, or one member decoder.
    static func bundle(_ input: [UInt8]) -> String? {
        guard let first = input.first else { return nil }
        let bytes = Array(input.dropFirst())
        let limits = BundleReader.Limits(compressedBytes: 1 << 20, memberBytes: 1 << 20, totalBytes: 4 << 20, members: 64)
        do {
            switch first % 8 {
            case 0, 1:
                let archive = first % 8 == 0 ? bytes : try Gzip.compress(bytes, level: 1)
                let bundle = try BundleReader.read(bytes: archive, limits: limits)
                let width = bundle.pipeline.inputFeatureCount
                if width <= 10_000 {
                    let row = Matrix<Double>(rows: 1, columns: width, elements: [Double](repeating: 0.5, count: width))
                    if try bundle.pipeline.predictProbabilities(row).count != 1 { return "not one probability for one row" }
                }
                _ = try BundleWriter.archive(bundle)
            case 2: _ = try TrainedNetwork.decodeDocument(bytes)
            case 3: _ = try BundleJSON.decode(ScalerDocument.self, from: bytes, member: .scaler).scaler()
            case 4: _ = try BundleJSON.decode(BundleManifest.self, from: bytes, member: .manifest)
            case 5: _ = try BundleJSON.decode(FeatureManifest.self, from: bytes, member: .features)
            case 6: _ = try HoldoutCSV.decode(bytes)
            default: _ = try BundleJSON.decode(ImputerDocument.self, from: bytes, member: .imputer).imputer()
            }
            return nil
        } catch is BundleError {
            return nil
        } catch is ExpCoreError {
            return nil
        } catch {
            return "unexpected error type \(type(of: error)): \(error)"
        }
    }

    static let service: PredictionService? = {
        let network = MLPNetwork<Double>(
            layerSizes: [2, 2, 1], activation: .relu,
            weights: [Matrix(rows: 2, columns: 2, elements: [1, -1, 0.5, 2]), Matrix(rows: 2, columns: 1, elements: [1, -0.5])],
            biases: [[0, 0.5], [0.1]])
        guard let pipeline = try? InferencePipeline(
            inputFeatureCount: 4, imputer: nil, selectedIndices: [1, 3],
            scaler: StandardScaler(mean: [1, 2], variance: [4, 16], scale: [2, 4], samplesSeen: 10),
            network: .float64(network)) else { return nil }
        let model = ServedModel(
            name: "toy", version: 3, digest: "sha256:abc123",
            inputFeatureNames: ["x0", "x1", "x2", "x3"], selectedFeatureNames: ["x1", "x3"],
            labelName: "Bankrupt?", classNames: ["solvent", "bankrupt"], threshold: 0.5, riskBands: .default,
            pipeline: pipeline, manifestJSON: Array(#"{"name": "toy", "version": 3}"#.utf8))
        var configuration = ServerConfiguration()
        configuration.maxBatch = 64
        configuration.maxBodyBytes = 1 << 16
        configuration.token = "secret"
        configuration.allowedOrigins = ["https://ok.example"]
        return try? PredictionService(model: model, configuration: configuration)
    }()

    /// FuzzHTTP: byte 0 route and method, byte 1 headers, the rest the body.
    static func http(_ input: [UInt8]) -> String? {
        guard input.count >= 2, let service else { return input.count >= 2 ? "no service" : nil }
        let route = Int(input[0]), flags = Int(input[1])
        let paths = ["/predict", "/v1/predict", "/invocations", "/health", "/v1/model", "/metrics", "/nope", "/v1/predict?x=1"]
        let methods = ["POST", "GET", "OPTIONS", "PUT"]
        let contentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "", "APPLICATION/JSON"]
        let body = Array(input.dropFirst(2))
        var headers: [String: String] = [:]
        let method = route & 0xC0 == 0 ? methods[(route >> 3) & 3] : (route & 7 < 3 ? "POST" : "GET")
        if flags & 1 == 0 { headers["authorization"] = "Bearer secret" } else if flags & 2 != 0 { headers["authorization"] = "Bearer nope" }
        let type = contentTypes[(flags >> 2) % contentTypes.count]
        if !type.isEmpty { headers["content-type"] = type }
        if flags & 0x20 != 0 { headers["origin"] = flags & 0x40 != 0 ? "https://ok.example" : "https://evil.example" }
        if flags & 0x80 != 0 { headers["content-length"] = String(body.count) }
        let response = service.handle(ServiceRequest(method: method, path: paths[route & 7], headers: headers, body: body))
        guard (200..<500).contains(response.status), !(300..<400).contains(response.status) else {
            return "status \(response.status) for \(method) \(paths[route & 7]): \(response.text)"
        }
        if response.status != 204, response.header("content-type")?.hasPrefix("application/json") == true,
           (try? JSONParser.parse(response.body)) == nil {
            return "the response body is not JSON: \(response.text)"
        }
        return nil
    }

    // MARK: Replaying the corpus and the crashes

    @Test("every seed and saved crash input passes its fuzz target's checks", arguments: ["data", "spec", "bundle", "http"])
    func replay(_ target: String) {
        let inputs = Self.inputs(target)
        #expect(inputs.count >= (target == "http" ? 8 : 5), "only \(inputs.count) inputs for \(target)")
        for (name, bytes) in inputs {
            let problem: String?
            switch target {
            case "data": problem = Self.data(bytes)
            case "spec": problem = Self.spec(bytes)
            case "bundle": problem = Self.bundle(bytes)
            default: problem = Self.http(bytes)
            }
            #expect(problem == nil, "\(name): \(problem ?? "")")
        }
    }

    @Test("the seeds reach the deep code: the CSV, ARFF, spec and bundle seeds load, the HTTP seeds predict")
    func seedsAreValid() throws {
        for (name, bytes) in Self.inputs("data") where name.hasPrefix("corpus/") {
            let selector = bytes[0], body = Array(bytes.dropFirst())
            if selector & 1 == 0 {
                let header = try CSVReader(file: name).read(body).header
                #expect((try? DataLoader.loadCSV(bytes: body, name: name, options: .init(labelColumn: header.last,
                    positiveClass: selector & 2 == 0 ? nil : "1"))) != nil, "\(name) does not load")
            } else {
                #expect((try? DataLoader.loadARFF(bytes: body, name: name, options: .init())) != nil, "\(name) does not load")
            }
        }
        for (name, bytes) in Self.inputs("spec") where name.hasPrefix("corpus/") {
            #expect((try? SweepSpec.parse(yaml: String(decoding: bytes, as: UTF8.self))) != nil, "\(name) does not parse")
        }
        let bundles = Self.inputs("bundle").filter { $0.name.hasPrefix("corpus/") && $0.bytes.first == 0 }
        #expect(!bundles.isEmpty)
        for (name, bytes) in bundles {
            #expect((try? BundleReader.read(bytes: Array(bytes.dropFirst()))) != nil, "\(name) does not load")
        }
        let service = try #require(Self.service)
        for (name, bytes) in Self.inputs("http") where name.hasPrefix("corpus/") && bytes[0] < 3 && bytes[1] == 0 {
            let response = service.handle(ServiceRequest(
                method: "POST", path: ["/predict", "/v1/predict", "/invocations"][Int(bytes[0])],
                headers: ["authorization": "Bearer secret", "content-type": "application/json"], body: Array(bytes.dropFirst(2))))
            #expect(response.status == 200 || name.hasSuffix("batch-numbers"), "\(name): \(response.status) \(response.text)")
        }
    }

    // MARK: Inputs that used to crash or hang

    @Test("a YAML alias bomb is refused at once, with a bounded message")
    func aliasBomb() throws {
        let names = Array("abcdefghi")
        var levels = ["&a [x,x,x,x,x,x,x,x,x,x]"]
        for i in 1..<names.count {
            levels.append("&\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 10).joined(separator: ",") + "]")
        }
        for yaml in ["name: [" + levels.joined(separator: ", ") + "]\n",
                     "name: t\ndata:\n  path: builtin:bankruptcy\nmodel:\n  hidden_layers: [" + levels.joined(separator: ", ") + "]\n"] {
            let start = ContinuousClock.now
            #expect(throws: SpecError.self) { try SweepSpec.parse(yaml: yaml) }
            do {
                _ = try SweepSpec.parse(yaml: yaml)
            } catch let error as SpecError {
                #expect(error.message.count < 400, "message of \(error.message.count) characters")
            }
            // A hang guard, not a speed bound: the regression hung for ever.
            #expect(ContinuousClock.now - start < .seconds(30))
        }
    }

    @Test("random search asking for more trials than the largest grid is refused, not materialised")
    func hugeRandomSearch() throws {
        let yaml = "name: t\ndata:\n  path: builtin:bankruptcy\nsearch:\n  method: random\n  trials: 1000001\n  parameters:\n"
            + "    alpha: {min: 0.0001, max: 1}\n"
        let start = ContinuousClock.now
        #expect(throws: SpecError.self) { try SweepSpec.parse(yaml: yaml) }
        do {
            _ = try SweepSpec.parse(yaml: yaml)
        } catch let error as SpecError {
            #expect(error.keyPath == "search.trials" && error.line == 6)
            #expect(error.message == "1000001 trials requested; at most 1000000 are allowed")
        }
        // A hang guard: materialising the trials before refusing them took minutes.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test("a 50,000-value grid list is checked for duplicates in linear time")
    func longValueList() throws {
        func spec(_ count: Int) -> String {
            "name: t\ndata:\n  path: builtin:bankruptcy\nsearch:\n  parameters:\n    alpha: ["
                + (1...count).map(String.init).joined(separator: ", ") + "]\n"
        }
        func parse(_ count: Int) throws -> Duration {
            let yaml = spec(count)
            let start = ContinuousClock.now
            let parsed = try SweepSpec.parse(yaml: yaml)
            let elapsed = ContinuousClock.now - start
            #expect(parsed.search.parameters.first.map { if case let .values(list) = $0.domain { list.count } else { 0 } } == count)
            return elapsed
        }
        // Growth, not speed: ten times the values must cost about ten times the time (the
        // quadratic check this replaced cost a hundred times). The margin absorbs a busy machine;
        // the smaller run is timed twice, keeping the slower, so noise only lowers the ratio.
        let small = max(try parse(5_000), try parse(5_000))
        let large = try parse(50_000)
        let ratio = large / small
        #expect(ratio < 40, "5,000 values: \(small), 50,000 values: \(large), ratio \(ratio)")
    }
}
