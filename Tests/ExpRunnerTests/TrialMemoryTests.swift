import ExpDomain
import ExpRunner
import ExpTestSupport
import Testing

/// The memory a trial needs is estimated, and absurd requests are refused with the key and line
/// before a sweep starts (issue 17, class 1).
@Suite("Trial memory estimate and spec limits")
struct TrialMemoryTests {
    typealias Support = SpecTestSupport

    @Test func theEstimateCountsParametersBatchesScoringAndData() {
        var p = TrialParameters()
        p.hiddenLayers = [10]
        // Layers [4, 10, 1]: (4+1)·10 + (10+1)·1 = 61 parameters; batch min(200, 100) = 100;
        // widths 15, widest 10, 100 rows × 4 features.
        let estimate = TrialMemoryEstimate(parameters: p, rows: 100, featureCount: 4)
        #expect(estimate.parameterCount == 61)
        let parameters: Double = 6 * 61
        let batches: Double = 4 * 100 * 15
        let scoring: Double = 2 * 100 * 10
        let values: Double = parameters + batches + scoring
        let data: Double = 4 * 100 * 4 * 8
        #expect(estimate.bytes == values * 8 + data)
        p.dtype = .float32
        let float32 = TrialMemoryEstimate(parameters: p, rows: 100, featureCount: 4)
        #expect(float32.bytes == values * 4 + data)
    }

    @Test func hugeLayersNeitherOverflowNorTrap() {
        var p = TrialParameters()
        p.hiddenLayers = [Int.max, Int.max]
        let estimate = TrialMemoryEstimate(parameters: p, rows: 1_000, featureCount: 95)
        #expect(estimate.bytes.isFinite && estimate.bytes > 1e37)
        #expect(estimate.description == "over 1000000 GiB")
    }

    @Test func anAbsurdFixedLayerIsRefusedNamingTheKeyAndLine() throws {
        let yaml = Support.spec("model:\n  hidden_layers: [100000000]")
        let spec = try SweepSpec.parse(yaml: yaml, file: "x.yaml")
        let trials = try spec.materializeTrials()
        let error = expectError(SpecError.self) { try spec.validateMemory(of: trials, rows: 240, featureCount: 95) }
        #expect(error?.keyPath == "model.hidden_layers")
        #expect(error?.line == 5)
        #expect(error?.message.contains("a trial with hidden_layers [100000000] needs an estimated 1387.3 GiB") == true,
                "\(error?.message ?? "")")
        #expect(error?.message.contains("the limit per trial is 8.0 GiB") == true)
    }

    @Test func aSearchedLayerIsBlamedAtItsPlaceInTheList() throws {
        let yaml = Support.spec("search:\n  parameters:\n    hidden_layers: [[10], [20000, 20000]]")
        let spec = try SweepSpec.parse(yaml: yaml, file: "x.yaml")
        let trials = try spec.materializeTrials()
        let error = expectError(SpecError.self) {
            try spec.validateMemory(of: trials, rows: 240, featureCount: 95, limit: 2 * Double(1 << 30), limitReason: "the test limit")
        }
        #expect(error?.keyPath == "search.parameters.hidden_layers[1]")
        #expect(error?.message.contains("hidden_layers [20000, 20000]") == true)
        #expect(error?.message.contains("the test limit is 2.0 GiB") == true)
        // The small layer alone fits.
        try spec.validateMemory(of: [trials[0]], rows: 240, featureCount: 95, limit: 2 * Double(1 << 30))
    }

    @Test func theDefaultsFitEasily() throws {
        let spec = try SweepSpec.parse(yaml: Support.spec(), file: "x.yaml")
        try spec.validateMemory(of: try spec.materializeTrials(), rows: 100_000, featureCount: 95)
    }

    @Test(arguments: [
        ("model:\n  max_iter: 100001", "model.max_iter", "expected an integer in 1...100000, got 100001"),
        ("model:\n  n_iter_no_change: 9223372036854775807", "model.n_iter_no_change", "expected an integer in 1...100000"),
        ("model:\n  batch_size: 10000001", "model.batch_size", "expected an integer in 1...10000000 or 'auto'"),
        ("model:\n  k_neighbors: 1000000", "model.k_neighbors", "expected an integer in 1...100000"),
        ("model:\n  k_best: 1000001", "model.k_best", "expected an integer in 1...1000000 or 'all'"),
        ("model:\n  hidden_layers: [" + Array(repeating: "1", count: 101).joined(separator: ", ") + "]", "model.hidden_layers",
         "expected a list of at most 100 positive integers"),
    ])
    func countsHaveUpperBounds(_ extra: String, _ key: String, _ message: String) {
        let error = Support.parseError(Support.spec(extra))
        #expect(error?.keyPath == key)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        _ = try SweepSpec.parse(yaml: Support.spec("model:\n  max_iter: 100000\n  batch_size: 10000000\n  k_best: 95"))
    }
}
