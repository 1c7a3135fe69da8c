public import ExpCore

/// Everything the server needs to know about the one model it serves: a plain value the CLI
/// builds from a loaded bundle (ExpServer never reads bundles itself).
///
/// ```swift
/// let served = ServedModel(
///     name: "bankruptcy", version: 3, digest: bundle.digest,
///     inputFeatureNames: schema.columns, selectedFeatureNames: features.names,
///     labelName: "Bankrupt?", classNames: ["0", "1"],
///     threshold: 0.5, riskBands: .default,
///     pipeline: pipeline, manifestJSON: manifestBytes)
/// ```
public struct ServedModel: Sendable {
    /// Registry name of the model.
    public var name: String
    /// Registry version (1, 2, …).
    public var version: Int
    /// Digest of the bundle (e.g. `sha256:…`), echoed in every prediction.
    public var digest: String
    /// The raw input schema: every column the model was trained on, in training order.
    public var inputFeatureNames: [String]
    /// The k features SelectKBest kept, in the feature manifest's order (ascending raw index);
    /// must equal `pipeline.selectedIndices.map { inputFeatureNames[$0] }`.
    public var selectedFeatureNames: [String]
    /// Name of the target column.
    public var labelName: String
    /// `[negative, positive]`: the keys of the `probability` object of `/predict`.
    public var classNames: [String]
    /// Decision threshold on P(positive): prediction = 1 when p ≥ threshold.
    public var threshold: Double
    /// Cut points of the risk levels.
    public var riskBands: RiskBands
    /// The fitted imputer → selector → scaler → network chain.
    public var pipeline: InferencePipeline
    /// The bundle's `manifest.json`, served verbatim inside `GET /v1/model`; must be a JSON object.
    public var manifestJSON: [UInt8]

    public init(
        name: String, version: Int, digest: String,
        inputFeatureNames: [String], selectedFeatureNames: [String],
        labelName: String, classNames: [String],
        threshold: Double, riskBands: RiskBands,
        pipeline: InferencePipeline, manifestJSON: [UInt8]
    ) {
        self.name = name
        self.version = version
        self.digest = digest
        self.inputFeatureNames = inputFeatureNames
        self.selectedFeatureNames = selectedFeatureNames
        self.labelName = labelName
        self.classNames = classNames
        self.threshold = threshold
        self.riskBands = riskBands
        self.pipeline = pipeline
        self.manifestJSON = manifestJSON
    }
}
