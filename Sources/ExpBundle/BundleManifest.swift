import ExpDomain
import ExpCore

/// The contents of `manifest.json`: what the bundle is, where it came from, what it expects and
/// how it decides, plus the SHA-256 of every other member.
///
/// Who promoted the model and when are not recorded here (the store records them), so the same
/// model always gives the same bytes. NaN metrics are written as `null`.
///
/// ```swift
/// let manifest = BundleManifest(
///     identity: .init(name: "bankruptcy", version: 3, trialID: 42, sweepID: 7),
///     training: .init(parameters: ["alpha": 0.0001], seed: 42, datasetSHA256: hash,
///                     datasetSource: "builtin:bankruptcy", rows: 5455),
///     inputSchema: .init(features: names, label: "Bankrupt?", classNames: ["0", "1"]),
///     prediction: .init(threshold: 0.5, riskLevels: .default),
///     metrics: .init(cv: ["roc_auc": .init(mean: 0.93, std: 0.01)], holdout: ["roc_auc": 0.94]),
///     environment: ["swift": "6.3.1", "arch": "x86_64"])
/// ```
public struct BundleManifest: Sendable, Equatable, Codable {
    /// The value of `format` in every bundle.
    public static let formatName = "exp-bundle"
    /// The `format_version` this build writes and reads.
    public static let currentFormatVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// Always ``currentFormatVersion`` for bundles this build writes.
    public var formatVersion: Int
    public var identity: Identity
    public var training: Training
    public var inputSchema: InputSchema
    public var prediction: Prediction
    public var metrics: Metrics
    /// The numerics-relevant environment fingerprint of the training run (toolchain, arch, …).
    public var environment: [String: String]
    /// Lowercase hex SHA-256 of every other member, keyed by member name. ``ModelBundle`` fills it.
    public var checksums: [String: String]

    public init(identity: Identity, training: Training, inputSchema: InputSchema, prediction: Prediction,
                metrics: Metrics, environment: [String: String], checksums: [String: String] = [:]) {
        self.format = Self.formatName
        self.formatVersion = Self.currentFormatVersion
        self.identity = identity
        self.training = training
        self.inputSchema = inputSchema
        self.prediction = prediction
        self.metrics = metrics
        self.environment = environment
        self.checksums = checksums
    }

    enum CodingKeys: String, CodingKey {
        case format, identity, training, prediction, metrics, environment, checksums
        case formatVersion = "format_version"
        case inputSchema = "input_schema"
    }

    /// The model's registry identity and the run it was promoted from.
    public struct Identity: Sendable, Equatable, Codable {
        /// The registry name: a letter or digit, then letters, digits, `.`, `_` or `-` (at most 100).
        public var name: String
        /// The registry version, from 1.
        public var version: Int
        /// The store's id of the trial the model was trained in, if it came from one.
        public var trialID: Int64?
        /// The store's id of that trial's sweep, if any.
        public var sweepID: Int64?

        public init(name: String, version: Int, trialID: Int64?, sweepID: Int64?) {
            self.name = name
            self.version = version
            self.trialID = trialID
            self.sweepID = sweepID
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            version = try container.decode(Int.self, forKey: .version)
            trialID = try container.decodeIfPresent(Int64.self, forKey: .trialID)
            sweepID = try container.decodeIfPresent(Int64.self, forKey: .sweepID)
        }

        /// Absent ids are written as `null`, so every manifest has the same keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(version, forKey: .version)
            try container.encode(trialID, forKey: .trialID)
            try container.encode(sweepID, forKey: .sweepID)
        }

