import ExpDomain
/// The values a searched parameter may take.
public enum ParameterDomain: Sendable, Hashable {
    /// A list: every value in grid search, a uniform choice among them in random search.
    case values([ParameterValue])
    /// A numeric range (random search only).
    case range(ParameterRange)

    /// The number of distinct values, or nil for a continuous range.
    func cardinality(isInteger: Bool) -> Int? {
        switch self {
        case let .values(list):
            return list.count
        case let .range(r):
            if case let .int(lo) = r.min, case let .int(hi) = r.max {
                let (width, overflow) = hi.subtractingReportingOverflow(lo)
                return overflow || width == .max ? nil : width + 1
            }
            return r.min == r.max ? 1 : nil
        }
    }
}
