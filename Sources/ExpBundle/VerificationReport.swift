import ExpDomain
/// The outcome of ``BundleVerifier``: every check with its verdict and a detail a user can act on.
///
/// ```swift
/// let report = BundleVerifier.verify(bundle, holdoutRows: rows)
/// guard report.isValid else { print(report); return }
/// ```
public struct VerificationReport: Sendable, Equatable, CustomStringConvertible {
    /// One verification step.
    public struct Check: Sendable, Equatable {
        /// A short, stable name (`checksums`, `schema`, `cold reload`, `holdout re-score`, …).
        public var name: String
        public var passed: Bool
        /// What was checked, or what is wrong.
        public var detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    /// The checks in the order they ran.
    public var checks: [Check]

    public init(checks: [Check]) {
        self.checks = checks
    }

    /// Whether at least one check ran and every check passed.
    public var isValid: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }

    /// The checks that failed.
    public var failures: [Check] { checks.filter { !$0.passed } }

    /// The check called `name`, if it ran.
    public func check(_ name: String) -> Check? { checks.first { $0.name == name } }

    /// One line per check: `PASS name: detail` or `FAIL name: detail`.
    public var description: String {
        checks.map { "\($0.passed ? "PASS" : "FAIL") \($0.name): \($0.detail)" }.joined(separator: "\n")
    }
}
