import ExpTestSupport

extension DedicatedExecutor {
    /// The executor of the in-process live servers and of the tests that drive them: a thread
    /// of their own, not shared with the end-to-end suites of other targets (which use
    /// ``DedicatedExecutor/shared``), so that neither delays the other's awaits.
    static let liveServers = DedicatedExecutor(label: "exp.tests.live-server")
}
