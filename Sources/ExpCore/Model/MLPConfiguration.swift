/// Hyper-parameters of ``MLPClassifier``, with scikit-learn's names (in the doc comments) and
/// defaults. sklearn: `MLPClassifier(solver='adam')`.
public struct MLPConfiguration: Sendable, Codable, Equatable, Hashable {
    /// What early stopping monitors on the validation split.
    public enum EarlyStoppingMetric: String, Sendable, Codable, CaseIterable {
        /// scikit-learn's choice: accuracy at p > 0.5.
        case accuracy
        /// Validation log-loss (lower is better); suits imbalanced data, where accuracy hardly moves.
        case logLoss = "log_loss"
    }

    /// sklearn: `hidden_layer_sizes`.
    public var hiddenLayerSizes: [Int] = [100]
    /// sklearn: `activation`.
    public var activation: Activation = .relu
    /// sklearn: `alpha`, the L2 penalty.
    public var alpha: Double = 1e-4
    /// sklearn: `batch_size`; `nil` means `min(200, n_samples)`.
    public var batchSize: Int? = nil
    /// sklearn: `learning_rate_init`.
    public var learningRateInit: Double = 1e-3
    /// sklearn: `max_iter` (epochs).
    public var maxIter: Int = 200
    /// sklearn: `tol`.
    public var tol: Double = 1e-4
    /// sklearn: `shuffle`.
    public var shuffle: Bool = true
    /// sklearn: `beta_1`, `beta_2`, `epsilon` (Adam).
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8
    /// sklearn: `early_stopping`.
    public var earlyStopping: Bool = false
    /// sklearn: `validation_fraction`.
    public var validationFraction: Double = 0.1
    /// sklearn: `n_iter_no_change`.
    public var nIterNoChange: Int = 10
    /// Not in scikit-learn (always accuracy there).
    public var earlyStoppingMetric: EarlyStoppingMetric = .accuracy
    /// Not in scikit-learn: how matrix products accumulate. `.separate` (default) never fuses;
    /// `.fused` is the opt-in FMA mode. Both are deterministic on every machine.
    public var accumulation: GEMM.Accumulation = .separate

    public init() {}

    public init(hiddenLayerSizes: [Int], activation: Activation = .relu, alpha: Double = 1e-4) {
        self.hiddenLayerSizes = hiddenLayerSizes
        self.activation = activation
        self.alpha = alpha
    }

    /// Checks every parameter's domain (sklearn's `_parameter_constraints`).
    /// - Throws: ``ExpCoreError/invalidParameter(name:reason:)`` naming the scikit-learn key.
    public func validate() throws {
        func fail(_ name: String, _ reason: String) -> ExpCoreError {
            .invalidParameter(name: name, reason: reason)
        }
        if hiddenLayerSizes.isEmpty { throw fail("hidden_layer_sizes", "needs at least one layer") }
        if let bad = hiddenLayerSizes.first(where: { $0 < 1 }) {
            throw fail("hidden_layer_sizes", "layer sizes must be positive, got \(bad)")
        }
        if !(alpha >= 0) || !alpha.isFinite { throw fail("alpha", "must be a finite number ≥ 0, got \(alpha)") }
        if let b = batchSize, b < 1 { throw fail("batch_size", "must be ≥ 1, got \(b)") }
        if !(learningRateInit > 0) || !learningRateInit.isFinite {
            throw fail("learning_rate_init", "must be > 0, got \(learningRateInit)")
        }
        if maxIter < 1 { throw fail("max_iter", "must be ≥ 1, got \(maxIter)") }
        if !(tol >= 0) { throw fail("tol", "must be ≥ 0, got \(tol)") }
        if !(beta1 >= 0 && beta1 < 1) { throw fail("beta_1", "must be in [0, 1), got \(beta1)") }
        if !(beta2 >= 0 && beta2 < 1) { throw fail("beta_2", "must be in [0, 1), got \(beta2)") }
        if !(epsilon > 0) { throw fail("epsilon", "must be > 0, got \(epsilon)") }
        if !(validationFraction > 0 && validationFraction < 1) {
            throw fail("validation_fraction", "must be in (0, 1), got \(validationFraction)")
        }
        if nIterNoChange < 1 { throw fail("n_iter_no_change", "must be ≥ 1, got \(nIterNoChange)") }
    }
}
