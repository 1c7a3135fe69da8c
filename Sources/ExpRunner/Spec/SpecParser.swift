import ExpCore
import ExpDomain
import ExpData
import Yams

/// Turns spec YAML into a ``SweepSpec``, checking every key and value on the way.
///
/// It walks Yams' node tree (`Yams.compose(yaml:)`) rather than decoding, because nodes carry
/// their line and column: every ``SpecError`` names the key path and the place in the file, and
/// the places of all keys are kept in ``SpecSource`` for checks made later.
struct SpecParser {
    /// The top-level keys, in documentation order.
    static let topKeys = ["name", "data", "seed", "cv", "metric", "threshold", "search", "model"]
    static let dataKeys = ["path", "label", "positive", "holdout"]
    static let cvKeys = ["folds"]
    static let searchKeys = ["method", "trials", "parameters"]
    static let rangeKeys = ["min", "max", "log"]
    /// The most cells a grid may have.
    static let maximumGridSize = 1_000_000

    /// One `key: value` entry of a mapping.
    struct Field {
        /// The key as written.
        var name: String
        /// The key path of the value, e.g. `search.parameters.alpha`.
        var path: String
        /// Where the key is.
        var keyLocation: SpecLocation?
        /// The value.
        var value: Node
    }

    /// The spec file name, for errors.
    let file: String
    /// The location of every key path parsed so far.
    var locations: [String: SpecLocation] = [:]

    init(file: String) {
        self.file = file
    }

