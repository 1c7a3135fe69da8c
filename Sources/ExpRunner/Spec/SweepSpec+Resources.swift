import ExpCore
import ExpDomain

/// The memory one trial needs, estimated from its parameters and the size of the data, so that
/// an absurd request (`hidden_layers: [100000000]`) is refused before the sweep starts instead of
/// aborting on a failed allocation halfway through a trial.
///
/// The estimate counts the large buffers of ``MLPClassifier/fit(_:labels:configuration:generator:shouldStop:)``
/// and of the pipeline around it, with `s` the bytes of one value of the trial's `dtype`:
/// - parameters `P = Σ (fanIn + 1) · fanOut` over the layers `[k, hidden…, 1]` (`k` the features
///   left after `k_best`), held six times: the network, its gradients, Adam's two moments, the
///   best network of early stopping and the fitted copy;
/// - the mini-batch buffers (activations and deltas of every layer, for the full batch and the
///   last partial one): `4 · B · W` values, `B = min(batch_size, rows)`, `W` the sum of the layer
///   widths;
/// - scoring a fold: two `rows × widest layer` matrices;
/// - the fold's data: four `rows × features` copies in Double (development rows, the scaled and
///   selected training fold, its resampled copy, the matrix in `dtype`).
///
/// `rows` are the development rows (the final model trains on all of them), doubled when the
/// trial resamples (SMOTE balances the classes). The estimate is a floor, not a bound: it leaves
/// out small per-epoch arrays and the allocator's own overhead.
public struct TrialMemoryEstimate: Sendable, Equatable, CustomStringConvertible {
    /// The estimated bytes, as a Double: it cannot overflow, whatever the layer sizes.
    public var bytes: Double
    /// The parameters of the network (weights and biases).
    public var parameterCount: Double

    /// Estimates the memory of a trial with `parameters` on `rows` development rows of
    /// `featureCount` features.
    public init(parameters: TrialParameters, rows: Int, featureCount: Int) {
        let valueBytes: Double = parameters.dtype == .float32 ? 4 : 8
        let selected: Int
        switch parameters.kBest {
        case .all: selected = featureCount
        case let .count(k): selected = min(k, featureCount)
        }
        let widths = ([selected] + parameters.hiddenLayers + [1]).map(Double.init)
        var parameterCount = 0.0
        for l in 0..<(widths.count - 1) { parameterCount += (widths[l] + 1) * widths[l + 1] }
        let trainingRows = Double(rows) * (parameters.resampling == .none ? 1 : 2)
        let batch = min(Double(parameters.batchSize ?? 200), trainingRows)
        let widthSum = widths.reduce(0, +)
        let widest = widths.max() ?? 1
        let values = 6 * parameterCount + 4 * batch * widthSum + 2 * trainingRows * widest
        let data = 4 * trainingRows * Double(featureCount) * 8
        self.bytes = values * valueBytes + data
        self.parameterCount = parameterCount
    }

    /// "12.3 GiB", "512 MiB", "3 KiB"; "over 1000000 GiB" for the absurd.
    public var description: String { Self.format(bytes) }

    static func format(_ bytes: Double) -> String {
        let gib = bytes / Double(1 << 30)
        if !(gib < 1e6) { return "over 1000000 GiB" }
        if gib >= 1 { return "\((gib * 10).rounded() / 10) GiB" }
        let mib = bytes / Double(1 << 20)
        if mib >= 1 { return "\(Int(mib.rounded())) MiB" }
        return "\(Int((bytes / 1024).rounded(.up))) KiB"
    }
}

extension SweepSpec {
    /// The most memory one trial may need: 8 GiB. A machine with less (or a lower `ulimit -v`)
    /// lowers it further; see ``SweepSession``.
    public static let maximumTrialBytes: Double = 8 * Double(1 << 30)

    /// Refuses a sweep in which some trial would need more than `limit` bytes, naming the
    /// `hidden_layers` key (and line) of the largest such trial and its estimate.
    /// - Parameters:
    ///   - trials: The sweep's planned trials.
    ///   - rows: The development rows (all rows but the holdout).
    ///   - featureCount: The feature columns of the data.
    ///   - limit: The most bytes a trial may need.
    ///   - limitReason: What sets the limit, for the message ("exp's limit per trial", "the
    ///     address-space limit (ulimit -v) of …").
    /// - Throws: ``SpecError``.
    public func validateMemory(of trials: [PlannedTrial], rows: Int, featureCount: Int,
                               limit: Double = SweepSpec.maximumTrialBytes,
                               limitReason: String = "the limit per trial") throws {
        var worst: (trial: PlannedTrial, estimate: TrialMemoryEstimate)?
        for trial in trials {
            let estimate = TrialMemoryEstimate(parameters: trial.parameters, rows: rows, featureCount: featureCount)
            if estimate.bytes > (worst?.estimate.bytes ?? limit) { worst = (trial, estimate) }
        }
        guard let (trial, estimate) = worst else { return }
        let p = trial.parameters
        let layers = "[" + p.hiddenLayers.map(String.init).joined(separator: ", ") + "]"
        var settings = "hidden_layers \(layers)"
        if let batch = p.batchSize { settings += ", batch_size \(batch)" }
        if case let .count(k) = p.kBest { settings += ", k_best \(k)" }
        if p.dtype != .float64 { settings += ", dtype \(p.dtype.rawValue)" }
        // Int(_:) of a Double beyond Int.max is a fatal error: print huge counts as Doubles.
        let parameters = estimate.parameterCount < 1e15 ? String(Int(estimate.parameterCount)) : "\(estimate.parameterCount)"
        throw source.error(
            path(of: .hiddenLayers, value: p.value(for: .hiddenLayers)),
            "a trial with \(settings) needs an estimated \(estimate) of memory (\(parameters) network parameters, "
                + "\(rows) rows × \(featureCount) features); \(limitReason) is \(TrialMemoryEstimate.format(limit)). "
                + "Use smaller layers or less data")
    }

    /// The key path `value` of `key` comes from: its place in a searched list, else the fixed
    /// setting (or the default) under `model.`.
    func path(of key: ParameterKey, value: ParameterValue) -> String {
        values(of: key).first { $0.value == value }?.path ?? "model." + key.rawValue
    }
}
