/// Hidden-layer activation functions. sklearn: `neural_network._base.ACTIVATIONS` and
/// `DERIVATIVES` (in-place forms). Derivatives are computed from the activation value, as
/// scikit-learn does.
public enum Activation: String, Sendable, Codable, CaseIterable {
    case identity, logistic, tanh, relu

    /// Applies the activation in place to `z[0..<count]`.
    @inlinable
    public func apply<S: KernelScalar>(_ z: inout [S], count: Int) {
        switch self {
        case .identity: return
        case .relu:
            // `max` (not a ternary) so the loop vectorizes (KERNELS.md §2).
            z.withUnsafeMutableBufferPointer { z in
                for i in 0..<count { z[i] = max(z[i], 0) }
            }
        case .tanh:
            for i in 0..<count { z[i] = S.tanh(z[i]) }
        case .logistic:
            for i in 0..<count { z[i] = S.logistic(z[i]) }
        }
    }

    /// Multiplies `delta[0..<count]` by the derivative at activation values `a`.
    /// sklearn: `inplace_relu_derivative` (`delta[Z == 0] = 0`), `inplace_tanh_derivative`
    /// (`delta *= 1 - Z**2`), `inplace_logistic_derivative` (`delta *= Z; delta *= 1 - Z`).
    @inlinable
    public func multiplyDerivative<S: KernelScalar>(activations a: [S], delta: inout [S], count: Int) {
        precondition(a.count >= count && delta.count >= count)
        a.withUnsafeBufferPointer { a in
            delta.withUnsafeMutableBufferPointer { d in
                switch self {
                case .identity: return
                case .relu:
                    // A select, not a branch: the pattern of dead units is random, so a branch
                    // mispredicts half the time (this loop was 20 % of an epoch as a branch).
                    for i in 0..<count { d[i] = a[i] == 0 ? 0 : d[i] }
                case .tanh:
                    for i in 0..<count { d[i] = d[i] * (1 - a[i] * a[i]) }
                case .logistic:
                    for i in 0..<count { d[i] = (d[i] * a[i]) * (1 - a[i]) }
                }
            }
        }
    }
}
