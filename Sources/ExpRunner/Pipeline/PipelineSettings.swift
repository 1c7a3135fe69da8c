import ExpCore

/// Everything one trial's pipeline needs: the preprocessing choices (which decide what can be
/// shared between trials) and the model's hyper-parameters.
public struct PipelineSettings: Sendable, Hashable, Codable {
    /// The number type the MLP trains in.
    public enum DType: String, Sendable, Hashable, Codable, CaseIterable {
        case float32, float64
    }

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

    public init(kBest: Int? = nil, resampling: ResamplingMethod = .smoteTomek, kNeighbors: Int = 5,
                imputeMissing: Bool = true, dtype: DType = .float64, model: MLPConfiguration = MLPConfiguration(),
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
