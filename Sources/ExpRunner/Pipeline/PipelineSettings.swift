import ExpCore
import ExpDomain

/// Everything one trial's pipeline needs: the preprocessing choices (which decide what can be
/// shared between trials) and the model's hyper-parameters.
public struct PipelineSettings: Sendable, Hashable, Codable {
    /// sklearn: `SelectKBest(k=...)`; `nil` keeps every feature (`k="all"`).
    public var kBest: Int?
    /// imblearn: the resampler between selection and scaling.
    public var resampling: ResamplingMethod
    /// imblearn: `SMOTE(k_neighbors=...)`.
    public var kNeighbors: Int
    /// sklearn: `SimpleImputer(strategy="median")`, applied only when the data has missing values.
    public var imputeMissing: Bool
    public var dtype: DType
    public var model: MLPConfiguration
    /// The probability at or above which a row is predicted positive, for threshold metrics.
    public var threshold: Double

    /// The settings of a materialised trial. `k_best` at or above the feature count means all
    /// features, so such trials share one preprocessing.
    public init(_ parameters: TrialParameters, featureCount: Int, threshold: Double) {
        var k: Int?
        if case let .count(n) = parameters.kBest, n < featureCount { k = n }
        self.init(kBest: k, resampling: parameters.resampling, kNeighbors: parameters.kNeighbors,
                  imputeMissing: true, dtype: parameters.dtype, model: parameters.mlpConfiguration(),
                  threshold: threshold)
    }

    /// Settings given one by one; every default is ``TrialParameters``' default (one set of
    /// defaults: a spec that says nothing and code that says nothing run the same pipeline).
    public init(kBest: Int? = nil, resampling: ResamplingMethod = TrialParameters().resampling,
                kNeighbors: Int = TrialParameters().kNeighbors, imputeMissing: Bool = true,
                dtype: DType = TrialParameters().dtype, model: MLPConfiguration = TrialParameters().mlpConfiguration(),
                threshold: Double = 0.5) {
        self.kBest = kBest
        self.resampling = resampling
        self.kNeighbors = kNeighbors
        self.imputeMissing = imputeMissing
        self.dtype = dtype
        self.model = model
        self.threshold = threshold
    }

    /// The part of the settings that decides a fold's preprocessed matrices.
    func preprocessingKey(fold: Int) -> PreprocessingKey {
        PreprocessingKey(fold: fold, kBest: kBest, resampling: resampling, kNeighbors: kNeighbors,
                         imputeMissing: imputeMissing)
    }
}

/// Identifies preprocessed training and test matrices that do not depend on the model: every trial
/// with the same key (e.g. the same fold and `k_best`) shares one computation.
public struct PreprocessingKey: Sendable, Hashable, Codable {
    public var fold: Int
    public var kBest: Int?
    public var resampling: ResamplingMethod
    public var kNeighbors: Int
    public var imputeMissing: Bool

    public init(fold: Int, kBest: Int?, resampling: ResamplingMethod, kNeighbors: Int, imputeMissing: Bool) {
        self.fold = fold
        self.kBest = kBest
        self.resampling = resampling
        self.kNeighbors = kNeighbors
        self.imputeMissing = imputeMissing
    }
}
