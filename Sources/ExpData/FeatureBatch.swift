import ExpCore

/// Rows to predict, as ``FeatureDecoder`` reads them: the values of the features the model uses,
/// ready for `InferencePipeline.predictProbabilities(selected:threads:)`.
///
/// ```swift
/// let decoder = FeatureDecoder(columns: bundle.inputFeatureNames, pipeline: bundle.pipeline)
/// let batch = try decoder.read(path: "new-companies.csv", idColumn: "company")
/// let p = try bundle.pipeline.predictProbabilities(selected: batch.values, threads: 2)
/// ```
public struct FeatureBatch: Sendable, Equatable {
    /// `rows × k`: each row's selected features, in the selection's (manifest) order. NaN is a
    /// missing value, and occurs only when the model has an imputer.
    public var values: Matrix<Double>
    /// Supplied columns that are not in the model's input schema, in the order first seen (the id
    /// column left out), so that the caller can warn about them.
    public var ignoredColumns: [String]
    /// The value of the id column of each row, when one was asked for.
    public var ids: [String]?

    public init(values: Matrix<Double>, ignoredColumns: [String], ids: [String]? = nil) {
        self.values = values
        self.ignoredColumns = ignoredColumns
        self.ids = ids
    }

    public var rowCount: Int { values.rows }
}
