import ExpDomain
import ExpRunner
import Testing

/// One test per kind of spec error: each checks the key path, the line, and the message.
@Suite struct SpecErrorTests {
    typealias Support = SpecTestSupport

    /// Checks that `error` names `key` and `line` in its description, and returns the description.
    @discardableResult
    func expect(_ error: SpecError?, key: String, line: Int?, contains text: String...,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        guard let error else { return "" }
        let description = error.description
        #expect(error.keyPath == key, "\(description)", sourceLocation: sourceLocation)
        #expect(error.line == line, "\(description)", sourceLocation: sourceLocation)
        #expect(description.contains(key), "\(description)", sourceLocation: sourceLocation)
        if let line {
            #expect(description.hasPrefix("x.yaml:\(line):"), "\(description)", sourceLocation: sourceLocation)
        }
        for t in text {
            #expect(description.contains(t), "expected '\(t)' in: \(description)", sourceLocation: sourceLocation)
        }
        return description
    }

    @Test func unknownKeySuggestsTheClosestAndNamesTheLine() {
        let yaml = Support.spec("""
            model:
              activation: relu
              alpah: 0.01
            """)
        expect(Support.parseError(yaml), key: "model.alpah", line: Support.line(of: "alpah", in: yaml),
               contains: "unknown key 'alpah'", "did you mean 'alpha'?")
    }

    @Test func unknownKeysAreCaughtAtEveryLevel() {
        let top = Support.spec("seeed: 3")
        expect(Support.parseError(top), key: "seeed", line: 4, contains: "did you mean 'seed'?")
        let misplaced = Support.spec("folds: 3")
        expect(Support.parseError(misplaced), key: "folds", line: 4, contains: "belongs under cv.folds")
        let data = "name: t\ndata:\n  path: builtin:bankruptcy\n  lable: y\n"
        expect(Support.parseError(data), key: "data.lable", line: 4, contains: "did you mean 'label'?")
        let search = Support.spec("search:\n  methd: grid\n  parameters: {alpha: [1]}")
        expect(Support.parseError(search), key: "search.methd", line: 5, contains: "did you mean 'method'?")
        let range = Support.spec("search:\n  method: random\n  trials: 2\n  parameters:\n    alpha: {min: 0, maximum: 1}")
        expect(Support.parseError(range), key: "search.parameters.alpha.maximum", line: 8, contains: "did you mean 'max'?")
        let parameter = Support.spec("search:\n  parameters:\n    learning_rate: [0.1]")
        expect(Support.parseError(parameter), key: "search.parameters.learning_rate", line: 6,
               contains: "did you mean 'learning_rate_init'?")
    }

    @Test func wrongTypesNameTheExpectedType() {
        let yaml = Support.spec("model:\n  alpha: abc")
        expect(Support.parseError(yaml), key: "model.alpha", line: 5, contains: "expected a number ≥ 0, got abc")
        let quoted = Support.spec("model:\n  max_iter: \"20\"")
        expect(Support.parseError(quoted), key: "model.max_iter", line: 5, contains: "expected an integer in 1...100000, got \"20\"")
        let real = Support.spec("model:\n  max_iter: 2.5")
        expect(Support.parseError(real), key: "model.max_iter", line: 5, contains: "expected an integer in 1...100000, got 2.5")
        let flag = Support.spec("model:\n  early_stopping: 3")
        expect(Support.parseError(flag), key: "model.early_stopping", line: 5, contains: "expected true or false, got 3")
        let list = Support.spec("model:\n  alpha: [1, 2]")
        expect(Support.parseError(list), key: "model.alpha", line: 5, contains: "got [1, 2]")
        let layers = Support.spec("model:\n  hidden_layers: [64, wide]")
        expect(Support.parseError(layers), key: "model.hidden_layers[1]", line: 5, contains: "expected a positive integer, got wide")
        let word = Support.spec("model:\n  activation: rleu")
        expect(Support.parseError(word), key: "model.activation", line: 5,
               contains: "unknown value 'rleu'", "identity, logistic, tanh, relu", "did you mean 'relu'?")
        let metric = Support.spec("metric: rocauc")
        expect(Support.parseError(metric), key: "metric", line: 4, contains: "unknown metric 'rocauc'", "did you mean 'roc_auc'?")
        let nothing = Support.spec("model:\n  alpha:")
        expect(Support.parseError(nothing), key: "model.alpha", line: 5, contains: "got nothing")
        let cv = Support.spec("cv: 5")
        expect(Support.parseError(cv), key: "cv", line: 4, contains: "expected a mapping such as {folds: 5}, got 5")
    }

