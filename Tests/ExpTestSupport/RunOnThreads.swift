import Foundation

/// Runs `body(i)` for `i` in `0..<count` on `count` new threads and waits for all of them.
///
/// The threads are the process's own, never the cooperative pool's, so blocking work (SQLite
/// busy waits, `waitpid`) on them cannot starve the async tests that run meanwhile. The caller
/// blocks until they are done: call it from a synchronous test.
///
/// ```swift
/// let errors = Locked<[String]>([])
/// runOnThreads(8) { index in
///     do { try claim(index) } catch { errors.withValue { $0.append("\(error)") } }
/// }
/// ```
public func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchGroup()
    for index in 0..<count {
        finished.enter()
        Thread.detachNewThread {
            body(index)
            finished.leave()
        }
    }
    finished.wait()
}
