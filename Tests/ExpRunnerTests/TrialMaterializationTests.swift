import ExpDomain
import ExpCore
import ExpRunner
import Foundation
import Testing

@Suite struct TrialMaterializationTests {
    static let grid = SpecTests.issueExample

    static func randomSpec(seed: UInt64 = 7, trials: Int = 12) -> String {
        """
        name: r
        data: {path: builtin:bankruptcy}
        seed: \(seed)
        search:
          method: random
          trials: \(trials)
          parameters:
            hidden_layers: [[32], [64], [64, 32]]
            alpha: {min: 0.00001, max: 0.1, log: true}
            learning_rate_init: {min: 0.0001, max: 0.01}
            k_best: {min: 20, max: 95}
            max_iter: {min: 10, max: 1000, log: true}
        """
    }

    @Test func theIssueGridHas27CellsInDocumentedOrder() throws {
        let trials = try SweepSpec.parse(yaml: Self.grid).materializeTrials()
        #expect(trials.count == 27)
        #expect(trials.map(\.number) == Array(0..<27))
        #expect(Set(trials.map(\.cellHash)).count == 27)
        #expect(Set(trials.map(\.seed)).count == 27)
        let layers: [[Int]] = [[64], [100, 50], [128, 64, 32]]
        let alphas = [0.0001, 0.001, 0.01]
        let ks = [20, 50, 95]
        for (n, trial) in trials.enumerated() {
            // The last parameter varies fastest.
            let p = trial.parameters
            #expect(p.hiddenLayers == layers[n / 9])
            #expect(p.alpha == alphas[(n / 3) % 3])
            #expect(p.kBest == .count(ks[n % 3]))
            #expect(trial.searched == [
                ParameterSetting(.hiddenLayers, .intList(layers[n / 9])),
                ParameterSetting(.alpha, .double(alphas[(n / 3) % 3])),
                ParameterSetting(.kBest, .int(ks[n % 3])),
            ])
            // Fixed settings reach every trial.
            #expect(p.resampling == .smoteTomek && p.earlyStopping && p.batchSize == 200 && p.maxIter == 200)
            #expect(trial.cellHash == p.cellHash)
            #expect(trial.seed == p.seed(sweepSeed: 42))
        }
    }

    @Test func seedsDependOnlyOnTheSweepSeedAndTheParameters() throws {
        let original = try SweepSpec.parse(yaml: Self.grid).materializeTrials()
        let reorderedYAML = Self.grid.replacingOccurrences(
            of: "    hidden_layers: [[64], [100, 50], [128, 64, 32]]\n    alpha: [0.0001, 0.001, 0.01]\n    k_best: [20, 50, 95]",
            with: "    k_best: [95, 50, 20]\n    alpha: [0.01, 0.001, 0.0001]\n    hidden_layers: [[128, 64, 32], [64], [100, 50]]")
        #expect(reorderedYAML != Self.grid)
        let reordered = try SweepSpec.parse(yaml: reorderedYAML).materializeTrials()
        #expect(reordered.map(\.cellHash) != original.map(\.cellHash), "a different order")
        let seedOf = Dictionary(uniqueKeysWithValues: original.map { ($0.cellHash, $0.seed) })
        #expect(Set(reordered.map(\.cellHash)) == Set(seedOf.keys))
        for trial in reordered { #expect(seedOf[trial.cellHash] == trial.seed) }

        var otherSeed = try SweepSpec.parse(yaml: Self.grid)
        otherSeed.seed = 43
        let shifted = try otherSeed.materializeTrials()
        #expect(shifted.map(\.cellHash) == original.map(\.cellHash))
        for (a, b) in zip(shifted, original) { #expect(a.seed != b.seed) }

        // A subset of the grid gives the same seeds for the cells it shares.
        let subset = try SweepSpec.parse(yaml: Self.grid.replacingOccurrences(
            of: "alpha: [0.0001, 0.001, 0.01]", with: "alpha: [0.001]")).materializeTrials()
        #expect(subset.count == 9)
        for trial in subset { #expect(seedOf[trial.cellHash] == trial.seed) }
    }

    @Test func seedRuleIsTheDocumentedDerivation() throws {
        let p = TrialParameters()
        let digest = SHA256.hash(Array(p.canonicalJSON.utf8))
        var word: UInt64 = 0
        for byte in digest.prefix(8) { word = word << 8 | UInt64(byte) }
        #expect(p.seed(sweepSeed: 42) == SplitMix64.derive(42, [word]))
        #expect(p.cellHash == SHA256.hex(Array(p.canonicalJSON.utf8)))
    }

    @Test func hashesAndSeedsAreStableAcrossReleases() throws {
        // Golden values: changing them changes every stored cell hash and trial seed.
        let p = TrialParameters()
        #expect(p.cellHash == Self.goldenDefaultCellHash)
        #expect(p.seed(sweepSeed: 42) == Self.goldenDefaultSeed)
        let spec = try SweepSpec.parse(yaml: Self.grid)
        #expect(spec.specHash == Self.goldenIssueSpecHash)
    }

    static let goldenDefaultCellHash = "caf7b6906a90b00c1dd992089e858f6c6f36b69e3d8e9a06dcc60f487cd18747"
    static let goldenDefaultSeed: UInt64 = 16_974_402_657_093_419_181
    static let goldenIssueSpecHash = "7cd21290806a6b6c4781579e6df02f433998751bd1881cd2f4ff7547dd8d54ee"

    @Test func randomSearchIsDeterministicPerSeed() throws {
        let a = try SweepSpec.parse(yaml: Self.randomSpec()).materializeTrials()
        let b = try SweepSpec.parse(yaml: Self.randomSpec()).materializeTrials()
        #expect(a == b)
        #expect(a.count == 12)
        #expect(Set(a.map(\.cellHash)).count == 12)
        let c = try SweepSpec.parse(yaml: Self.randomSpec(seed: 8)).materializeTrials()
        #expect(a.map(\.cellHash) != c.map(\.cellHash))
        // More trials extend the same sequence of draws.
        let longer = try SweepSpec.parse(yaml: Self.randomSpec(trials: 20)).materializeTrials()
        #expect(Array(longer.prefix(12)) == a)
    }

    @Test func randomSearchRespectsListsRangesLogAndIntegers() throws {
        let trials = try SweepSpec.parse(yaml: Self.randomSpec(trials: 400)).materializeTrials()
        #expect(trials.count == 400)
        var alphaBelowMidpoint = 0, maxIterBelowMidpoint = 0, rateBelowMidpoint = 0
        var layers: Set<[Int]> = []
        for trial in trials {
            let p = trial.parameters
            layers.insert(p.hiddenLayers)
            #expect(p.alpha >= 0.00001 && p.alpha <= 0.1)
            #expect(p.learningRateInit >= 0.0001 && p.learningRateInit <= 0.01)
            guard case let .count(k) = p.kBest else {
                Issue.record("k_best should be an integer, got \(p.kBest)")
                continue
            }
            #expect((20...95).contains(k))
            #expect((10...1000).contains(p.maxIter))
            #expect(trial.searched.map(\.key) == [.hiddenLayers, .alpha, .learningRateInit, .kBest, .maxIter])
            if p.alpha < 0.001 { alphaBelowMidpoint += 1 }         // log midpoint of [1e-5, 1e-1]
            if p.maxIter < 100 { maxIterBelowMidpoint += 1 }       // log midpoint of [10, 1000]
            if p.learningRateInit < 0.00505 { rateBelowMidpoint += 1 }  // linear midpoint
        }
        #expect(layers == [[32], [64], [64, 32]])
        // Log-uniform puts about half the draws below the geometric midpoint (uniform: about 1 %).
        #expect((140...260).contains(alphaBelowMidpoint), "\(alphaBelowMidpoint)")
        #expect((140...260).contains(maxIterBelowMidpoint), "\(maxIterBelowMidpoint)")
        #expect((140...260).contains(rateBelowMidpoint), "\(rateBelowMidpoint)")
        let ks = Set(trials.compactMap { if case let .count(k) = $0.parameters.kBest { k } else { nil } })
        #expect(ks.contains(20) && ks.contains(95), "both ends of an integer range are reachable")
    }

    @Test func randomSearchSkipsRepeatedCellsUntilTheSpaceIsCovered() throws {
        let yaml = """
            name: small
            data: {path: builtin:bankruptcy}
            search:
              method: random
              trials: 6
              parameters:
                hidden_layers: [8, 16]
                k_best: {min: 1, max: 3}
            """
        let trials = try SweepSpec.parse(yaml: yaml).materializeTrials()
        #expect(trials.count == 6)
        let cells = Set(trials.map { "\($0.parameters.hiddenLayers) \($0.parameters.kBest)" })
        #expect(cells == ["[8] 1", "[8] 2", "[8] 3", "[16] 1", "[16] 2", "[16] 3"])
    }

    @Test func randomTrialsUseTheDocumentedGenerator() throws {
        let spec = try SweepSpec.parse(yaml: """
            name: one
            data: {path: builtin:bankruptcy}
            seed: 5
            search:
              method: random
              trials: 1
              parameters:
                alpha: {min: 0.001, max: 1, log: true}
                k_best: [10, 20, 30]
            """)
        var generator = SeededGenerator(seed: 5, stream: [SweepSpec.randomSearchStream])
        let alpha = ElementaryFunctions.exp(generator.uniform(ElementaryFunctions.log(0.001), ElementaryFunctions.log(1)))
        let k = [10, 20, 30][generator.nextInt(below: 3)]
        let trial = try #require(try spec.materializeTrials().first)
        #expect(trial.parameters.alpha == alpha)
        #expect(trial.parameters.kBest == .count(k))
    }

    @Test func dtypeAndKernelCanBeSearched() throws {
        let trials = try SweepSpec.parse(yaml: """
            name: precision
            data: {path: builtin:bankruptcy}
            search:
              parameters:
                dtype: [float32, float64]
                kernel: [separate, fused]
            """).materializeTrials()
        #expect(trials.map(\.parameters.dtype) == [.float32, .float32, .float64, .float64])
        #expect(trials.map(\.parameters.kernel) == [.separate, .fused, .separate, .fused])
        #expect(trials.map { $0.parameters.mlpConfiguration().accumulation } == [.separate, .fused, .separate, .fused])
    }
}
