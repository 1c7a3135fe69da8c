import ExpTestSupport
import Foundation
import Testing

/// Issue 17, classes 1 and 3: every size, count and duration a user can give has a limit that is
/// an error before any work starts (never a fatal error, a signal or an exhausted machine), and
/// every unknown name in an option is an error listing the valid ones.
extension HostileCase {
    private static let head = "name: t\ndata:\n  path: builtin:bankruptcy?rows=300\n"

    private static func sweep(_ name: String, _ options: [String], _ stderr: [String]) -> HostileCase {
        HostileCase(group: "limits", name: name, arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"] + options,
                    status: 64, stderr: stderr) { try $0.write("spec.yaml", head) }
    }

    private static func spec(_ name: String, _ yaml: String, _ stderr: [String], addressSpaceKiB: Int? = nil) -> HostileCase {
        HostileCase(group: "limits", name: name, arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"], stderr: stderr,
                    addressSpaceKiB: addressSpaceKiB) { try $0.write("spec.yaml", head + yaml) }
    }

    private static func runs(_ name: String, _ options: [String], status: Int32 = 64, _ stderr: [String],
                             stdout: [String] = []) -> HostileCase {
        HostileCase(group: "limits", name: name, arguments: ["runs", "list", "--store", "s.sqlite"] + options,
                    status: status, stderr: stderr, stdout: stdout) { try await $0.store() }
    }

