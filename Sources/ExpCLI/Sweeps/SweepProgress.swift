import ExpDomain
import ExpCore
import ExpRunner
import Foundation

/// Progress of a running sweep on stderr: a redrawn bar on a terminal (trials done/total, ETA,
/// best so far), one line per finished trial otherwise.
final class SweepProgress: @unchecked Sendable {
    // Mutable state guarded by `lock`.
    private let lock = NSLock()
    private var done: Int
    private var finishedHere = 0
    private var best: (value: Double, number: Int)?
    private let total: Int
    private let metric: BinaryMetric
    private let interactive: Bool
    private let start = ContinuousClock.now

    init(total: Int, alreadyDone: Int, metric: BinaryMetric, interactive: Bool) {
        self.total = total
        self.done = alreadyDone
        self.metric = metric
        self.interactive = interactive
    }

    func record(_ event: SweepExecutor.Event) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started:
            if interactive { draw() }
        case let .finished(number, _, evaluation):
            done += 1
            finishedHere += 1
            let summary = evaluation.summary.first { $0.name == metric.name }
            if let value = summary?.mean, !value.isNaN {
                if best.map({ metric.direction.isBetter(value, than: $0.value) }) ?? true { best = (value, number) }
            }
            if interactive {
                draw()
            } else {
                Console.note("trial #\(number) done (\(done)/\(total)): \(metric.name) \(formatMetric(summary?.mean)) ± \(formatMetric(summary?.std)) in \(String(format: "%.1f", evaluation.durationSeconds)) s")
            }
        case let .failed(number, _, message):
            done += 1
            Console.note("\(interactive ? "\r\u{1B}[K" : "")trial #\(number) failed: \(message)")
        case let .lost(number, worker):
            Console.note("\(interactive ? "\r\u{1B}[K" : "")trial #\(number): \(worker) lost its claim; another worker re-ran it")
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if interactive { Console.status("\r\u{1B}[K") }
    }

    /// Caller holds the lock.
    private func draw() {
        let width = 24
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var eta = ""
        if finishedHere > 0 && done < total {
            eta = "  ETA \(formatDuration(seconds / Double(finishedHere) * Double(total - done)))"
        }
        let bestText = best.map { "  best \(metric.name) \(formatMetric($0.value)) (#\($0.number))" } ?? ""
        Console.status("\r\u{1B}[K[\(bar)] \(done)/\(total) trials\(eta)\(bestText)")
    }
}
