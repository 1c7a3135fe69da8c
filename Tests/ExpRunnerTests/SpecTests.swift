import ExpDomain
import ExpCore
import ExpData
import ExpRunner
import ExpTestSupport
import Foundation
import Testing

@Suite struct SpecTests {
    static let issueExample = """
        name: bankruptcy-mlp
        data:
          path: builtin:bankruptcy        # or a CSV/ARFF path, relative to the spec file
          label: "Bankrupt?"
          positive: 1                     # positive class value
          holdout: 0.2                    # stratified test split, never seen by the sweep (0 = none)
        seed: 42
        cv: {folds: 5}
        metric: roc_auc                   # what "best" means; any stored metric
        search:
          method: grid                    # grid | random (with `trials: N`, seeded sampling)
          parameters:
            hidden_layers: [[64], [100, 50], [128, 64, 32]]
            alpha: [0.0001, 0.001, 0.01]
            k_best: [20, 50, 95]
        model:                            # fixed settings, scikit-learn names and defaults
          activation: relu
          learning_rate_init: 0.001
          batch_size: 200
          max_iter: 200
          early_stopping: true
          validation_fraction: 0.1
          n_iter_no_change: 10
          resampling: smote-tomek          # none | smote | smote-tomek
          imputer: median                  # used only when the data has missing values
        """