    @Test func outOfRangeValuesReadLikeADiagnostic() {
        let yaml = Support.spec("model:\n  alpha: -1")
        let description = expect(Support.parseError(yaml), key: "model.alpha", line: 5)
        #expect(description == "x.yaml:5:10: model.alpha: expected a number ≥ 0, got -1")
        let cases: [(String, String, String)] = [
            ("model:\n  beta_1: 1", "model.beta_1", "expected a number in [0, 1), got 1"),
            ("model:\n  validation_fraction: 0", "model.validation_fraction", "in (0, 1), got 0"),
            ("model:\n  learning_rate_init: 0", "model.learning_rate_init", "expected a number > 0, got 0"),
            ("model:\n  hidden_layers: [64, 0]", "model.hidden_layers", "list of at most 100 positive integers"),
            ("model:\n  k_best: 0", "model.k_best", "expected an integer in 1...1000000 or 'all', got 0"),
            ("model:\n  batch_size: none", "model.batch_size", "or 'auto', got none"),
            ("model:\n  epsilon: .inf", "model.epsilon", "got .inf"),
            ("cv:\n  folds: 1", "cv.folds", "expected an integer ≥ 2, got 1"),
            ("seed: -1", "seed", "expected an integer in 0...18446744073709551615, got -1"),
            ("threshold: 1", "threshold", "in (0, 1), got 1"),
        ]
        for (extra, key, text) in cases {
            let yaml = Support.spec(extra)
            let line = Support.line(of: key.split(separator: ".").last.map(String.init) ?? key, in: yaml)
            expect(Support.parseError(yaml), key: key, line: line, contains: text)
        }
        let holdout = "name: t\ndata: {path: builtin:bankruptcy, holdout: 1}"
        expect(Support.parseError(holdout), key: "data.holdout", line: 2, contains: "in [0, 1), got 1")
    }

    @Test func emptyGridsAreRejected() {
        let empty = Support.spec("search:\n  parameters:\n    alpha: []")
        expect(Support.parseError(empty), key: "search.parameters.alpha", line: 6, contains: "empty list")
        let none = Support.spec("search:\n  parameters: {}")
        expect(Support.parseError(none), key: "search.parameters", line: 5, contains: "no parameters to search")
        let scalar = Support.spec("search:\n  parameters:\n    alpha: 0.1")
        expect(Support.parseError(scalar), key: "search.parameters.alpha", line: 6,
               contains: "expected a list of values to try", "write [0.1]")
        let missing = Support.spec("search:\n  method: grid")
        expect(Support.parseError(missing), key: "search.parameters", line: 4, contains: "missing required key 'parameters'")
    }

    @Test func duplicateValuesAndKeysAreRejected() {
        let value = Support.spec("search:\n  parameters:\n    alpha: [0.1, 1, 1.0]")
        expect(Support.parseError(value), key: "search.parameters.alpha[2]", line: 6,
               contains: "duplicate value 1.0 (the same as alpha[1])")
        let yamlKey = Support.spec("model:\n  alpha: 0.1\n  alpha: 0.2")
        expect(Support.parseError(yamlKey), key: "alpha", line: 5, contains: "'alpha' appears more than once")
        let aliasKey = Support.spec("model:\n  hidden_layers: [8]\n  hidden_layer_sizes: [16]")
        expect(Support.parseError(aliasKey), key: "model.hidden_layer_sizes", line: 6,
               contains: "hidden_layers is set twice", "'hidden_layers' and 'hidden_layer_sizes'")
    }