    static let limits: [HostileCase] = [
        // Durations: converting these to a Duration was a fatal error.
        sweep("--lease inf", ["--lease", "inf"], ["Error: --lease must lie in 0.05...86400 seconds (one day), got inf"]),
        sweep("--lease 1e300", ["--lease", "1e300"], ["Error: --lease must lie in 0.05...86400 seconds (one day), got 1e+300"]),
        sweep("--lease nan", ["--lease", "nan"], ["Error: --lease must lie in 0.05...86400 seconds (one day), got nan"]),
        sweep("--lease -1", ["--lease", "-1"], ["Error: --lease must lie in 0.05...86400 seconds (one day), got -1.0"]),
        sweep("--lease 0.001", ["--lease", "0.001"], ["Error: --lease must lie in 0.05...86400 seconds"]),
        // Worker counts: each worker is a thread.
        sweep("--workers 0", ["--workers", "0"], ["Error: --workers must lie in 1...1024, got 0"]),
        sweep("--workers -1 (not a missing value)", ["--workers", "-1"], ["Error: --workers must lie in 1...1024, got -1"]),
        sweep("--workers 100000", ["--workers", "100000"], ["Error: --workers must lie in 1...1024, got 100000"]),
        // Spec values: the memory a trial needs is estimated before the store is created.
        spec("hidden_layers [100000000]", "model:\n  hidden_layers: [100000000]\n",
             ["spec.yaml:5:3: model.hidden_layers: a trial with hidden_layers [100000000] needs an estimated 1387.3 GiB of memory",
              "Use smaller layers or less data"]),
        spec("hidden_layers of Int.max units (no overflow)", "model:\n  hidden_layers: [9223372036854775807, 9223372036854775807]\n",
             ["spec.yaml:5:3: model.hidden_layers: a trial with hidden_layers", "needs an estimated over 1000000 GiB of memory"]),
        spec("a searched 18 GiB network under ulimit -v 4000000",
             "search:\n  parameters:\n    hidden_layers: [[10], [20000, 20000]]\n",
             ["spec.yaml:6:27: search.parameters.hidden_layers[1]: a trial with hidden_layers [20000, 20000] needs an estimated 18.3 GiB",
              "half the address-space limit (ulimit -v 4000000) is 1.9 GiB"], addressSpaceKiB: 4_000_000),
        spec("max_iter 10⁸", "model:\n  max_iter: 100000000\n",
             ["spec.yaml:5:13: model.max_iter: expected an integer in 1...100000, got 100000000"]),
        spec("batch_size beyond Int", "model:\n  batch_size: 99999999999999999999\n",
             ["spec.yaml:5:15: model.batch_size: expected an integer in 1...10000000 or 'auto'"]),
        spec("k_neighbors in a random range up to Int.max",
             "search:\n  method: random\n  trials: 2\n  parameters:\n    k_neighbors: {min: 1, max: 9223372036854775807}\n",
             ["search.parameters.k_neighbors.max: expected an integer in 1...100000"]),
        spec("101 hidden layers", "model:\n  hidden_layers: [" + Array(repeating: "1", count: 101).joined(separator: ",") + "]\n",
             ["model.hidden_layers: expected a list of at most 100 positive integers"]),
        spec("cv.folds Int.max", "cv:\n  folds: 9223372036854775807\n",
             ["spec.yaml:5:10: cv.folds: the data cannot support this protocol", "folds need at least"]),
        HostileCase(group: "limits", name: "builtin rows=10¹¹", arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"],
                    stderr: ["spec.yaml:3:9: data.path: invalid option 'rows=99999999999': expected an integer in 10...1000000"]) {
            try $0.write("spec.yaml", "name: t\ndata:\n  path: builtin:bankruptcy?rows=99999999999\n")
        },
        HostileCase(group: "limits", name: "data check builtin rows=5000000",
                    arguments: ["data", "check", "builtin:bankruptcy?rows=5000000"], status: 64,
                    stderr: ["invalid option 'rows=5000000': expected an integer in 10...1000000"]) { _ in },
        HostileCase(group: "limits", name: "data synth --rows 2000000", arguments: ["data", "synth", "--out", "x.csv", "--rows", "2000000"],
                    status: 64, stderr: ["Error: --rows must lie in 10...1000000, got 2000000"]) { _ in },
        HostileCase(group: "limits", name: "data synth --rows -5", arguments: ["data", "synth", "--out", "x.csv", "--rows", "-5"],
                    status: 64, stderr: ["Error: --rows must lie in 10...1000000, got -5"]) { _ in },
        HostileCase(group: "limits", name: "data synth --seed -1 (not a missing value)",
                    arguments: ["data", "synth", "--out", "x.csv", "--seed", "-1"], status: 64,
                    stderr: ["Error: The value '-1' is invalid for '--seed <seed>'"]) { _ in },
        // Listing.
        runs("runs list --limit -1", ["--limit", "-1"], ["Error: --limit must be at least 1, got -1"]),
        runs("runs list --limit Int.max lists everything", ["--limit", "9223372036854775807"], status: 0, [], stdout: ["done"]),
        // Class 3: unknown names are errors listing the valid ones.
        runs("runs list --sort auc", ["--sort", "auc"],
             ["Error: unknown metric 'auc' in --sort; the metrics are roc_auc, average_precision, log_loss"]),
        runs("runs list --metrics roc_auc,auc", ["--metrics", "roc_auc,auc"], ["Error: unknown metric 'auc' in --metrics", "(or 'all')"]),
        runs("runs list --state finished", ["--state", "finished"],
             ["Error: unknown --state 'finished'; the states are pending, running, done and failed"]),
        HostileCase(group: "limits", name: "promote --best --metric auc",
                    arguments: ["promote", "--best", "--metric", "auc", "--name", "m", "--store", "s.sqlite"], status: 64,
                    stderr: ["Error: unknown metric 'auc' in --metric; the metrics are roc_auc"]) { try await $0.store() },
        HostileCase(group: "limits", name: "serve with EXP_SERVE_TOKEN empty",
                    arguments: ["serve", "bk.tar.gz", "--port", "0"],
                    stderr: ["error: EXP_SERVE_TOKEN is set but empty; set it to a token, or unset it to serve without authentication"],
                    environment: ["EXP_SERVE_TOKEN": ""]) { try await $0.bundle() },
        HostileCase(group: "limits", name: "serve --port -1", arguments: ["serve", "bk.tar.gz", "--port", "-1"], status: 64,
                    stderr: ["Error: --port must lie in 0...65535"]) { try await $0.bundle() },
        HostileCase(group: "limits", name: "serve --max-body-bytes 2⁶²", arguments: ["serve", "bk.tar.gz", "--max-body-bytes", "4611686018427387904"],
                    status: 64, stderr: ["Error: --max-body-bytes must lie in 1024...1073741824 (1 GiB)"]) { try await $0.bundle() },
        HostileCase(group: "limits", name: "serve --max-batch 10⁹", arguments: ["serve", "bk.tar.gz", "--max-batch", "1000000000"],
                    status: 64, stderr: ["Error: --max-batch must lie in 1...1000000, got 1000000000"]) { try await $0.bundle() },
        HostileCase(group: "limits", name: "predict --threads 100000",
                    arguments: ["predict", "bk.tar.gz", "--input", "in.csv", "--threads", "100000"], status: 64,
                    stderr: ["Error: --threads must lie in 1...1024, got 100000"]) { files in
            try await files.bundle()
            try await files.synthetic("in.csv")
        },
    ]
}

@Suite("Reliability: limits (issue 17, class 6)")
struct WorkerCapTests {
    /// `--workers 1024` on a sweep with nothing left to run starts one worker, not 1024 threads.
    @Test func manyWorkersOnAFinishedSweepStartOne() async throws {
        try await Reliability.holding(HostileInputTests.limiter) {
            let directory = try TemporaryDirectory.make(prefix: "exp-workers")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await HostileCase.Files(directory: directory).store()
            let start = ContinuousClock.now
            let run = try await ExpBinary.run(["sweep", "--resume", "1", "--workers", "1024", "--store", "s.sqlite"],
                                              in: directory, timeout: .seconds(60))
            let elapsed = ContinuousClock.now - start
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("; 1 worker;"), "\(run.stderr)")
            #expect(run.stdout.contains("2 of 2 trials done"), "\(run.stdout)")
            #expect(elapsed < .seconds(30), "\(elapsed)")
        }
    }
}