    @Test func everyShippedExperimentParsesAndMaterializes() throws {
        let files = try SpecTestSupport.experimentFiles()
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names.contains("quickstart.yaml"))
        #expect(names.contains("bankruptcy-grid.yaml"))
        #expect(names.contains("random-search.yaml"))
        for file in files {
            let spec = try SweepSpec.load(contentsOf: file)
            let trials = try spec.materializeTrials()
            #expect(!trials.isEmpty, "\(file)")
            for trial in trials { try trial.parameters.mlpConfiguration().validate() }
            try spec.validate(featureCount: 95, minorityCount: 176)
        }
    }

    @Test func shippedExperimentsLoadTheirDataAndPassValidation() throws {
        for file in try SpecTestSupport.experimentFiles() {
            let spec = try SweepSpec.load(contentsOf: file)
            guard spec.data.path.hasPrefix("builtin:") || FileManager.default.fileExists(atPath: spec.data.path) else {
                continue  // the reference CSV lives next to the repository, not in it
            }
            let data = try DataLoader.load(
                spec.data.path, options: .init(labelColumn: spec.data.label, positiveClass: spec.data.positive))
            let minority = min(data.positiveCount, data.negativeCount)
            let trainingMinority = minority - Int((spec.data.holdout * Double(minority)).rounded(.up))
            try spec.validate(featureCount: data.featureCount, minorityCount: trainingMinority)
        }
    }

    @Test func shippedExperimentsHaveTheDocumentedShape() throws {
        let root = PackagePaths.root.path
        let quick = try SweepSpec.load(contentsOf: root + "/experiments/quickstart.yaml")
        #expect(quick.data.path == "builtin:bankruptcy")
        #expect(quick.cv.folds == 3)
        #expect(try quick.materializeTrials().count <= 4)
        #expect(quick.fixedParameters.maxIter <= 50)
        #expect(quick.fixedParameters.resampling == .smoteTomek)

        let grid = try SweepSpec.load(contentsOf: root + "/experiments/bankruptcy-grid.yaml")
        #expect(grid.data.declaredPath == "../../shared/data/taiwan_bankruptcy.csv")
        let expected = URL(fileURLWithPath: root).deletingLastPathComponent()
            .appendingPathComponent("shared/data/taiwan_bankruptcy.csv").path
        #expect(grid.data.path == expected)
        #expect(grid.data.holdout == 0.2 && grid.cv.folds == 5 && grid.seed == 42)
        #expect(try grid.materializeTrials().count == 27)
        #expect(grid.specHash == (try SweepSpec.parse(yaml: Self.issueExample)).withPath(grid.data.declaredPath).specHash)

        let random = try SweepSpec.load(contentsOf: root + "/experiments/random-search.yaml")
        #expect(random.search.method == .random)
        #expect(random.search.trials == 12)
        #expect(try random.materializeTrials().count == 12)
    }

    @Test func parsesTheIssueExample() throws {
        let spec = try SweepSpec.parse(yaml: Self.issueExample, file: "issue.yaml")
        #expect(spec.name == "bankruptcy-mlp")
        #expect(spec.data == DataSpec(path: "builtin:bankruptcy", label: "Bankrupt?", positive: "1", holdout: 0.2))
        #expect(spec.seed == 42)
        #expect(spec.cv.folds == 5)
        #expect(spec.metric == .rocAUC)
        #expect(spec.threshold == 0.5)
        #expect(spec.search.method == .grid)
        #expect(spec.search.trials == nil)
        #expect(spec.search.parameters == [
            SearchParameter(.hiddenLayers, .values([.intList([64]), .intList([100, 50]), .intList([128, 64, 32])])),
            SearchParameter(.alpha, .values([.double(0.0001), .double(0.001), .double(0.01)])),
            SearchParameter(.kBest, .values([.int(20), .int(50), .int(95)])),
        ])
        #expect(spec.model.map(\.key) == [
            .activation, .learningRateInit, .batchSize, .maxIter, .earlyStopping, .validationFraction,
            .nIterNoChange, .resampling, .imputer,
        ])
        let fixed = spec.fixedParameters
        #expect(fixed.batchSize == 200)
        #expect(fixed.earlyStopping)
        #expect(fixed.resampling == .smoteTomek)
        #expect(fixed.imputer == .median)
        #expect(fixed.dtype == .float64)
        #expect(fixed.kernel == .separate)
        #expect(spec.source.file == "issue.yaml")
        #expect(spec.source.location(of: "search.parameters.k_best[2]") == SpecLocation(line: 15, column: 22))
    }

    @Test func defaultsFillEveryOptionalKey() throws {
        let spec = try SweepSpec.parse(yaml: SpecTestSupport.spec())
        #expect(spec.seed == 42)
        #expect(spec.cv.folds == 5)
        #expect(spec.metric == .rocAUC)
        #expect(spec.threshold == 0.5)
        #expect(spec.data.holdout == 0.2)
        #expect(spec.data.label == nil && spec.data.positive == nil)
        #expect(spec.model.isEmpty)
        #expect(spec.search == SearchSpec())
        let trials = try spec.materializeTrials()
        #expect(trials.count == 1)
        #expect(trials.first?.parameters == TrialParameters())
        #expect(trials.first?.searched == [])
    }

    @Test func everyModelKeyParses() throws {
        let spec = try SweepSpec.parse(yaml: SpecTestSupport.spec("""
            threshold: 0.3
            metric: log_loss
            seed: 18446744073709551615
            model:
              hidden_layer_sizes: 32
              activation: tanh
              alpha: 1
              learning_rate_init: 0.01
              batch_size: auto
              max_iter: 20
              tol: 0
              shuffle: false
              beta_1: 0.8
              beta_2: 0.99
              epsilon: 1e-7
              early_stopping: true
              validation_fraction: 0.2
              n_iter_no_change: 3
              early_stopping_metric: log_loss
              resampling: smote
              k_neighbors: 3
              imputer: median
              k_best: all
              dtype: float32
              kernel: fused
            """))
        #expect(spec.threshold == 0.3)
        #expect(spec.metric == .logLoss)
        #expect(spec.seed == .max)
        let p = spec.fixedParameters
        #expect(p.hiddenLayers == [32])
        #expect(p.activation == .tanh)
        #expect(p.alpha == 1)
        #expect(p.learningRateInit == 0.01)
        #expect(p.batchSize == nil)
        #expect(p.maxIter == 20)
        #expect(p.tol == 0)
        #expect(!p.shuffle)
        #expect(p.beta1 == 0.8 && p.beta2 == 0.99 && p.epsilon == 1e-7)
        #expect(p.earlyStopping && p.validationFraction == 0.2 && p.nIterNoChange == 3)
        #expect(p.earlyStoppingMetric == .logLoss)
        #expect(p.resampling == .smote && p.kNeighbors == 3)
        #expect(p.kBest == .all)
        #expect(p.dtype == .float32)
        #expect(p.kernel == .fused)
        #expect(spec.source.location(of: "model.hidden_layers") == spec.source.location(of: "model.hidden_layer_sizes"))

        let c = p.mlpConfiguration()
        #expect(c.hiddenLayerSizes == [32] && c.activation == .tanh && c.alpha == 1 && c.batchSize == nil)
        #expect(c.learningRateInit == 0.01 && c.maxIter == 20 && c.tol == 0 && !c.shuffle)
        #expect(c.beta1 == 0.8 && c.beta2 == 0.99 && c.epsilon == 1e-7)
        #expect(c.earlyStopping && c.validationFraction == 0.2 && c.nIterNoChange == 3)
        #expect(c.earlyStoppingMetric == .logLoss && c.accumulation == .fused)
        try c.validate()
    }

    @Test func defaultTrialParametersMatchScikitLearn() {
        let sklearn = MLPConfiguration()
        let c = TrialParameters().mlpConfiguration()
        #expect(c == sklearn)
    }

    @Test func relativeDataPathsResolveAgainstTheSpecDirectory() throws {
        func path(_ declared: String, base: String?) throws -> String {
            let yaml = "name: t\ndata: {path: \"\(declared)\"}\n"
            return try SweepSpec.parse(yaml: yaml, baseDirectory: base).data.path
        }
        #expect(try path("../../shared/data/t.csv", base: "/work/main/experiments") == "/work/shared/data/t.csv")
        #expect(try path("./d/t.arff", base: "/x/experiments") == "/x/experiments/d/t.arff")
        #expect(try path("../../shared/t.csv", base: "experiments") == "../shared/t.csv")
        #expect(try path("/abs/t.csv", base: "/x") == "/abs/t.csv")
        #expect(try path("builtin:bankruptcy?rows=500", base: "/x") == "builtin:bankruptcy?rows=500")
        #expect(try path("t.csv", base: nil) == "t.csv")
    }

    @Test func canonicalJSONIsSortedCompactAndShortest() throws {
        let spec = try SweepSpec.parse(yaml: """
            name: tiny
            data: {path: builtin:bankruptcy, positive: 1}
            search:
              method: random
              trials: 2
              parameters:
                k_best: [20, all]
                alpha: {min: 1e-5, max: 0.1, log: true}
            model: {dtype: float32, hidden_layers: [8, 4]}
            """)
        #expect(spec.canonicalJSON == """
            {"cv":{"folds":5},"data":{"holdout":0.2,"path":"builtin:bankruptcy","positive":"1"},"metric":"roc_auc",\
            "model":{"dtype":"float32","hidden_layers":[8,4]},"name":"tiny","search":{"method":"random","parameters":\
            [{"name":"k_best","values":[20,"all"]},{"name":"alpha","range":{"log":true,"max":0.1,"min":1e-05}}],\
            "trials":2},"seed":42,"threshold":0.5}
            """)
        #expect(spec.specHash == SHA256.hex(Array(spec.canonicalJSON.utf8)))
    }

    @Test func specHashIgnoresCommentsAndFormatting() throws {
        let block = try SweepSpec.parse(yaml: Self.issueExample, file: "a.yaml")
        let flow = try SweepSpec.parse(yaml: """
            # the same sweep, written differently
            name: "bankruptcy-mlp"
            seed: 42
            metric: roc_auc
            data: {path: 'builtin:bankruptcy', label: Bankrupt?, positive: "1", holdout: 0.20}
            model: {imputer: median, resampling: smote-tomek, n_iter_no_change: 10, validation_fraction: 1e-1,
                    early_stopping: yes, max_iter: 200, batch_size: 200, learning_rate_init: 1.0e-3, activation: relu}
            cv:
              folds: 5
            search:
              parameters:
                hidden_layer_sizes:
                  - [64]
                  - [100, 50]
                  - [128, 64, 32]
                alpha: [1e-4, 1e-3, 1e-2]
                k_best: [20, 50, 95]
            """, file: "b.yaml")
        #expect(block.specHash == flow.specHash)
        #expect(block != flow)  // the source locations differ
        var changed = block
        changed.seed = 43
        #expect(changed.specHash != block.specHash)
        let reordered = try SweepSpec.parse(yaml: Self.issueExample.replacingOccurrences(
            of: "    alpha: [0.0001, 0.001, 0.01]\n    k_best: [20, 50, 95]",
            with: "    k_best: [20, 50, 95]\n    alpha: [0.0001, 0.001, 0.01]"))
        #expect(reordered.specHash != block.specHash, "the parameter order decides the trial order")
    }

    @Test func trialParametersCanonicalJSONIsStable() {
        let json = TrialParameters().canonicalJSON
        #expect(json == """
            {"activation":"relu","alpha":0.0001,"batch_size":"auto","beta_1":0.9,"beta_2":0.999,"dtype":"float64",\
            "early_stopping":false,"early_stopping_metric":"accuracy","epsilon":1e-08,"hidden_layers":[100],\
            "imputer":"median","k_best":"all","k_neighbors":5,"kernel":"separate","learning_rate_init":0.001,\
            "max_iter":200,"n_iter_no_change":10,"resampling":"none","shuffle":true,"tol":0.0001,\
            "validation_fraction":0.1}
            """)
        #expect(TrialParameters().cellHash == SHA256.hex(Array(json.utf8)))
        #expect(TrialParameters().cellHash.count == 64)
    }

    @Test func codableRoundTripsKeepEverything() throws {
        let spec = try SweepSpec.parse(yaml: """
            name: rt
            data: {path: builtin:bankruptcy, label: Bankrupt?}
            search:
              method: random
              trials: 3
              parameters:
                alpha: {min: 1, max: 2}
                k_best: {min: 2, max: 9, log: true}
                batch_size: [auto, 64]
            model: {tol: 0, hidden_layers: [4]}
            """)
        let encoded = try JSONEncoder().encode(spec)
        let decoded = try JSONDecoder().decode(SweepSpec.self, from: encoded)
        #expect(decoded == spec)
        #expect(decoded.specHash == spec.specHash)

        var p = TrialParameters()
        p.alpha = 1
        p.kBest = .count(7)
        p.batchSize = 32
        p.hiddenLayers = [8, 4]
        let q = try JSONDecoder().decode(TrialParameters.self, from: try JSONEncoder().encode(p))
        #expect(q == p)
        #expect(q.cellHash == p.cellHash)
    }

    @Test func valuesAreNormalisedPerKey() throws {
        let spec = try SweepSpec.parse(yaml: SpecTestSupport.spec("""
            search:
              parameters:
                alpha: [0, 1, 2.5]
                hidden_layers: [16, [16, 8]]
                batch_size: [auto, 32]
            """))
        #expect(spec.search.parameters[0].domain == .values([.double(0), .double(1), .double(2.5)]))
        #expect(spec.search.parameters[1].domain == .values([.intList([16]), .intList([16, 8])]))
        #expect(spec.search.parameters[2].domain == .values([.string("auto"), .int(32)]))
    }
}

extension SweepSpec {
    /// This spec with another declared data path (for comparing hashes).
    func withPath(_ declared: String) -> SweepSpec {
        var copy = self
        copy.data.declaredPath = declared
        return copy
    }
}
