import ExpCore
import ExpDomain

extension SweepSpec {
    /// The stream identifier of random search's generator: the ASCII bytes of `"rsearch1"`.
    /// Draws come from `SeededGenerator(seed: seed, stream: [randomSearchStream])`.
    public static let randomSearchStream: UInt64 = 0x7273_6561_7263_6831

    /// Every trial of the sweep, decided up front and numbered `0..<n`.
    ///
    /// - Grid: the Cartesian product of the value lists, in the order of `search.parameters`,
    ///   the last parameter varying fastest (as `itertools.product` and scikit-learn's
    ///   `ParameterGrid` with one dict).
    /// - Random: `trials` draws from `SeededGenerator(seed: seed, stream: [randomSearchStream])`,
    ///   parameter by parameter in spec order: a list is a uniform choice; `{min, max}` is uniform
    ///   on [min, max); `{min, max, log: true}` is `exp` of a uniform on [log min, log max); an
    ///   integer range gives integers in min...max (uniform, or with `log: true` the floor of a
    ///   log-uniform draw on [min, max + 1)). A draw that repeats an earlier cell is skipped; after
    ///   `max(10 000, 100 · trials)` draws the search gives up.
    /// - No search: one trial of the fixed settings.
    ///
    /// Every trial's seed is ``TrialParameters/seed(sweepSeed:)``: it depends on the sweep seed and
    /// the trial's parameters alone.
    /// - Throws: ``SpecError`` if random search cannot find `trials` distinct cells, or if the
    ///   spec was built in code with a range in a grid.
    public func materializeTrials() throws -> [PlannedTrial] {
        let base = fixedParameters
        switch search.method {
        case .grid:
            return try gridTrials(base: base)
        case .random:
            return try randomTrials(base: base)
        }
    }

    private func gridTrials(base: TrialParameters) throws -> [PlannedTrial] {
        var lists: [[ParameterValue]] = []
        var count = 1
        for p in search.parameters {
            guard case let .values(list) = p.domain, !list.isEmpty else {
                throw source.error("search.parameters." + p.key.rawValue, "grid search needs a non-empty list of values")
            }
            lists.append(list)
            let (product, overflow) = count.multipliedReportingOverflow(by: list.count)
            guard !overflow, product <= SpecParser.maximumGridSize else {
                throw source.error("search.parameters", "the grid has too many combinations (use method: random)")
            }
            count = product
        }
        var trials: [PlannedTrial] = []
        trials.reserveCapacity(count)
        var choice = [Int](repeating: 0, count: lists.count)
        for number in 0..<count {
            var rest = number
            for i in lists.indices.reversed() {
                choice[i] = rest % lists[i].count
                rest /= lists[i].count
            }
            let searched = search.parameters.indices.map { ParameterSetting(search.parameters[$0].key, lists[$0][choice[$0]]) }
            trials.append(try trial(number: number, base: base, searched: searched))
        }
        return trials
    }

    private func randomTrials(base: TrialParameters) throws -> [PlannedTrial] {
        guard let wanted = search.trials, wanted >= 1 else {
            throw source.error("search.trials", "random search needs trials: N, the number of parameter settings to draw")
        }
        var generator = SeededGenerator(seed: seed, stream: [Self.randomSearchStream])
        let limit = max(10_000, wanted.multipliedReportingOverflow(by: 100).partialValue)
        var seen: Set<String> = []
        var trials: [PlannedTrial] = []
        var draws = 0
        while trials.count < wanted {
            guard draws < limit else {
                throw source.error(
                    "search.trials",
                    "found only \(trials.count) distinct combinations in \(draws) draws; the search space is too small for \(wanted) trials")
            }
            draws += 1
            let searched = search.parameters.map { ParameterSetting($0.key, Self.draw($0, using: &generator)) }
            let candidate = try trial(number: trials.count, base: base, searched: searched)
            if seen.insert(candidate.cellHash).inserted { trials.append(candidate) }
        }
        return trials
    }

    private func trial(number: Int, base: TrialParameters, searched: [ParameterSetting]) throws -> PlannedTrial {
        var parameters = base
        for setting in searched {
            guard parameters.set(setting.key, to: setting.value) else {
                throw source.error(
                    "search.parameters." + setting.key.rawValue,
                    "expected \(setting.key.kind.expectation), got \(setting.value)")
            }
        }
        return PlannedTrial(number: number, parameters: parameters, searched: searched, sweepSeed: seed)
    }

    /// One random value of `parameter` (see ``materializeTrials()``).
    static func draw(_ parameter: SearchParameter, using generator: inout SeededGenerator) -> ParameterValue {
        switch parameter.domain {
        case let .values(list):
            return list[generator.nextInt(below: list.count)]
        case let .range(range):
            if case let .int(lo) = range.min, case let .int(hi) = range.max {
                let (width, overflow) = hi.subtractingReportingOverflow(lo)
                if range.log {
                    let x = ElementaryFunctions.exp(
                        generator.uniform(ElementaryFunctions.log(Double(lo)), ElementaryFunctions.log(Double(hi) + 1)))
                    let n = x < Double(hi) ? Int(x.rounded(.down)) : hi
                    return .int(Swift.min(Swift.max(n, lo), hi))
                }
                if overflow || width == .max {
                    let x = generator.uniform(Double(lo), Double(hi))
                    return .int(x < Double(hi) ? Swift.max(Int(x.rounded(.down)), lo) : hi)
                }
                return .int(lo + generator.nextInt(below: width + 1))
            }
            let lo = range.min.number ?? 0, hi = range.max.number ?? lo
            guard lo < hi else { return .double(lo) }
            let x: Double
            if range.log {
                x = ElementaryFunctions.exp(generator.uniform(ElementaryFunctions.log(lo), ElementaryFunctions.log(hi)))
            } else {
                x = generator.uniform(lo, hi)
            }
            return .double(Swift.min(Swift.max(x, lo), hi))
        }
    }
}
