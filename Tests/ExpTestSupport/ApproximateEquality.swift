import Testing

// Floating-point comparisons for tests, over ``Tolerance``: never `==` on computed values, and
// never a hand-rolled epsilon in a test file.

/// Whether `actual` is within `relative` of `expected`'s magnitude or within `absolute` (see
/// ``Tolerance/accepts(_:_:)``: NaN is close only to NaN). A missing value (nil) is never close.
///
/// The defaults are ``Tolerance/reference``: 1e-12 relative, 1e-15 absolute.
///
/// ```swift
/// #expect(isClose(scaler.variance[2], 29.76, relative: 1e-14))
/// #expect(isClose(body["probability"]?.double, 0.25, relative: 0, absolute: 1e-12))
/// ```
public func isClose(_ actual: Double?, _ expected: Double, relative: Double = Tolerance.reference.relative,
                    absolute: Double = Tolerance.reference.absolute) -> Bool {
    guard let actual else { return false }
    return Tolerance(relative: relative, absolute: absolute).accepts(actual, expected)
}

/// Expects `actual` and `expected` to have the same length and to be close element by element
/// (as ``isClose(_:_:relative:absolute:)``); records one issue naming the first element that is
/// not, prefixed with `what`.
public func expectClose(_ actual: [Double], _ expected: [Double], relative: Double = Tolerance.reference.relative,
                        absolute: Double = Tolerance.reference.absolute, _ what: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): length \(actual.count) vs \(expected.count)",
            sourceLocation: sourceLocation)
    let tolerance = Tolerance(relative: relative, absolute: absolute)
    for (i, (a, e)) in zip(actual, expected).enumerated() where !tolerance.accepts(a, e) {
        Issue.record("\(what)[\(i)]: \(a) vs expected \(e)", sourceLocation: sourceLocation)
        return
    }
}

/// The largest `|actual − expected| / |expected|` over the pairs, for reporting how close a
/// result came. Equal pairs (NaN with NaN included) count as 0, and so does every pair whose
/// expected magnitude is at most `floor` (a relative error means nothing there).
public func maxRelativeError(_ actual: [Double], _ expected: [Double], floor: Double = 0) -> Double {
    zip(actual, expected).reduce(0.0) { worst, pair in
        let (a, e) = pair
        if a == e || (a.isNaN && e.isNaN) { return worst }
        if e.magnitude <= floor { return worst }
        return max(worst, (a - e).magnitude / e.magnitude)
    }
}