    /// Parses a whole spec.
    mutating func parse(yaml: String, baseDirectory: String?) throws -> SweepSpec {
        guard let root = try compose(yaml) else {
            throw SpecError(file: file, keyPath: "", message: "the spec is empty; expected keys such as name, data, search and model")
        }
        guard case .mapping = root else {
            throw SpecError(file: file, location: Self.location(root.mark), keyPath: "",
                            message: "expected a mapping of keys (name, data, search, model, …), got \(Self.kindName(root))")
        }
        let top = try fields(of: root, at: "", allowed: Self.topKeys)
        let field = Dictionary(top.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        guard let nameField = field["name"] else { throw missing("name", in: "") }
        let name = try parseName(nameField)
        guard let dataField = field["data"] else { throw missing("data", in: "") }
        let data = try parseData(dataField, baseDirectory: baseDirectory)
        let seed = try field["seed"].map { try parseSeed($0) } ?? 42
        let cv = try field["cv"].map { try parseCrossValidation($0) } ?? CrossValidationSpec()
        var metric = BinaryMetric.rocAUC
        if let f = field["metric"] {
            let text = try scalarText(f.value, path: f.path, expectation: "a metric name")
            guard let m = BinaryMetric(rawValue: text) else {
                throw error(f.path, Self.unknownWord(text, expected: BinaryMetric.allCases.map(\.rawValue), what: "metric"))
            }
            metric = m
        }
        let threshold = try field["threshold"].map {
            try real($0.value, path: $0.path, bounds: RealBounds(lower: 0, lowerInclusive: false, upper: 1))
        } ?? 0.5
        let model = try field["model"].map { try parseModel($0) } ?? []
        let search = try field["search"].map { try parseSearch($0, model: model) } ?? SearchSpec()

        return SweepSpec(
            name: name, data: data, seed: seed, cv: cv, metric: metric, threshold: threshold, search: search,
            model: model, source: SpecSource(file: file, locations: locations))
    }

    // MARK: - Sections

    mutating func parseName(_ f: Field) throws -> String {
        let name = try scalarText(f.value, path: f.path, expectation: "a name")
        if let problem = ResourceName.problem(with: name, as: .sweep) {
            throw error(f.path, "\(problem), got '\(name.prefix(120))'")
        }
        return name
    }

    mutating func parseData(_ f: Field, baseDirectory: String?) throws -> DataSpec {
        let entries = try fields(of: f.value, at: f.path, allowed: Self.dataKeys)
        let field = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard let pathField = field["path"] else { throw missing("path", in: f.path, at: f.keyLocation) }
        let declared = try scalarText(pathField.value, path: pathField.path, expectation: "a file path or builtin:bankruptcy")
        guard !declared.isEmpty else { throw error(pathField.path, "expected a file path or builtin:bankruptcy, got nothing") }
        var resolved = declared
        if !declared.hasPrefix(DataSource.builtinPrefix), let baseDirectory {
            resolved = SpecPath.resolve(declared, against: baseDirectory)
        }
        do {
            _ = try DataSource.parse(resolved)
        } catch let e as DataError {
            throw error(pathField.path, e.message)
        }
        let label = try field["label"].flatMap { try optionalText($0.value, path: $0.path) }
        let positive = try field["positive"].flatMap { try optionalText($0.value, path: $0.path) }
        let holdout = try field["holdout"].map {
            try real($0.value, path: $0.path, bounds: RealBounds(lower: 0, lowerInclusive: true, upper: 1))
        } ?? 0.2
        return DataSpec(path: resolved, declaredPath: declared, label: label, positive: positive, holdout: holdout)
    }

    mutating func parseSeed(_ f: Field) throws -> UInt64 {
        let expectation = "an integer in 0...\(UInt64.max)"
        guard case let .scalar(scalar) = f.value, f.value.tag.rawValue == Tag.Name.int.rawValue,
              let seed = UInt64.construct(from: scalar)
        else {
            throw error(f.path, "expected \(expectation), got \(Self.gotText(f.value))")
        }
        return seed
    }

    mutating func parseCrossValidation(_ f: Field) throws -> CrossValidationSpec {
        let entries = try fields(of: f.value, at: f.path, allowed: Self.cvKeys, expectation: "a mapping such as {folds: 5}")
        var cv = CrossValidationSpec()
        if let folds = entries.first(where: { $0.name == "folds" }) {
            cv.folds = try integer(folds.value, path: folds.path, minimum: 2)
        }
        return cv
    }

    mutating func parseModel(_ f: Field) throws -> [ParameterSetting] {
        let entries = try fields(of: f.value, at: f.path, allowed: ParameterKey.allSpellings, nullIsEmpty: true)
        var settings: [ParameterSetting] = []
        var spelled: [ParameterKey: String] = [:]
        for entry in entries {
            guard let key = ParameterKey(name: entry.name) else { continue }  // `fields` checked the names
            if let other = spelled[key] {
                throw error(entry.path, "\(key) is set twice in \(f.path) (as '\(other)' and '\(entry.name)')")
            }
            spelled[key] = entry.name
            alias(entry.path, as: f.path + "." + key.rawValue)
            settings.append(ParameterSetting(key, try parameterValue(key, entry.value, path: entry.path)))
        }
        return settings
    }

    mutating func parseSearch(_ f: Field, model: [ParameterSetting]) throws -> SearchSpec {
        let entries = try fields(of: f.value, at: f.path, allowed: Self.searchKeys)
        let field = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var search = SearchSpec()
        if let m = field["method"] {
            let text = try scalarText(m.value, path: m.path, expectation: "grid or random")
            guard let method = SearchSpec.Method(rawValue: text) else {
                throw error(m.path, Self.unknownWord(text, expected: SearchSpec.Method.allCases.map(\.rawValue), what: "method"))
            }
            search.method = method
        }
        let trialsPath = f.path + ".trials"
        if let t = field["trials"] {
            guard search.method == .random else {
                throw error(t.path, "trials applies only to method: random; grid search runs every combination")
            }
            search.trials = try integer(t.value, path: t.path, minimum: 1)
        } else if search.method == .random {
            let at = locations[f.path + ".method"] ?? f.keyLocation
            throw SpecError(file: file, location: at, keyPath: trialsPath,
                            message: "random search needs trials: N, the number of parameter settings to draw")
        }
        guard let p = field["parameters"] else { throw missing("parameters", in: f.path, at: f.keyLocation) }
        let parameterEntries = try fields(of: p.value, at: p.path, allowed: ParameterKey.allSpellings)
        guard !parameterEntries.isEmpty else {
            throw error(p.path, "no parameters to search; list at least one parameter with its values")
        }
        var spelled: [ParameterKey: String] = [:]
        for entry in parameterEntries {
            guard let key = ParameterKey(name: entry.name) else { continue }  // `fields` checked the names
            if let other = spelled[key] {
                throw error(entry.path, "\(key) is set twice in \(p.path) (as '\(other)' and '\(entry.name)')")
            }
            spelled[key] = entry.name
            if model.contains(where: { $0.key == key }) {
                let line = locations["model." + key.rawValue].map { " (line \($0.line))" } ?? ""
                throw error(entry.path, "\(key) is set in both model\(line) and \(p.path); keep it in one of them")
            }
            alias(entry.path, as: p.path + "." + key.rawValue)
            search.parameters.append(SearchParameter(key, try parseDomain(key, entry, method: search.method)))
        }
        try checkSize(of: search, trialsPath: trialsPath, parametersPath: p.path)
        return search
    }

    mutating func parseDomain(_ key: ParameterKey, _ entry: Field, method: SearchSpec.Method) throws -> ParameterDomain {
        switch entry.value {
        case let .sequence(items):
            guard !items.isEmpty else { throw error(entry.path, "empty list; give at least one value to try") }
            var values: [ParameterValue] = []
            // Value → first index: the duplicate check stays linear for long lists.
            var seen: [ParameterValue: Int] = [:]
            for (i, item) in items.enumerated() {
                let itemPath = "\(entry.path)[\(i)]"
                locations[itemPath] = Self.location(item.mark)
                let value = try parameterValue(key, item, path: itemPath)
                if let j = seen[value] {
                    throw error(itemPath, "duplicate value \(value) (the same as \(entry.name)[\(j)])")
                }
                seen[value] = i
                values.append(value)
            }
            return .values(values)
        case .mapping:
            guard method == .random else {
                throw error(entry.path, "a {min, max} range needs method: random; grid search needs a list of values")
            }
            guard key.kind.isNumeric else {
                throw error(entry.path, "\(key) takes \(key.kind.expectation), so it has no range; list the values instead")
            }
            let entries = try fields(of: entry.value, at: entry.path, allowed: Self.rangeKeys)
            let field = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            guard let minField = field["min"] else { throw missing("min", in: entry.path, at: entry.keyLocation) }
            guard let maxField = field["max"] else { throw missing("max", in: entry.path, at: entry.keyLocation) }
            let low = try parameterValue(key, minField.value, path: minField.path)
            let high = try parameterValue(key, maxField.value, path: maxField.path)
            guard let lo = low.number else { throw error(minField.path, "a range bound must be a number, got \(low)") }
            guard let hi = high.number else { throw error(maxField.path, "a range bound must be a number, got \(high)") }
            let log = try field["log"].map { try boolean($0.value, path: $0.path) } ?? false
            guard lo <= hi else { throw error(minField.path, "min (\(low)) is greater than max (\(high))") }
            if log && !(lo > 0) {
                throw error(minField.path, "log: true needs min > 0, got \(low)")
            }
            return .range(ParameterRange(min: low, max: high, log: log))
        default:
            throw error(entry.path, "expected a list of values to try" + (method == .random ? " or a {min, max} range" : "")
                            + ", got \(Self.gotText(entry.value)); write [\(Self.gotText(entry.value))] for a single value")
        }
    }

    /// Grids must be finite and not absurdly large; random search must not ask for more distinct
    /// trials than the space holds.
    func checkSize(of search: SearchSpec, trialsPath: String, parametersPath: String) throws {
        var size: Int? = 1
        for p in search.parameters {
            guard let s = size, let c = p.domain.cardinality(isInteger: p.key.kind.isInteger) else {
                size = nil
                continue
            }
            let (product, overflow) = s.multipliedReportingOverflow(by: c)
            size = overflow ? nil : product
        }
        switch search.method {
        case .grid:
            guard let size, size <= Self.maximumGridSize else {
                throw error(parametersPath, "the grid has \(size.map(String.init) ?? "too many") combinations; "
                                + "at most \(Self.maximumGridSize) are allowed (use method: random)")
            }
        case .random:
            // As many trials as the largest grid: materialising more would take unbounded time
            // and memory (`trials: 100000000` must be refused, not attempted).
            if let trials = search.trials, trials > Self.maximumGridSize {
                throw error(trialsPath, "\(trials) trials requested; at most \(Self.maximumGridSize) are allowed")
            }
            if let size, let trials = search.trials, trials > size {
                throw error(trialsPath, "\(trials) trials requested, but the search space has only \(size) distinct combinations")
            }
        }
    }
}