        enum CodingKeys: String, CodingKey {
            case name, version
            case trialID = "trial_id"
            case sweepID = "sweep_id"
        }
    }

    /// How the model was trained.
    public struct Training: Sendable, Equatable, Codable {
        /// Hyper-parameters under their scikit-learn names (`hidden_layer_sizes`, `alpha`, …).
        public var parameters: [String: JSONValue]
        /// The trial's seed.
        public var seed: UInt64
        /// SHA-256 (hex) of the training data set.
        public var datasetSHA256: String
        /// Where the data set came from (a path or `builtin:…`).
        public var datasetSource: String
        /// The number of rows the final model was trained on.
        public var rows: Int

        public init(parameters: [String: JSONValue], seed: UInt64, datasetSHA256: String, datasetSource: String,
                    rows: Int) {
            self.parameters = parameters
            self.seed = seed
            self.datasetSHA256 = datasetSHA256
            self.datasetSource = datasetSource
            self.rows = rows
        }

        enum CodingKeys: String, CodingKey {
            case parameters, seed, rows
            case datasetSHA256 = "dataset_sha256"
            case datasetSource = "dataset_source"
        }
    }

    /// What a caller must supply, and what the classes are called.
    public struct InputSchema: Sendable, Equatable, Codable {
        /// Raw feature column names, in training order (the pipeline's input columns).
        public var features: [String]
        /// The label column's name in the training data.
        public var label: String
        /// `[negative, positive]`.
        public var classNames: [String]
        /// The class whose probability the model predicts; `classNames[1]`.
        public var positiveClass: String

        /// - Parameter classNames: `[negative, positive]`; the positive class is the second.
        public init(features: [String], label: String, classNames: [String]) {
            self.features = features
            self.label = label
            self.classNames = classNames
            self.positiveClass = classNames.count == 2 ? classNames[1] : ""
        }

        enum CodingKeys: String, CodingKey {
            case features, label
            case classNames = "class_names"
            case positiveClass = "positive_class"
        }
    }

    /// How probabilities become decisions.
    public struct Prediction: Sendable, Equatable, Codable {
        /// Predict the positive class when P(positive) ≥ threshold.
        public var threshold: Double
        /// Cut points for the low / medium / high reading of a probability.
        public var riskLevels: RiskBands

        public init(threshold: Double, riskLevels: RiskBands = .default) {
            self.threshold = threshold
            self.riskLevels = riskLevels
        }

        enum CodingKeys: String, CodingKey {
            case threshold
            case riskLevels = "risk_levels"
        }
    }

    /// Scores measured when the model was selected. NaN (undefined metric) is written as `null`.
    public struct Metrics: Sendable, Equatable, Codable {
        /// Cross-validation mean and standard deviation per metric name.
        public var cv: [String: Summary]
        /// The score on the holdout rows per metric name.
        public var holdout: [String: Double]

        public init(cv: [String: Summary], holdout: [String: Double]) {
            self.cv = cv
            self.holdout = holdout
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            cv = try container.decode([String: Summary].self, forKey: .cv)
            holdout = try container.decode([String: Double?].self, forKey: .holdout).mapValues { $0 ?? .nan }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(cv, forKey: .cv)
            try container.encode(holdout.mapValues { $0.isNaN ? nil : $0 }, forKey: .holdout)
        }

        enum CodingKeys: String, CodingKey {
            case cv, holdout
        }

        /// NaN equals NaN here: an undefined metric stays undefined through a round trip.
        public static func == (lhs: Metrics, rhs: Metrics) -> Bool {
            lhs.cv == rhs.cv && lhs.holdout.count == rhs.holdout.count
                && lhs.holdout.allSatisfy { key, value in rhs.holdout[key].map { sameValue(value, $0) } ?? false }
        }

        /// A cross-validated metric: mean and standard deviation over the folds.
        public struct Summary: Sendable, Equatable, Codable {
            public var mean: Double
            public var std: Double

            public init(mean: Double, std: Double) {
                self.mean = mean
                self.std = std
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                mean = try container.decodeIfPresent(Double.self, forKey: .mean) ?? .nan
                std = try container.decodeIfPresent(Double.self, forKey: .std) ?? .nan
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeNullable(mean, forKey: .mean)
                try container.encodeNullable(std, forKey: .std)
            }

            enum CodingKeys: String, CodingKey {
                case mean, std
            }

            public static func == (lhs: Summary, rhs: Summary) -> Bool {
                sameValue(lhs.mean, rhs.mean) && sameValue(lhs.std, rhs.std)
            }
        }
    }
}

/// Equality that treats NaN as equal to NaN (for values a bundle writes as `null`).
func sameValue(_ a: Double, _ b: Double) -> Bool {
    a == b || (a.isNaN && b.isNaN)
}

extension KeyedEncodingContainer {
    /// Encodes NaN as `null` and every other value as a number.
    mutating func encodeNullable(_ value: Double, forKey key: Key) throws {
        if value.isNaN {
            try encodeNil(forKey: key)
        } else {
            try encode(value, forKey: key)
        }
    }
}
