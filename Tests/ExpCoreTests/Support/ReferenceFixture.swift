import Foundation
import Testing

/// Loads the scikit-learn reference fixtures copied from ../shared/reference into Fixtures/.
/// Values are decoded loosely (JSONSerialization) because each file has its own shape; NaN is
/// `null` and infinities are the strings "Infinity"/"-Infinity" (see the reference README).
enum ReferenceFixture {
    static func load(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func double(_ value: Any?) -> Double {
        switch value {
        case let n as NSNumber: return n.doubleValue
        case let s as String where s == "Infinity": return .infinity
        case let s as String where s == "-Infinity": return -.infinity
        default: return .nan
        }
    }

    static func doubles(_ value: Any?) -> [Double] { (value as? [Any] ?? []).map(double) }
    static func matrix(_ value: Any?) -> [[Double]] { (value as? [Any] ?? []).map(doubles) }
    /// Every number in a nested list, depth-first (e.g. Adam's m: coefficient matrices, then intercepts).
    static func flattened(_ value: Any?) -> [Double] {
        if let list = value as? [Any] { return list.flatMap { flattened($0) } }
        return [double(value)]
    }

    static func ints(_ value: Any?) -> [Int] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }
}

/// `|a − b| ≤ max(relative·|b|, absolute)`, with NaN equal to NaN.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 1e-15) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    return (a - b).magnitude <= max(relative * b.magnitude, absolute)
}

/// Expects element-wise closeness and reports the first offending index.
func expectClose(_ actual: [Double], _ expected: [Double], relative: Double = 1e-12, absolute: Double = 1e-15,
                 _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): length \(actual.count) vs \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() where !isClose(a, e, relative: relative, absolute: absolute) {
        Issue.record("\(what)[\(i)]: \(a) vs expected \(e)", sourceLocation: sourceLocation)
        return
    }
}

/// The package root, found from this file's path (Tests/ExpCoreTests/Support/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
/// ../shared/data next to the repository, present on developer machines and in CI.
let sharedDataDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
