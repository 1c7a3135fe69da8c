import ExpCore
import ExpDomain
import Foundation

/// A sweep as described by a YAML spec in `experiments/`: the data, the cross-validation, the
/// metric that decides "best", the search, and the fixed model settings.
///
/// ```swift
/// let spec = try SweepSpec.load(contentsOf: "experiments/bankruptcy-grid.yaml")
/// try spec.validate(featureCount: data.featureCount, minorityCount: trainingPositives)
/// for trial in try spec.materializeTrials() { … trial.parameters.mlpConfiguration() … }
/// spec.specHash   // SHA-256 of the canonical JSON: comments and formatting do not change it
/// ```
///
/// Equality compares everything, ``source`` (file name and line numbers) included; compare
/// ``specHash`` to ask whether two specs describe the same sweep.
public struct SweepSpec: Sendable, Equatable, Codable {
    /// `name`: letters, digits, `-`, `_` and `.`.
    public var name: String
    /// `data`.
    public var data: DataSpec
    /// `seed`, the sweep seed: an integer in 0...2⁶⁴−1, default 42.
    public var seed: UInt64
    /// `cv`.
    public var cv: CrossValidationSpec
    /// `metric`, what "best" means: any stored metric, default `roc_auc`.
    public var metric: BinaryMetric
    /// `threshold`: the probability above which a row is predicted positive for the
    /// threshold metrics (accuracy, precision, recall, f1), in (0, 1), default 0.5.
    public var threshold: Double
    /// `search`; without one, the sweep is a single trial of the fixed settings.
    public var search: SearchSpec
    /// `model`, the fixed settings, in the spec's order.
    public var model: [ParameterSetting]
    /// The file and the location of every key, for errors found after parsing.
    public var source: SpecSource

    public init(name: String, data: DataSpec, seed: UInt64 = 42, cv: CrossValidationSpec = CrossValidationSpec(),
                metric: BinaryMetric = .rocAUC, threshold: Double = 0.5, search: SearchSpec = SearchSpec(),
                model: [ParameterSetting] = [], source: SpecSource = SpecSource(file: "<inline>")) {
        self.name = name
        self.data = data
        self.seed = seed
        self.cv = cv
        self.metric = metric
        self.threshold = threshold
        self.search = search
        self.model = model
        self.source = source
    }

    /// Reads and parses the spec at `path`; a relative data path in it is resolved against the
    /// directory of `path`.
    /// - Throws: ``SpecError`` when the file cannot be read or the spec is invalid.
    public static func load(contentsOf path: String) throws -> SweepSpec {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, keyPath: "", message: "cannot read the spec file")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SpecError(file: path, keyPath: "", message: "the spec file is not valid UTF-8")
        }
        return try parse(yaml: text, file: path, baseDirectory: SpecPath.directory(of: path))
    }

    /// Parses spec text.
    /// - Parameters:
    ///   - yaml: The spec.
    ///   - file: The name used in errors and in ``source``.
    ///   - baseDirectory: The directory a relative data path is resolved against; nil leaves it
    ///     as written.
    /// - Throws: ``SpecError`` naming the key path and line of the first problem.
    public static func parse(yaml: String, file: String = "<inline>", baseDirectory: String? = nil) throws -> SweepSpec {
        var parser = SpecParser(file: file)
        return try parser.parse(yaml: yaml, baseDirectory: baseDirectory)
    }

    /// The default settings with the fixed `model:` settings applied.
    public var fixedParameters: TrialParameters {
        var p = TrialParameters()
        for setting in model { p.set(setting.key, to: setting.value) }
        return p
    }

    /// The whole parsed spec as canonical JSON (keys sorted, no whitespace, shortest round-trip
    /// reals). `model` holds only the settings the spec makes; `search.parameters` keeps the
    /// spec's order, which decides the trial order; `data.path` is the path as written.
    /// ```text
    /// {"cv":{"folds":5},"data":{"holdout":0.2,"label":"Bankrupt?","path":"builtin:bankruptcy","positive":"1"},
    ///  "metric":"roc_auc","model":{"activation":"relu",…},"name":"…","search":{"method":"grid",
    ///  "parameters":[{"name":"hidden_layers","values":[[64],[100,50]]},…]},"seed":42,"threshold":0.5}
    /// ```
    public var canonicalJSON: String {
        CanonicalJSON.object([
            ("name", .string(name)),
            ("data", data.canonicalJSON),
            ("seed", .unsigned(seed)),
            ("cv", cv.canonicalJSON),
            ("metric", .string(metric.rawValue)),
            ("threshold", .double(threshold)),
            ("search", search.canonicalJSON),
            ("model", .object(model.map { ($0.key.rawValue, $0.value.canonicalJSON) })),
        ]).rendered
    }

    /// SHA-256 (lower-case hex) of ``canonicalJSON``.
    public var specHash: String {
        SHA256.hex(Array(canonicalJSON.utf8))
    }
}
