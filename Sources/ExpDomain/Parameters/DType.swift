/// The floating-point type a trial trains in. numpy: `dtype`.
///
/// Data, metrics and the stored results stay `Double`; only the network's weights and
/// activations use this type.
public enum DType: String, Sendable, Hashable, Codable, CaseIterable {
    /// 32-bit floats: about twice the throughput of the matrix kernels.
    case float32
    /// 64-bit floats, as scikit-learn (the default).
    case float64
}
