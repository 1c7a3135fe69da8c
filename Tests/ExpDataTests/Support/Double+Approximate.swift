extension Double {
    /// Equality within a relative tolerance of 1e-12 (for values computed by interpolation).
    func isApproximatelyEqual(_ other: Double) -> Bool {
        (self - other).magnitude <= 1e-12 * Swift.max(1, self.magnitude, other.magnitude)
    }
}
