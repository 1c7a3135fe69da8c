import ExpCore

/// A setting of one trial, under its scikit-learn name (the raw value), usable under `model:`
/// (fixed) or `search.parameters:` (searched).
///
/// MLP keys follow `sklearn.neural_network.MLPClassifier`; `k_neighbors` follows
/// `imblearn.over_sampling.SMOTE`; `k_best` is `SelectKBest(k=…)`; `imputer` is
/// `SimpleImputer(strategy=…)`. `hidden_layers`, `resampling`, `early_stopping_metric`, `dtype`
/// and `kernel` are exp's own.
public enum ParameterKey: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// sklearn: `hidden_layer_sizes` (also accepted under that name). A list of positive
    /// integers; a single integer `n` means `[n]`. Default `[100]`.
    case hiddenLayers = "hidden_layers"
    /// sklearn: `activation`: `relu` (default), `tanh`, `logistic` or `identity`.
    case activation
    /// sklearn: `alpha`, the L2 penalty: a number ≥ 0, default 0.0001.
    case alpha
    /// sklearn: `learning_rate_init`: a number > 0, default 0.001.
    case learningRateInit = "learning_rate_init"
    /// sklearn: `batch_size`: an integer in 1...10000000 or `auto` (default, `min(200, n_samples)`).
    case batchSize = "batch_size"
    /// sklearn: `max_iter` (epochs): an integer in 1...100000, default 200.
    case maxIter = "max_iter"
    /// sklearn: `tol`: a number ≥ 0, default 0.0001.
    case tol
    /// sklearn: `shuffle`: true (default) or false.
    case shuffle
    /// sklearn: `beta_1` (Adam): a number in [0, 1), default 0.9.
    case beta1 = "beta_1"
    /// sklearn: `beta_2` (Adam): a number in [0, 1), default 0.999.
    case beta2 = "beta_2"
    /// sklearn: `epsilon` (Adam): a number > 0, default 1e-08.
    case epsilon
    /// sklearn: `early_stopping`: false (default) or true.
    case earlyStopping = "early_stopping"
    /// sklearn: `validation_fraction`: a number in (0, 1), default 0.1.
    case validationFraction = "validation_fraction"
    /// sklearn: `n_iter_no_change`: an integer in 1...100000, default 10.
    case nIterNoChange = "n_iter_no_change"
    /// Not in scikit-learn: what early stopping monitors, `accuracy` (default, as scikit-learn)
    /// or `log_loss`.
    case earlyStoppingMetric = "early_stopping_metric"
    /// The resampling of each training fold: `none` (default), `smote` or `smote-tomek`.
    case resampling
    /// imblearn: `SMOTE(k_neighbors=…)`: an integer in 1...100000, default 5.
    case kNeighbors = "k_neighbors"
    /// sklearn: `SimpleImputer(strategy=…)`: `median` (default); used only when the data has
    /// missing values.
    case imputer
    /// sklearn: `SelectKBest(k=…)`: an integer in 1...1000000 or `all` (default here: no selection;
    /// scikit-learn's own default is 10).
    case kBest = "k_best"
    /// numpy: `dtype` of training: `float64` (default) or `float32`.
    case dtype
    /// How matrix products accumulate (``GEMM/Accumulation``): `separate` (default) or `fused`.
    case kernel

    /// Other spellings accepted in specs.
    public static let aliases: [String: ParameterKey] = ["hidden_layer_sizes": .hiddenLayers]

    /// The key for `name` or one of its ``aliases``.
    public init?(name: String) {
        if let key = ParameterKey(rawValue: name) {
            self = key
        } else if let key = Self.aliases[name] {
            self = key
        } else {
            return nil
        }
    }

    /// The name in specs and canonical JSON.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// Every spelling accepted in a spec (names and aliases), for suggestions.
    package static var allSpellings: [String] { allCases.map(\.rawValue) + aliases.keys.sorted() }

    /// The most epochs `max_iter` (and `n_iter_no_change`) may ask for: every epoch keeps a loss
    /// (and a validation score) in the trial's curves, and a million would take days per fold.
    package static let maximumEpochs = 100_000
    /// The largest `batch_size` (a batch never has more rows than the training fold anyway).
    package static let maximumBatchSize = 10_000_000
    /// The largest `k_neighbors` (SMOTE also needs more minority rows than it, checked against
    /// the data).
    package static let maximumNeighbors = 100_000
    /// The largest `k_best` (also checked against the data's feature count).
    package static let maximumFeatures = 1_000_000

    /// What values the key takes.
    package var kind: ParameterKind {
        switch self {
        case .hiddenLayers: return .layerSizes
        case .activation: return .choice(Activation.allCases.map(\.rawValue))
        case .alpha, .tol: return .real(RealBounds(lower: 0, lowerInclusive: true))
        case .learningRateInit, .epsilon: return .real(RealBounds(lower: 0, lowerInclusive: false))
        case .batchSize: return .integerOrKeyword(minimum: 1, maximum: Self.maximumBatchSize, keyword: "auto")
        case .maxIter, .nIterNoChange: return .integer(minimum: 1, maximum: Self.maximumEpochs)
        case .kNeighbors: return .integer(minimum: 1, maximum: Self.maximumNeighbors)
        case .shuffle, .earlyStopping: return .boolean
        case .beta1, .beta2: return .real(RealBounds(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: false))
        case .validationFraction:
            return .real(RealBounds(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: false))
        case .earlyStoppingMetric: return .choice(MLPConfiguration.EarlyStoppingMetric.allCases.map(\.rawValue))
        case .resampling: return .choice(ResamplingMethod.allCases.map(\.rawValue))
        case .imputer: return .choice(["median"])
        case .kBest: return .integerOrKeyword(minimum: 1, maximum: Self.maximumFeatures, keyword: "all")
        case .dtype: return .choice(DType.allCases.map(\.rawValue))
        case .kernel: return .choice(GEMM.Accumulation.allCases.map(\.rawValue))
        }
    }

    /// `value` in this key's normal form, or nil if the key does not take it.
    package func normalized(_ value: ParameterValue) -> ParameterValue? {
        kind.normalized(value)
    }
}
