import ExpCore

/// Every setting of one trial, fully resolved: defaults, then the spec's fixed `model:` settings,
/// then the values the search chose. Field names are Swift's; ``ParameterKey`` gives each field's
/// scikit-learn name, which is also its key in ``canonicalJSON`` and in the `Codable` form.
///
/// ```swift
/// let trial = try spec.materializeTrials()[0]
/// var mlp = trial.parameters.mlpConfiguration()   // hidden_layer_sizes, alpha, …
/// trial.parameters.kBest                          // .count(20)
/// trial.parameters.cellHash                       // "3f0c…" (64 hex digits)
/// ```
public struct TrialParameters: Sendable, Hashable {
    /// sklearn: `hidden_layer_sizes` (spec key `hidden_layers`).
    public var hiddenLayers: [Int] = [100]
    /// sklearn: `activation`.
    public var activation: Activation = .relu
    /// sklearn: `alpha`.
    public var alpha: Double = 1e-4
    /// sklearn: `learning_rate_init`.
    public var learningRateInit: Double = 1e-3
    /// sklearn: `batch_size`; nil means `auto`, i.e. `min(200, n_samples)`.
    public var batchSize: Int? = nil
    /// sklearn: `max_iter`.
    public var maxIter: Int = 200
    /// sklearn: `tol`.
    public var tol: Double = 1e-4
    /// sklearn: `shuffle`.
    public var shuffle: Bool = true
    /// sklearn: `beta_1`.
    public var beta1: Double = 0.9
    /// sklearn: `beta_2`.
    public var beta2: Double = 0.999
    /// sklearn: `epsilon`.
    public var epsilon: Double = 1e-8
    /// sklearn: `early_stopping`.
    public var earlyStopping: Bool = false
    /// sklearn: `validation_fraction`.
    public var validationFraction: Double = 0.1
    /// sklearn: `n_iter_no_change`.
    public var nIterNoChange: Int = 10
    /// exp: `early_stopping_metric`.
    public var earlyStoppingMetric: MLPConfiguration.EarlyStoppingMetric = .accuracy
    /// exp: `resampling` of each training fold.
    public var resampling: ResamplingMethod = .none
    /// imblearn: `SMOTE(k_neighbors=…)`.
    public var kNeighbors: Int = 5
    /// sklearn: `SimpleImputer(strategy=…)`.
    public var imputer: SimpleImputer.Strategy = .median
    /// sklearn: `SelectKBest(k=…)`.
    public var kBest: KBest = .all
    /// numpy: `dtype` of training.
    public var dtype: DType = .float64
    /// exp: `kernel`, how matrix products accumulate.
    public var kernel: GEMM.Accumulation = .separate

    /// The defaults (scikit-learn's, where scikit-learn has the setting).
    public init() {}

    /// The MLP hyper-parameters of this trial.
    public func mlpConfiguration() -> MLPConfiguration {
        var c = MLPConfiguration()
        c.hiddenLayerSizes = hiddenLayers
        c.activation = activation
        c.alpha = alpha
        c.batchSize = batchSize
        c.learningRateInit = learningRateInit
        c.maxIter = maxIter
        c.tol = tol
        c.shuffle = shuffle
        c.beta1 = beta1
        c.beta2 = beta2
        c.epsilon = epsilon
        c.earlyStopping = earlyStopping
        c.validationFraction = validationFraction
        c.nIterNoChange = nIterNoChange
        c.earlyStoppingMetric = earlyStoppingMetric
        c.accumulation = kernel
        return c
    }

    /// The setting of `key`, in normal form.
    public func value(for key: ParameterKey) -> ParameterValue {
        switch key {
        case .hiddenLayers: return .intList(hiddenLayers)
        case .activation: return .string(activation.rawValue)
        case .alpha: return .double(alpha)
        case .learningRateInit: return .double(learningRateInit)
        case .batchSize: return batchSize.map { .int($0) } ?? .string("auto")
        case .maxIter: return .int(maxIter)
        case .tol: return .double(tol)
        case .shuffle: return .bool(shuffle)
        case .beta1: return .double(beta1)
        case .beta2: return .double(beta2)
        case .epsilon: return .double(epsilon)
        case .earlyStopping: return .bool(earlyStopping)
        case .validationFraction: return .double(validationFraction)
        case .nIterNoChange: return .int(nIterNoChange)
        case .earlyStoppingMetric: return .string(earlyStoppingMetric.rawValue)
        case .resampling: return .string(resampling.rawValue)
        case .kNeighbors: return .int(kNeighbors)
        case .imputer: return .string(imputer.rawValue)
        case .kBest:
            switch kBest {
            case .all: return .string("all")
            case let .count(k): return .int(k)
            }
        case .dtype: return .string(dtype.rawValue)
        case .kernel: return .string(kernel.rawValue)
        }
    }

    /// Sets `key` to `value`.
    /// - Returns: false (leaving the parameters unchanged) if `key` does not take `value`.
    @discardableResult
    public mutating func set(_ key: ParameterKey, to value: ParameterValue) -> Bool {
        guard let v = key.normalized(value) else { return false }
        switch (key, v) {
        case let (.hiddenLayers, .intList(l)): hiddenLayers = l
        case let (.activation, .string(s)): guard let a = Activation(rawValue: s) else { return false }
            activation = a
        case let (.alpha, .double(d)): alpha = d
        case let (.learningRateInit, .double(d)): learningRateInit = d
        case let (.batchSize, .int(n)): batchSize = n
        case (.batchSize, .string): batchSize = nil
        case let (.maxIter, .int(n)): maxIter = n
        case let (.tol, .double(d)): tol = d
        case let (.shuffle, .bool(b)): shuffle = b
        case let (.beta1, .double(d)): beta1 = d
        case let (.beta2, .double(d)): beta2 = d
        case let (.epsilon, .double(d)): epsilon = d
        case let (.earlyStopping, .bool(b)): earlyStopping = b
        case let (.validationFraction, .double(d)): validationFraction = d
        case let (.nIterNoChange, .int(n)): nIterNoChange = n
        case let (.earlyStoppingMetric, .string(s)):
            guard let m = MLPConfiguration.EarlyStoppingMetric(rawValue: s) else { return false }
            earlyStoppingMetric = m
        case let (.resampling, .string(s)):
            guard let r = ResamplingMethod(rawValue: s) else { return false }
            resampling = r
        case let (.kNeighbors, .int(n)): kNeighbors = n
        case let (.imputer, .string(s)):
            guard let i = SimpleImputer.Strategy(rawValue: s) else { return false }
            imputer = i
        case let (.kBest, .int(k)): kBest = .count(k)
        case (.kBest, .string): kBest = .all
        case let (.dtype, .string(s)):
            guard let d = DType(rawValue: s) else { return false }
            dtype = d
        case let (.kernel, .string(s)):
            guard let k = GEMM.Accumulation(rawValue: s) else { return false }
            kernel = k
        default: return false
        }
        return true
    }
}
