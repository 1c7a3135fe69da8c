import ExpDomain
/// One line of `holdout.csv`: a holdout row and the probability the promoted pipeline gave it.
/// Verification re-scores the row and requires the same probability bit for bit.
public struct HoldoutPrediction: Sendable, Equatable, Codable {
    /// The row's id in the training data set (its 0-based row index, or the data's own id).
    public var rowID: Int
    /// P(positive class) at promotion time.
    public var probability: Double

    public init(rowID: Int, probability: Double) {
        self.rowID = rowID
        self.probability = probability
    }

    /// Bit-for-bit equality, so NaN equals NaN and -0 differs from +0.
    public static func == (lhs: HoldoutPrediction, rhs: HoldoutPrediction) -> Bool {
        lhs.rowID == rhs.rowID && lhs.probability.bitPattern == rhs.probability.bitPattern
    }
}