    @Test func aParameterInBothModelAndSearchIsAnError() {
        let yaml = Support.spec("""
            model:
              alpha: 0.001
            search:
              parameters:
                alpha: [0.01, 0.1]
            """)
        expect(Support.parseError(yaml), key: "search.parameters.alpha", line: 8,
               contains: "alpha is set in both model (line 5) and search.parameters")
        let alias = Support.spec("model:\n  hidden_layer_sizes: 8\nsearch:\n  parameters:\n    hidden_layers: [4, 8]")
        expect(Support.parseError(alias), key: "search.parameters.hidden_layers", line: 8,
               contains: "hidden_layers is set in both model (line 5)")
    }

    @Test func randomSearchNeedsTrialsAndGridRefusesThem() {
        let random = Support.spec("search:\n  method: random\n  parameters:\n    alpha: [0.1, 1]")
        expect(Support.parseError(random), key: "search.trials", line: 5, contains: "random search needs trials: N")
        let grid = Support.spec("search:\n  method: grid\n  trials: 3\n  parameters:\n    alpha: [0.1, 1]")
        expect(Support.parseError(grid), key: "search.trials", line: 6, contains: "applies only to method: random")
        let tooMany = Support.spec("search:\n  method: random\n  trials: 5\n  parameters:\n    alpha: [0.1, 1]\n    k_best: {min: 1, max: 2}")
        expect(Support.parseError(tooMany), key: "search.trials", line: 6,
               contains: "5 trials requested, but the search space has only 4 distinct combinations")
        let method = Support.spec("search:\n  method: bayes\n  parameters:\n    alpha: [0.1]")
        expect(Support.parseError(method), key: "search.method", line: 5, contains: "unknown method 'bayes'")
    }

    @Test func badRangesAreRejected() {
        func random(_ parameter: String) -> String {
            Support.spec("search:\n  method: random\n  trials: 2\n  parameters:\n    \(parameter)")
        }
        let reversed = random("alpha: {min: 0.1, max: 0.001}")
        expect(Support.parseError(reversed), key: "search.parameters.alpha.min", line: 8,
               contains: "min (0.1) is greater than max (0.001)")
        let logZero = random("alpha: {min: 0, max: 0.1, log: true}")
        expect(Support.parseError(logZero), key: "search.parameters.alpha.min", line: 8, contains: "log: true needs min > 0, got 0.0")
        let intRange = random("k_best: {min: 2.5, max: 9}")
        expect(Support.parseError(intRange), key: "search.parameters.k_best.min", line: 8, contains: "expected an integer in 1...1000000 or 'all', got 2.5")
        let keywordBound = random("k_best: {min: 2, max: all}")
        expect(Support.parseError(keywordBound), key: "search.parameters.k_best.max", line: 8, contains: "a range bound must be a number")
        let nonNumeric = random("activation: {min: 1, max: 2}")
        expect(Support.parseError(nonNumeric), key: "search.parameters.activation", line: 8, contains: "has no range")
        let missingMax = random("alpha: {min: 1}")
        expect(Support.parseError(missingMax), key: "search.parameters.alpha.max", line: 8, contains: "missing required key 'max'")
        let outside = random("beta_1: {min: 0.5, max: 1}")
        expect(Support.parseError(outside), key: "search.parameters.beta_1.max", line: 8, contains: "in [0, 1), got 1")
        let inGrid = Support.spec("search:\n  parameters:\n    alpha: {min: 0, max: 1}")
        expect(Support.parseError(inGrid), key: "search.parameters.alpha", line: 6, contains: "range needs method: random")
    }

