import ExpDomain
import ExpCore

/// What ``LeakageProbe`` measured: one configuration cross-validated on the development rows with
/// its preprocessing fitted inside each training fold (leak-free, as the sweep does) and with
/// selection and resampling fitted on all development rows before the split (the common leak).
///
/// Every run uses the sweep's folds, the sweep seed for resampling and the trial seed for the MLP,
/// so the measurement is the same bit for bit on every run.
public struct LeakageMeasurement: Sendable, Equatable {
    /// One cross-validation of the configuration under one protocol.
    public struct Run: Sendable, Equatable {
        /// The resampler of this run.
        public var resampling: ResamplingMethod
        /// True when selection and resampling were fitted on all development rows before the split.
        public var beforeSplit: Bool
        /// The folds, in order.
        public var folds: [FoldEvaluation]

        /// Mean and population std (ddof = 0) of each metric over the folds, summed in fold
        /// order: for a leak-free run, exactly what the store keeps for a trial.
        public var summary: [(name: String, mean: Double, std: Double)] { FoldEvaluation.summary(of: folds) }
    }

    /// The configuration measured (the best trial's).
    public var settings: PipelineSettings
    /// The configuration as the sweep ran it: leak-free, with its own resampler. Its folds equal
    /// the sweep's trial of this configuration bit for bit.
    public var configuration: Run
    /// The configuration with ``resampling`` inside the training folds, when its own resampler is
    /// `none` (the leak-free run the leaky one is compared with); nil otherwise.
    public var resampledBaseline: Run?
    /// Selection and ``resampling`` fitted on all development rows, then the same cross-validation.
    public var leaky: Run
    /// The resampler whose leak was measured: the configuration's own, or SMOTE-Tomek
    /// (``LeakageProbe/fallbackResampling``) when the configuration resamples nothing.
    public var resampling: ResamplingMethod
    /// Development rows, before resampling.
    public var developmentRows: Int
    /// True when the data has missing cells, so the leaky run imputed all development rows first.
    public var imputed: Bool
    /// Raw column indices kept by the selection fitted on all development rows.
    public var selectedFeatures: [Int]
    /// Rows added by over-sampling all development rows, and rows removed by Tomek links.
    public var syntheticRows: Int
    public var removedRows: Int
    /// Rows the leaky cross-validation ran on, and how many of them are synthetic (each is in
    /// exactly one test fold).
    public var resampledRows: Int
    public var syntheticRowsKept: Int

    /// The leak-free run the leaky one is compared with: same resampler, inside the folds.
    public var baseline: Run { resampledBaseline ?? configuration }
}
