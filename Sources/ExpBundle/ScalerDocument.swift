import ExpDomain
import ExpCore

/// The layout of `scaler.json`: a fitted ``StandardScaler`` (sklearn: `mean_`, `var_`, `scale_`,
/// `n_samples_seen_`).
///
/// ```json
/// { "mean" : [0.5, 1.25], "samples_seen" : 5455, "scale" : [0.1, 2], "variance" : [0.01, 4] }
/// ```
struct ScalerDocument: Codable {
    var mean: [Double]
    var variance: [Double]
    var scale: [Double]
    var samplesSeen: Int

    enum CodingKeys: String, CodingKey {
        case mean, variance, scale
        case samplesSeen = "samples_seen"
    }

    init(_ scaler: StandardScaler) {
        mean = scaler.mean
        variance = scaler.variance
        scale = scaler.scale
        samplesSeen = scaler.samplesSeen
    }

    /// The scaler, after checking the statistics have one value per feature and are usable.
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` naming scaler.json.
    func scaler() throws -> StandardScaler {
        func invalid(_ reason: String) -> BundleError { .invalidMember(member: BundleMember.scaler.rawValue, reason: reason) }
        guard !mean.isEmpty else { throw invalid("the scaler has no features") }
        guard variance.count == mean.count, scale.count == mean.count else {
            throw invalid("mean, variance and scale must have one value per feature "
                + "(got \(mean.count), \(variance.count) and \(scale.count))")
        }
        guard mean.allSatisfy(\.isFinite), scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw invalid("mean must be finite and every scale finite and positive")
        }
        guard samplesSeen >= 1 else { throw invalid("samples_seen must be at least 1, got \(samplesSeen)") }
        return StandardScaler(mean: mean, variance: variance, scale: scale, samplesSeen: samplesSeen)
    }
}