    @Test func kBestAboveTheFeatureCountIsCaughtByValidate() throws {
        let listed = try SweepSpec.parse(yaml: Support.spec("search:\n  parameters:\n    k_best: [20, 50, 95]"), file: "x.yaml")
        try listed.validate(featureCount: 95, minorityCount: 100)
        let error = #expect(throws: SpecError.self) { try listed.validate(featureCount: 64, minorityCount: 100) }
        expect(error, key: "search.parameters.k_best[2]", line: 6, contains: "k_best = 95 is above the number of features (64)")

        let fixed = try SweepSpec.parse(yaml: Support.spec("model:\n  k_best: 30"), file: "x.yaml")
        let fixedError = #expect(throws: SpecError.self) { try fixed.validate(featureCount: 10, minorityCount: 100) }
        expect(fixedError, key: "model.k_best", line: 5, contains: "k_best = 30")

        let range = try SweepSpec.parse(yaml: Support.spec(
            "search:\n  method: random\n  trials: 3\n  parameters:\n    k_best: {min: 5,\n             max: 40}"), file: "x.yaml")
        let rangeError = #expect(throws: SpecError.self) { try range.validate(featureCount: 20, minorityCount: 100) }
        expect(rangeError, key: "search.parameters.k_best.max", line: 9, contains: "k_best = 40")

        let all = try SweepSpec.parse(yaml: Support.spec("model:\n  k_best: all"))
        try all.validate(featureCount: 1, minorityCount: 100)
    }

    @Test func foldsAndSMOTENeighboursAreCheckedAgainstTheMinorityClass() throws {
        let spec = try SweepSpec.parse(yaml: Support.spec("cv: {folds: 10}"), file: "x.yaml")
        let error = #expect(throws: SpecError.self) { try spec.validate(featureCount: 95, minorityCount: 7) }
        expect(error, key: "cv.folds", line: 4, contains: "10 folds need at least 10 rows of the minority class", "found 7")

        let smote = try SweepSpec.parse(yaml: Support.spec("cv: {folds: 5}\nmodel:\n  resampling: smote\n  k_neighbors: 8"), file: "x.yaml")
        try smote.validate(featureCount: 95, minorityCount: 12)  // smallest training fold: 12 − 3 = 9 > 8
        let tight = #expect(throws: SpecError.self) { try smote.validate(featureCount: 95, minorityCount: 10) }
        expect(tight, key: "model.k_neighbors", line: 7, contains: "k_neighbors = 8 is too large", "has 8")

        let byDefault = try SweepSpec.parse(yaml: Support.spec("model:\n  resampling: smote-tomek"), file: "x.yaml")
        let defaultError = #expect(throws: SpecError.self) { try byDefault.validate(featureCount: 95, minorityCount: 6) }
        expect(defaultError, key: "model.k_neighbors", line: nil, contains: "k_neighbors = 5 (the default)")

        let noResampling = try SweepSpec.parse(yaml: Support.spec())
        try noResampling.validate(featureCount: 95, minorityCount: 5)
    }

    @Test func yamlSyntaxAndStructureErrorsHaveLines() {
        let syntax = Support.spec("model:\n  alpha: [0.1, 0.2\n  tol: 1")
        let error = Support.parseError(syntax)
        #expect(error?.line != nil)
        #expect(error?.message.hasPrefix("invalid YAML") == true)
        #expect(Support.parseError("")?.message.contains("empty") == true)
        #expect(Support.parseError("- a\n- b")?.message.contains("expected a mapping") == true)
        expect(Support.parseError("data: {path: builtin:bankruptcy}"), key: "name", line: nil, contains: "missing required key 'name'")
        expect(Support.parseError("name: t"), key: "data", line: nil, contains: "missing required key 'data'")
        expect(Support.parseError("name: t\ndata: {label: y}"), key: "data.path", line: 2, contains: "missing required key 'path'")
        expect(Support.parseError("name: t\ndata: {path: d.xlsx}"), key: "data.path", line: 2, contains: "unknown data format")
        expect(Support.parseError("name: a/b\ndata: {path: builtin:bankruptcy}"), key: "name", line: 1, contains: "got 'a/b'")
    }

    @Test func loadingAMissingFileIsASpecError() {
        let error = #expect(throws: SpecError.self) { try SweepSpec.load(contentsOf: "/nonexistent/spec.yaml") }
        #expect(error?.description == "/nonexistent/spec.yaml: cannot read the spec file")
    }
}
