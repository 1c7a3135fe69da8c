import ExpDomain
import ExpCore
import ExpTestSupport
import Foundation
import Testing

/// Hostile and bad input, table-driven: data files, specs, stores, bundles and prediction inputs
/// given to the built `exp`. Each case states its exit status and the error text it must print;
/// none may crash, hang (60 s) or change any file that was there before.
@Suite("Reliability: hostile input")
struct HostileInputTests {
    /// Two cases at a time: each runs `exp` once.
    static let limiter = Reliability.Limiter(2)

    @Test("hostile input", arguments: HostileCase.all)
    func hostile(_ c: HostileCase) async throws {
        try await Reliability.holding(Self.limiter) { try await check(c) }
    }

    func check(_ c: HostileCase) async throws {
        let directory = try TemporaryDirectory.make(prefix: "exp-hostile")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            try? FileManager.default.removeItem(at: directory)
        }
        try await c.setup(HostileCase.Files(directory: directory))
        if c.readOnlyDirectory {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        }
        let before = try Reliability.snapshot(directory)

        let child: Child
        if c.unprivileged {
            child = try Reliability.unprivilegedExp(c.arguments, in: directory, timeout: .seconds(60))
        } else if let kib = c.addressSpaceKiB {
            // The memory cases run under `ulimit -v`: a limit that fails to hold fails the case
            // (an allocation error), never the machine.
            child = try Child("/bin/sh", ["-c", "ulimit -v \(kib) && exec \"$0\" \"$@\"", ExpBinary.url.path] + c.arguments,
                              in: directory, environment: c.environment, timeout: .seconds(60))
        } else {
            child = try ExpBinary.start(c.arguments, in: directory, environment: c.environment, timeout: .seconds(60))
        }
        let run = try await child.finish()

        #expect(!run.signaled, "exp crashed with signal \(run.status); stderr: \(run.stderr)")
        #expect(run.status == c.status, "exit status \(run.status), expected \(c.status); stderr: \(run.stderr)")
        for fragment in c.stderr {
            #expect(run.stderr.contains(fragment), "stderr lacks \"\(fragment)\": \(run.stderr)")
        }
        for fragment in c.stdout {
            #expect(run.stdout.contains(fragment), "stdout lacks \"\(fragment)\": \(run.stdout.prefix(2000))")
        }
        if c.status != 0 {
            #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"), "\(run.stderr)")
            // "Error: " is ArgumentParser's prefix for an option refused by `validate()` (exit 64).
            let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") || $0.hasPrefix("Error: ") }
            #expect(errors.count == 1, "not one clear error line: \(run.stderr)")
        }
        // A hang is caught by the 60 s timeout above (the process is killed and the case fails);
        // no tighter time bound: on a loaded CI machine process start-up alone can take seconds.

        // Nothing that was there changed, and nothing new appeared (an empty write-ahead log and
        // shared-memory index, which SQLite creates when it opens a store to read it, excepted).
        let after = try Reliability.snapshot(directory)
        let changed = Reliability.changes(before, after).filter { path in
            guard before[path] == nil, let data = after[path] else { return true }
            return !(path.hasSuffix("-shm") || (path.hasSuffix("-wal") && data.isEmpty))
        }
        #expect(changed.isEmpty, "files changed or created: \(changed)")
    }

    @Test("the table has at least 40 cases, in every group, with unique names")
    func coverage() {
        let groups = Dictionary(grouping: HostileCase.all, by: \.group).mapValues(\.count)
        #expect(HostileCase.all.count >= 40, "\(HostileCase.all.count) cases")
        #expect(Set(groups.keys) == ["data", "spec", "store", "bundle", "predict", "limits", "output", "resume"], "\(groups)")
        #expect(Set(HostileCase.all.map(\.name)).count == HostileCase.all.count)
        print("hostile input: \(HostileCase.all.count) cases (\(groups.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
    }
}

/// One hostile-input case: the files to create, the command, and what it must answer.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var group: String
    var name: String
    /// The command, run in the case's directory (paths are relative to it).
    var arguments: [String]
    var status: Int32 = 1
    /// Fragments the standard error must contain.
    var stderr: [String] = []
    /// Fragments the standard output must contain.
    var stdout: [String] = []
    /// Run as a user who cannot write the case's files (see ``Reliability/runUnprivileged(_:in:)``).
    var unprivileged = false
    /// Make the case's directory read-only before the run.
    var readOnlyDirectory = false
    /// Extra environment variables of the run.
    var environment: [String: String] = [:]
    /// Run under `ulimit -v` this many KiB.
    var addressSpaceKiB: Int? = nil
    var setup: @Sendable (Files) async throws -> Void

    var testDescription: String { "\(group): \(name)" }

    /// Writing a case's inputs.
    struct Files {
        let directory: URL

        func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: url(name)) }

        func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }

        func chmod(_ name: String, _ mode: Int) throws {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url(name).path)
        }

        /// The shared store (a finished two-trial sweep with model `bk` version 1), as `name`.
        func store(_ name: String = "s.sqlite") async throws {
            try write(name, try await HostileFixture.shared().store)
        }

        /// The promoted bundle `bk-v1.tar.gz`, as `name`.
        func bundle(_ name: String = "bk.tar.gz") async throws { try write(name, try await HostileFixture.shared().bundle) }

        /// A bundle rebuilt from the shared one's members after `edit`; `fixChecksums` recomputes
        /// manifest.json's checksums of the edited members (a tamperer who knows the format).
        func bundle(_ name: String, fixChecksums: Bool = false, _ edit: (inout [CraftedTar.Entry]) throws -> Void) async throws {
            var entries = try await HostileFixture.shared().entries
            let original = Dictionary(entries.map { ($0.name, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            try edit(&entries)
            if fixChecksums, let m = entries.firstIndex(where: { $0.name == "manifest.json" }) {
                var manifest = try #require(try JSONSerialization.jsonObject(with: Data(entries[m].bytes)) as? [String: Any])
                var checksums = try #require(manifest["checksums"] as? [String: String])
                for entry in entries where entry.name != "manifest.json" && original[entry.name] != entry.bytes {
                    checksums[entry.name] = SHA256.hex(entry.bytes)
                }
                manifest["checksums"] = checksums
                entries[m].bytes = Array(try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys])) + [10]
            }
            try write(name, try await HostileFixture.gzip(CraftedTar.archive(entries), in: directory))
        }

        /// `rows` rows of the built-in data as CSV (label `Bankrupt?`), as `name`.
        func synthetic(_ name: String, rows: Int = 10) async throws {
            let run = try await ExpBinary.run(["data", "synth", "--out", url(name).path, "--rows", String(rows)])
            try #require(run.status == 0, "\(run.stderr)")
        }
    }
}

/// What the store, bundle and member cases start from: one real sweep and promotion.
enum HostileFixture {
    struct Shared: Sendable {
        var store: [UInt8]
        var bundle: [UInt8]
        var entries: [CraftedTar.Entry]
    }

    /// Built once, by the first case that needs it.
    private static let building = Task<Shared, any Error> {
        let directory = try TemporaryDirectory.make(prefix: "exp-hostile-fixture")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try SweepFixtures.write(PromoteCommandTests.spec, named: "spec.yaml", in: directory)
        let store = directory.appendingPathComponent("s.sqlite").path
        let sweep = try await ExpBinary.run(["sweep", spec, "--store", store, "--workers", "1"])
        try #require(sweep.status == 0, "fixture sweep: \(sweep.stderr)")
        let artifacts = directory.appendingPathComponent("artifacts").path
        let promote = try await ExpBinary.run(["promote", "--best", "--name", "bk", "--artifacts", artifacts, "--store", store])
        try #require(promote.status == 0, "fixture promotion: \(promote.stderr)")
        let bundle = try [UInt8](Data(contentsOf: URL(fileURLWithPath: artifacts + "/bk-v1.tar.gz")))
        let storeBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: store)))
        let tar = try await gunzip(bundle, in: directory)
        return Shared(store: storeBytes, bundle: bundle, entries: CraftedTar.entries(of: tar))
    }

    static func shared() async throws -> Shared { try await building.value }

    static func gzip(_ bytes: [UInt8], in directory: URL) async throws -> [UInt8] {
        let scratch = directory.appendingPathComponent(".gzip-\(UUID().uuidString)")
        try Data(bytes).write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try await Reliability.shell("gzip -n -c '\(scratch.path)' > '\(scratch.path).gz'", in: directory)
        defer { try? FileManager.default.removeItem(atPath: scratch.path + ".gz") }
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.path + ".gz")))
    }

    static func gunzip(_ bytes: [UInt8], in directory: URL) async throws -> [UInt8] {
        let scratch = directory.appendingPathComponent(".gunzip-\(UUID().uuidString).gz")
        try Data(bytes).write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.path + ".tar"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await Reliability.shell("gzip -d -c '\(scratch.path)' > '\(out)'", in: directory)
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
    }
}

extension HostileCase {
    static let all: [HostileCase] = data + spec + store + bundle + predict + limits + output + resume

    // MARK: Data files (exp data check)

    private static let arffHeader = """
        @relation r
        @attribute a numeric
        @attribute b numeric
        @attribute class {0,1}
        @data

        """

    private static func csv(_ name: String, _ text: String, status: Int32 = 1, _ stderr: [String], stdout: [String] = [],
                            label: String = "y") -> HostileCase {
        let file = name.replacingOccurrences(of: " ", with: "-") + ".csv"
        return HostileCase(group: "data", name: "CSV: " + name, arguments: ["data", "check", file, "--label", label],
                           status: status, stderr: stderr, stdout: stdout) { try $0.write(file, text) }
    }

    private static func csvBytes(_ name: String, _ bytes: [UInt8], _ stderr: [String]) -> HostileCase {
        let file = name.replacingOccurrences(of: " ", with: "-") + ".csv"
        return HostileCase(group: "data", name: "CSV: " + name, arguments: ["data", "check", file, "--label", "y"],
                           stderr: stderr) { try $0.write(file, bytes) }
    }

    private static func arff(_ name: String, _ text: String, status: Int32 = 1, _ stderr: [String],
                             stdout: [String] = []) -> HostileCase {
        let file = name.replacingOccurrences(of: " ", with: "-") + ".arff"
        return HostileCase(group: "data", name: "ARFF: " + name, arguments: ["data", "check", file],
                           status: status, stderr: stderr, stdout: stdout) { try $0.write(file, text) }
    }

    static let data: [HostileCase] = [
        csv("empty file", "", ["empty-file.csv: the file is empty (no header row)"]),
        csv("blank lines only", "\n\r\n\n", ["blank-lines-only.csv: the file is empty (no header row)"]),
        csv("header only", "a,b,y\n", ["header-only.csv:1: the file has a header row but no data rows"]),
        csv("byte-order mark", "\u{FEFF}a,b,y\n1,2,0\n3,4,1\n", status: 0, [], stdout: ["rows            2", "2 numeric features"]),
        csv("CRLF line ends", "a,b,y\r\n1,2,0\r\n3,4,1\r\n5,6,0\r\n", status: 0, [], stdout: ["rows            3"]),
        csv("quoted fields", "\"a\",\"b, \"\"quoted\"\"\nname\",y\n\"1.5\",2,0\n3,\"4\",1\n", status: 0, [],
            stdout: ["rows            2"]),
        csv("unclosed quote", "a,b,y\n1,\"2,0\n3,4,1\n", ["unclosed-quote.csv:2: column 2: quoted field is never closed"]),
        csv("text after a closing quote", "a,b,y\n1,\"2\"x,0\n",
            ["text-after-a-closing-quote.csv:2: column 2: unexpected text after the closing quote of a quoted field"]),
        csv("ragged row, short", "a,b,y\n1,2,0\n3,4\n",
            ["ragged-row,-short.csv:3: column 3: expected 3 fields as in the header, found 2 (column 3 'y' and later are missing)"]),
        csv("ragged row, long", "a,b,y\n1,2,0,9\n3,4,1\n",
            ["ragged-row,-long.csv:2: column 4: expected 3 fields as in the header, found 4 (field 4 has no column in the header)"]),
        csv("NaN, NA and ? cells", "a,b,y\nNaN,2,0\n3,NA,1\n?,4,0\n", status: 0, [], stdout: ["missing cells   3 in 3 rows"]),
        csv("Inf", "a,b,y\n1,inf,0\n3,4,1\n",
            ["Inf.csv:2: column 2 'b': infinite value \"inf\"; features must be finite numbers or missing"]),
        csv("negative infinity", "a,b,y\n1,2,0\n-Infinity,4,1\n", ["negative-infinity.csv:3: column 1 'a': infinite value \"-Infinity\""]),
        csv("huge finite values", "a,b,y\n1.7976931348623157e308,-1e308,0\n4.9e-324,1e300,1\n", status: 0, [],
            stdout: ["rows            2"]),
        csv("a value beyond Double", "a,b,y\n1,1e400,0\n3,4,1\n", ["a-value-beyond-Double.csv:2: column 2 'b': infinite value \"1e400\""]),
        csv("a label with 1 class", "a,b,y\n1,2,0\n3,4,0\n",
            ["a-label-with-1-class.csv: column 'y': the label column holds a single class ('0'); a binary label needs two"]),
        csv("a label with 3 classes", "a,b,y\n1,2,0\n3,4,1\n5,6,2\n",
            ["a-label-with-3-classes.csv: column 'y': the label column holds 3 classes ('0', '1', '2'); a binary label needs exactly two"]),
        csv("a missing label", "a,b,y\n1,2,0\n3,4,\n", ["a-missing-label.csv:3: column 3 'y': missing label value"]),
        csv("duplicate header", "a,a,y\n1,2,0\n3,4,1\n", ["duplicate-header.csv:1: column 2 'a': duplicate column name (also column 1)"]),
        csv("empty header name", "a,,y\n1,2,0\n3,4,1\n", ["empty-header-name.csv:1: column 2: empty column name in the header"]),
        csvBytes("non-UTF-8 byte", Array("a,b,y\n1,".utf8) + [0xFF] + Array(",0\n3,4,1\n".utf8),
                 ["non-UTF-8-byte.csv:2: invalid UTF-8 byte 0xFF"]),
        csvBytes("truncated UTF-8 sequence at the end", Array("a,b,y\n1,2,0\n3,4,1".utf8) + [0xE2, 0x82],
                 ["truncated-UTF-8-sequence-at-the-end.csv:3: invalid UTF-8 byte 0xE2"]),
        csvBytes("NUL byte in a cell", Array("a,b,y\n1,2".utf8) + [0] + Array(",0\n3,4,1\n".utf8),
                 ["NUL-byte-in-a-cell.csv:2: column 2 'b': non-numeric value"]),
        csv("non-numeric cell", "a,b,y\n1,abc,0\n3,4,1\n", ["non-numeric-cell.csv:2: column 2 'b': non-numeric value \"abc\""]),
        csv("no such label column", "a,b,y\n1,2,0\n", ["no-such-label-column.csv:1: column 'z': no such label column (columns: 'a', 'b', 'y')"],
            label: "z"),
        csv("only the label column", "y\n0\n1\n", ["only-the-label-column.csv:1: column 'y': the data has no feature columns besides the label"]),
        HostileCase(group: "data", name: "a directory named like a CSV file", arguments: ["data", "check", "dir.csv", "--label", "y"],
                    stderr: ["dir.csv: is a directory, not a data file"]) {
            try FileManager.default.createDirectory(at: $0.url("dir.csv"), withIntermediateDirectories: false)
        },
        HostileCase(group: "data", name: "a FIFO named like a CSV file (nothing ever writes to it)",
                    arguments: ["data", "check", "fifo.csv", "--label", "y"],
                    stderr: ["fifo.csv: is not a regular file (a FIFO, device or socket), not a data file"]) {
            #expect(mkfifo($0.url("fifo.csv").path, 0o644) == 0)
        },
        HostileCase(group: "data", name: "a link to /dev/zero named like a CSV file",
                    arguments: ["data", "check", "zero.csv", "--label", "y"],
                    stderr: ["zero.csv: is not a regular file (a FIFO, device or socket), not a data file"]) {
            try FileManager.default.createSymbolicLink(atPath: $0.url("zero.csv").path, withDestinationPath: "/dev/zero")
        },
        HostileCase(group: "data", name: "a data file that does not exist", arguments: ["data", "check", "nope.csv", "--label", "y"],
                    stderr: ["nope.csv: no such file"]) { _ in },

        arff("empty file", "", ["empty-file.arff: the file is empty"]),
        arff("header only", arffHeader, ["header-only.arff:5: the @data section has no rows"]),
        arff("no @data section", "@relation r\n@attribute a numeric\n@attribute class {0,1}\n", ["no-@data-section.arff:3: no @data section"]),
        arff("byte-order mark and CRLF", "\u{FEFF}" + (arffHeader + "1,2,0\n3,4,1\n").replacingOccurrences(of: "\n", with: "\r\n"),
             status: 0, [], stdout: ["rows            2"]),
        arff("quoted names and values",
             "@relation r\n@attribute 'a b' numeric\n@attribute b numeric\n@attribute class {'no way',yes}\n@data\n1,2,'no way'\n3,4,yes\n",
             status: 0, [], stdout: ["positive class 'yes'"]),
        arff("ragged row", arffHeader + "1,2\n3,4,1\n",
             ["ragged-row.arff:6: column 3: expected 3 fields as in the header, found 2 (column 3 'class' and later are missing)"]),
        arff("? cells", arffHeader + "1,?,0\n?,4,1\n", status: 0, [], stdout: ["missing cells   2 in 2 rows"]),
        arff("negative infinity", arffHeader + "1,-Infinity,0\n3,4,1\n", ["negative-infinity.arff:6: column 2 'b': infinite value \"-Infinity\""]),
        arff("huge finite values", arffHeader + "1e308,-1.7e308,0\n3,4,1\n", status: 0, [], stdout: ["rows            2"]),
        arff("a label with 1 class", arffHeader + "1,2,0\n3,4,0\n",
             ["a-label-with-1-class.arff: column 'class': the label column holds a single class ('0'); a binary label needs two"]),
        arff("a label with 3 classes", "@relation r\n@attribute a numeric\n@attribute class {x,y,z}\n@data\n1,x\n2,y\n3,z\n",
             ["a-label-with-3-classes.arff: column 'class': the label column holds 3 classes ('x', 'y', 'z')"]),
        arff("an undeclared label value", arffHeader + "1,2,5\n",
             ["an-undeclared-label-value.arff:6: column 3 'class': label value \"5\" is not declared in {0,1}"]),
        arff("duplicate attribute", "@relation r\n@attribute a numeric\n@attribute a numeric\n@attribute class {0,1}\n@data\n1,2,0\n",
             ["duplicate-attribute.arff:3: column 2 'a': duplicate attribute name (also attribute 1)"]),
        HostileCase(group: "data", name: "ARFF: non-UTF-8 bytes", arguments: ["data", "check", "bad.arff"],
                    stderr: ["bad.arff:7: invalid UTF-8 byte sequence"]) {
            try $0.write("bad.arff", Array((arffHeader + "1,2,0\n3,").utf8) + [0xC3, 0x28] + Array(",1\n".utf8))
        },
        arff("sparse rows", arffHeader + "{0 1, 2 1}\n", ["sparse-rows.arff:6: sparse ARFF rows are not supported"]),
        arff("a string attribute", "@relation r\n@attribute a string\n@attribute class {0,1}\n@data\nx,0\ny,1\n",
             ["a-string-attribute.arff:2: column 1 'a': attribute type 'string' is not numeric; all features must be numeric"]),
        arff("an unclosed nominal list", "@relation r\n@attribute a numeric\n@attribute class {0,1\n@data\n1,0\n",
             ["an-unclosed-nominal-list.arff:3: column 'class': nominal value list is not closed with '}'"]),
    ]

    // MARK: Specs (exp sweep): an error naming the key and line, and no store created

    private static let specHead = "name: t\ndata:\n  path: builtin:bankruptcy?rows=300\n"

    private static func spec(_ name: String, _ yaml: String, _ stderr: [String]) -> HostileCase {
        HostileCase(group: "spec", name: name, arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"], stderr: stderr) {
            try $0.write("spec.yaml", yaml)
        }
    }

    /// Billion laughs: nine levels of ten aliases, 10⁹ elements, in under 300 bytes.
    private static let aliasBomb: String = {
        let names = Array("abcdefghi")
        var levels = ["&a [x,x,x,x,x,x,x,x,x,x]"]
        for i in 1..<names.count {
            levels.append("&\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 10).joined(separator: ",") + "]")
        }
        return "name: [" + levels.joined(separator: ", ") + "]\n"
    }()

    static let spec: [HostileCase] = [
        spec("an unknown key", specHead + "epochs: 5\n",
             ["spec.yaml:4:1: epochs: unknown key 'epochs'; valid keys here: name, data, seed, cv, metric, threshold, search, model"]),
        spec("a misspelt key", specHead + "model:\n  alpah: 0.1\n", ["spec.yaml:5:3: model.alpah: unknown key 'alpah'; did you mean 'alpha'?"]),
        spec("a wrong type (text for a number)", specHead + "model:\n  alpha: abc\n",
             ["spec.yaml:5:10: model.alpha: expected a number ≥ 0, got abc"]),
        spec("a wrong type (list for an integer)", specHead + "cv:\n  folds: [3]\n", ["spec.yaml:5:3: cv.folds: expected an integer ≥ 2, got [3]"]),
        spec("an empty grid", specHead + "search:\n  parameters:\n    hidden_layers: []\n",
             ["spec.yaml:6:5: search.parameters.hidden_layers: empty list; give at least one value to try"]),
        spec("no parameters to search", specHead + "search:\n  parameters: {}\n",
             ["spec.yaml:5:3: search.parameters: no parameters to search"]),
        spec("k_best above the feature count", specHead + "model:\n  k_best: 500\n",
             ["spec.yaml:5:11: model.k_best: k_best = 500 is above the number of features (95)"]),
        spec("k_best 0", specHead + "search:\n  parameters:\n    k_best: [10, 0]\n",
             ["spec.yaml:6:18: search.parameters.k_best[1]: expected an integer in 1...1000000 or 'all', got 0"]),
        spec("a negative alpha", specHead + "model:\n  alpha: -0.1\n", ["spec.yaml:5:10: model.alpha: expected a number ≥ 0, got -0.1"]),
        spec("more folds than minority rows", specHead + "cv:\n  folds: 50\n",
             ["spec.yaml:5:10: cv.folds: the data cannot support this protocol", "50 folds but class 1 has only"]),
        spec("a data path that does not exist", "name: t\ndata:\n  path: nothere.csv\n  label: y\n", ["nothere.csv: no such file"]),
        spec("invalid YAML", specHead + "model: [1, 2\n", ["spec.yaml:5:1: invalid YAML: did not find expected ',' or ']'"]),
        spec("an empty spec", "", ["spec.yaml: the spec is empty; expected keys such as name, data, search and model"]),
        spec("a list instead of a mapping", "- a\n- b\n", ["spec.yaml:1:1: expected a mapping of keys (name, data, search, model, …), got a list"]),
        spec("a duplicated key", specHead + "name: u\n", ["spec.yaml:1:1: name: key 'name' appears more than once in the same mapping"]),
        spec("a holdout of 1.5", "name: t\ndata:\n  path: builtin:bankruptcy?rows=300\n  holdout: 1.5\n",
             ["spec.yaml:4:12: data.holdout: expected a number in [0, 1), got 1.5"]),
        spec("a YAML alias bomb (billion laughs)", aliasBomb, ["spec.yaml:1:1: name: expected a name, got [[x, x, x", "…]"]),
        spec("a list nested 100,000 deep", "name: " + String(repeating: "[", count: 100_000) + "\n",
             ["spec.yaml:1:", "invalid YAML: Maximum nesting level reached"]),
        spec("random search asking for 10⁸ trials", specHead + "search:\n  method: random\n  trials: 100000000\n  parameters:\n"
                + "    alpha: {min: 0.0001, max: 1, log: true}\n",
             ["spec.yaml:6:11: search.trials: 100000000 trials requested; at most 1000000 are allowed"]),
        spec("a 20,000-value list with a duplicate at the end", specHead + "search:\n  parameters:\n    alpha: ["
                + (1...20_000).map { String($0) }.joined(separator: ", ") + ", 1]\n",
             ["search.parameters.alpha[20000]: duplicate value", "(the same as alpha[0])"]),
        HostileCase(group: "spec", name: "a spec that is not UTF-8", arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"],
                    stderr: ["spec.yaml: the spec file is not valid UTF-8"]) {
            try $0.write("spec.yaml", Array(specHead.utf8) + [0xFF, 10])
        },
        HostileCase(group: "spec", name: "a FIFO as the spec", arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"],
                    stderr: ["spec.yaml: cannot read the spec file"]) {
            #expect(mkfifo($0.url("spec.yaml").path, 0o644) == 0)
        },
    ]

    // MARK: Stores

    private static let eightTrials = SweepFixtures.eightTrialSpec

    static let store: [HostileCase] = [
        HostileCase(group: "store", name: "a text file as the store (runs list)", arguments: ["runs", "list", "--store", "notes.txt"],
                    stderr: ["notes.txt is not an exp store: the file is not an SQLite database"]) {
            try $0.write("notes.txt", "my notes\n")
        },
        HostileCase(group: "store", name: "a text file as the store (promote)",
                    arguments: ["promote", "1", "--name", "m", "--store", "notes.txt"],
                    stderr: ["notes.txt is not an exp store: the file is not an SQLite database"]) {
            try $0.write("notes.txt", "my notes\n")
        },
        HostileCase(group: "store", name: "an SQLite database of another application",
                    arguments: ["models", "list", "--store", "other.sqlite"],
                    stderr: ["other.sqlite is not an exp store: it is an SQLite database with tables of another application"]) {
            try Reliability.execute($0.url("other.sqlite").path, "CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        },
        HostileCase(group: "store", name: "a read-only store: sweep is refused", arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"],
                    stderr: ["the store at s.sqlite is read-only", "this command needs to write to it"],
                    unprivileged: true, readOnlyDirectory: true) {
            try await $0.store()
            try $0.write("spec.yaml", eightTrials)
            try $0.chmod("s.sqlite", 0o444)
        },
        HostileCase(group: "store", name: "a read-only store: runs list still reads it", arguments: ["runs", "list", "--store", "s.sqlite"],
                    status: 0, stdout: ["done"], unprivileged: true, readOnlyDirectory: true) {
            try await $0.store()
            try $0.chmod("s.sqlite", 0o444)
        },
        HostileCase(group: "store", name: "a read-only store: promote is refused",
                    arguments: ["promote", "1", "--name", "other", "--artifacts", "/nonexistent-artifacts", "--store", "s.sqlite"],
                    stderr: ["the store at s.sqlite is read-only"], unprivileged: true, readOnlyDirectory: true) {
            try await $0.store()
            try $0.chmod("s.sqlite", 0o444)
        },
        HostileCase(group: "store", name: "a store from a newer schema (sweep)", arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"],
                    stderr: ["the store at s.sqlite has schema version 3, but this exp supports schema versions up to 2; upgrade exp to open it"]) {
            try await $0.store()
            try $0.write("spec.yaml", eightTrials)
            try Reliability.execute($0.url("s.sqlite").path,
                                    "INSERT INTO schema_migrations VALUES (3, 'future'); PRAGMA user_version = 3")
        },
        HostileCase(group: "store", name: "a store from a newer schema (runs list)", arguments: ["runs", "list", "--store", "s.sqlite"],
                    stderr: ["has schema version 7, but this exp supports schema versions up to 2"]) {
            try await $0.store()
            try Reliability.execute($0.url("s.sqlite").path, "PRAGMA user_version = 7")
        },
        HostileCase(group: "store", name: "a truncated store", arguments: ["sweep", "spec.yaml", "--store", "s.sqlite"],
                    stderr: ["the store at s.sqlite is damaged (SQLite: database disk image is malformed)"]) {
            try $0.write("s.sqlite", Array(try await HostileFixture.shared().store.prefix(8192)))
            try $0.write("spec.yaml", eightTrials)
        },
        HostileCase(group: "store", name: "an SQLite header followed by garbage", arguments: ["runs", "list", "--store", "s.sqlite"],
                    stderr: ["the store at s.sqlite is damaged"]) {
            var generator = SeededGenerator(seed: 9, stream: [1])
            try $0.write("s.sqlite", Array(try await HostileFixture.shared().store.prefix(100))
                + (0..<20_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        },
        HostileCase(group: "store", name: "a directory as the store", arguments: ["sweeps", "list", "--store", "dir.sqlite"],
                    stderr: ["cannot open the store at dir.sqlite: it is a directory"]) {
            try FileManager.default.createDirectory(at: $0.url("dir.sqlite"), withIntermediateDirectories: false)
        },
        HostileCase(group: "store", name: "an empty file as the store (runs list)", arguments: ["runs", "list", "--store", "empty.sqlite"],
                    stderr: ["empty.sqlite is not an exp store: it is empty"]) {
            try $0.write("empty.sqlite", [])
        },
    ]

    // MARK: Bundles (exp bundle verify, exp predict)

    private static func bundle(_ name: String, command: String = "verify", _ stderr: [String],
                               setup: @escaping @Sendable (Files) async throws -> Void) -> HostileCase {
        let arguments = command == "verify"
            ? ["bundle", "verify", "b.tar.gz"] : ["predict", "b.tar.gz", "--input", "in.csv"]
        return HostileCase(group: "bundle", name: "\(name) (\(command))", arguments: arguments, stderr: stderr) { files in
            try await setup(files)
            if command != "verify" { try await files.synthetic("in.csv") }
        }
    }

    private static func edited(_ edit: @escaping @Sendable (inout [CraftedTar.Entry]) throws -> Void, fixChecksums: Bool = false)
        -> @Sendable (Files) async throws -> Void
    {
        { try await $0.bundle("b.tar.gz", fixChecksums: fixChecksums, edit) }
    }

    private static func json(_ entry: CraftedTar.Entry) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(entry.bytes)) as? [String: Any])
    }

    /// model.json with one weight of layer 0 removed.
    private static let oneWeightFewer: @Sendable (inout [CraftedTar.Entry]) throws -> Void = { entries in
        let m = try #require(entries.firstIndex { $0.name == "model.json" })
        var model = try json(entries[m])
        var weights = try #require(model["weights"] as? [[Double]])
        weights[0].removeLast()
        model["weights"] = weights
        entries[m].bytes = Array(try JSONSerialization.data(withJSONObject: model, options: [.sortedKeys])) + [10]
    }

    static let bundle: [HostileCase] = [
        bundle("a truncated bundle", ["b.tar.gz: corrupt bundle: the gzip stream is truncated"]) {
            let bytes = try await HostileFixture.shared().bundle
            try $0.write("b.tar.gz", Array(bytes.prefix(bytes.count / 2)))
        },
        bundle("a truncated bundle", command: "predict", ["b.tar.gz: corrupt bundle: the gzip stream is truncated"]) {
            let bytes = try await HostileFixture.shared().bundle
            try $0.write("b.tar.gz", Array(bytes.prefix(bytes.count / 2)))
        },
        bundle("a bit-flipped bundle", ["b.tar.gz: corrupt bundle: not valid gzip data"]) {
            var bytes = try await HostileFixture.shared().bundle
            bytes[bytes.count / 2] ^= 0x10
            try $0.write("b.tar.gz", bytes)
        },
        bundle("a tampered member with a fixed-up checksum but a wrong weight count",
               ["b.tar.gz: invalid bundle member 'model.json': layer 0 has", "weights, expected"],
               setup: edited(oneWeightFewer, fixChecksums: true)),
        bundle("a tampered member with a fixed-up checksum but a wrong weight count", command: "predict",
               ["b.tar.gz: invalid bundle member 'model.json': layer 0 has"], setup: edited(oneWeightFewer, fixChecksums: true)),
        bundle("a tampered member", ["b.tar.gz: bundle member 'model.json' does not match its checksum in manifest.json"],
               setup: edited(oneWeightFewer)),
        bundle("a member path with '..'", ["unsafe member path '../evil' in bundle: the path contains '..'; refusing to read it"],
               setup: edited { $0.append(CraftedTar.Entry(name: "../evil", bytes: Array("x".utf8))) }),
        bundle("an absolute member path", ["unsafe member path '/tmp/evil' in bundle: the path is absolute"],
               setup: edited { $0.insert(CraftedTar.Entry(name: "/tmp/evil", bytes: Array("x".utf8)), at: 0) }),
        bundle("a symbolic-link member", ["bundle member 'scaler.json' is a symbolic link, not a regular file"],
               setup: edited { entries in
                   entries.removeAll { $0.name == "scaler.json" }
                   entries.append(CraftedTar.Entry(name: "scaler.json", bytes: [], type: "2", linkName: "/etc/passwd"))
               }),
        bundle("a hard-link member", ["bundle member 'imputer.json' is a hard link, not a regular file"],
               setup: edited { $0.append(CraftedTar.Entry(name: "imputer.json", bytes: [], type: "1", linkName: "model.json")) }),
        bundle("a gzip bomb", ["b.tar.gz: bundle exceeds a reader limit: the decompressed archive passes", "decompression stopped"]) {
            // 300 MB of zeros (about 290 KB compressed), more than the reader inflates.
            try await Reliability.shell("head -c 300000000 /dev/zero | gzip -1 -n -c > b.tar.gz", in: $0.directory)
        },
        bundle("an unknown member", ["bundle member 'notes.txt' is not part of the exp-bundle format"],
               setup: edited { $0.append(CraftedTar.Entry(name: "notes.txt", bytes: Array("hi".utf8))) }),
        bundle("a missing member", ["bundle member 'scaler.json' is missing"], setup: edited { $0.removeAll { $0.name == "scaler.json" } }),
        bundle("a duplicated member", ["b.tar.gz: bundle member 'holdout.csv' appears more than once in the archive"], setup: edited { entries in
            entries.append(try #require(entries.first { $0.name == "holdout.csv" }))
        }),
        bundle("a newer bundle format", ["manifest.json format_version is 2; this build of exp reads version 1 only"],
               setup: edited { entries in
                   let m = try #require(entries.firstIndex { $0.name == "manifest.json" })
                   var manifest = try json(entries[m])
                   manifest["format_version"] = 2
                   entries[m].bytes = Array(try JSONSerialization.data(withJSONObject: manifest))
               }),
        bundle("trailing bytes after the gzip stream", ["b.tar.gz: corrupt bundle: 7 trailing bytes after the gzip stream"]) {
            try $0.write("b.tar.gz", try await HostileFixture.shared().bundle + Array("garbage".utf8))
        },
        bundle("an empty file", ["b.tar.gz: corrupt bundle: the gzip stream is truncated (it ends after 0 bytes"]) {
            try $0.write("b.tar.gz", [])
        },
        bundle("a text file", ["b.tar.gz: corrupt bundle: not valid gzip data: incorrect header check"]) {
            try $0.write("b.tar.gz", "not a bundle\n")
        },
        bundle("a FIFO", ["b.tar.gz", "not a regular file"]) {
            #expect(mkfifo($0.url("b.tar.gz").path, 0o644) == 0)
        },
        HostileCase(group: "bundle", name: "another file under the new version's name (promote)",
                    arguments: ["promote", "1", "--name", "other", "--artifacts", "art", "--store", "s.sqlite"],
                    stderr: ["cannot write art/other-v1.tar.gz: a different file is already there, and it is not other:1 of the store s.sqlite",
                             "bundles are never overwritten"]) {
            try await $0.store()
            try FileManager.default.createDirectory(at: $0.url("art"), withIntermediateDirectories: false)
            try $0.write("art/other-v1.tar.gz", "someone else's file\n")
        },
    ]

    // MARK: Prediction input (exp predict)

    private static func predict(_ name: String, _ file: String, _ stderr: [String],
                                write: @escaping @Sendable (Files) async throws -> Void) -> HostileCase {
        HostileCase(group: "predict", name: name, arguments: ["predict", "bk.tar.gz", "--input", file], stderr: stderr) { files in
            try await files.bundle()
            try await write(files)
        }
    }

    static let predict: [HostileCase] = [
        predict("a CSV without the model's columns", "in.csv", ["in.csv: missing columns: 'ROA(C)", "(needed by the model)"]) { try $0.write("in.csv", "a,b\n1,2\n") },
        predict("an empty CSV", "in.csv", ["in.csv: the file is empty (no header row)"]) { try $0.write("in.csv", "") },
        predict("malformed JSON", "in.json", ["in.json:1:14: malformed JSON: unexpected end of input"]) { try $0.write("in.json", "{\"columns\": [") },
        predict("malformed JSON on a later line", "in.json", ["in.json:3:8: malformed JSON: expected ':' after the object key \"a\""]) {
            try $0.write("in.json", "[\n  {\"a\": 1},\n  {\"a\" 1}\n]")
        },
        predict("UTF-16 JSON", "in.json", ["in.json:1:1: malformed JSON: the text starts with a UTF-16 (or UTF-32) byte-order mark; JSON must be UTF-8"]) {
            try $0.write("in.json", [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00])
        },
        predict("JSON of the wrong shape", "in.json", ["in.json: the input must be a JSON object or an array of records"]) { try $0.write("in.json", "42") },
        predict("JSON with an unknown field", "in.json", [#"in.json: unknown field "instance""#]) { try $0.write("in.json", #"{"instance": [[1, 2]]}"#) },
        predict("a JSON record with a duplicated field", "in.json", ["in.json: [0] (row 1): duplicate column 'a'"]) {
            try $0.write("in.json", #"[{"a": 1, "a": 2}]"#)
        },
        predict("a non-numeric cell", "in.csv", ["in.csv:2: column 4", "non-numeric value \"abc\""]) { files in
            try await files.synthetic("good.csv")
            let text = try String(contentsOf: files.url("good.csv"), encoding: .utf8)
            var lines = text.split(separator: "\n").map(String.init)
            var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[3] = "abc"
            lines[1] = cells.joined(separator: ",")
            try files.write("in.csv", lines.joined(separator: "\n") + "\n")
        },
    ]

    // MARK: Output paths (class 2: an output never destroys what its path names)

    private static func output(_ name: String, _ arguments: [String], _ stderr: [String],
                               setup: @escaping @Sendable (Files) async throws -> Void) -> HostileCase {
        HostileCase(group: "output", name: name, arguments: arguments, stderr: stderr, setup: setup)
    }

    /// The bundle and a CSV of 10 rows, `in.csv`, for predict.
    private static let predictInputs: @Sendable (Files) async throws -> Void = { files in
        try await files.bundle()
        try await files.synthetic("in.csv")
    }

    static let output: [HostileCase] = [
        output("predict --output is its --input", ["predict", "bk.tar.gz", "--input", "in.csv", "--output", "in.csv"],
               ["error: cannot write in.csv: it is the input in.csv; refusing to overwrite an input"], setup: predictInputs),
        output("predict --output is a link to its --input", ["predict", "bk.tar.gz", "--input", "in.csv", "--output", "out.csv"],
               ["error: cannot write out.csv: it is the input in.csv"]) { files in
            try await predictInputs(files)
            try FileManager.default.createSymbolicLink(atPath: files.url("out.csv").path, withDestinationPath: "in.csv")
        },
        output("predict --output is the bundle", ["predict", "bk.tar.gz", "--input", "in.csv", "--output", "bk.tar.gz"],
               ["error: cannot write bk.tar.gz: it is the input bk.tar.gz"], setup: predictInputs),
        output("predict --output is a directory", ["predict", "bk.tar.gz", "--input", "in.csv", "--output", "d"],
               ["error: cannot write d: it is a directory"]) { files in
            try await predictInputs(files)
            try FileManager.default.createDirectory(at: files.url("d"), withIntermediateDirectories: false)
        },
        output("predict --input is a directory", ["predict", "bk.tar.gz", "--input", "d"], ["d: is a directory, not a data file"]) { files in
            try await files.bundle()
            try FileManager.default.createDirectory(at: files.url("d"), withIntermediateDirectories: false)
        },
        output("predict --output in a missing directory", ["predict", "bk.tar.gz", "--input", "in.csv", "--output", "nodir/out.csv"],
               ["error: cannot write nodir/out.csv: the directory nodir does not exist"], setup: predictInputs),
        output("data synth --out is a directory", ["data", "synth", "--out", "d", "--rows", "40"],
               ["error: cannot write d: it is a directory"]) { files in
            try FileManager.default.createDirectory(at: files.url("d"), withIntermediateDirectories: false)
        },
        output("data synth --out is a FIFO nobody reads", ["data", "synth", "--out", "pipe", "--rows", "40"],
               ["error: cannot write pipe: it is a FIFO and no process is reading it"]) { files in
            #expect(mkfifo(files.url("pipe").path, 0o644) == 0)
        },
        output("data synth --out is a dangling link", ["data", "synth", "--out", "link.csv", "--rows", "40"],
               ["error: cannot write link.csv: it is a symbolic link to a file that does not exist"]) { files in
            try FileManager.default.createSymbolicLink(atPath: files.url("link.csv").path, withDestinationPath: "missing/nothing.csv")
        },
        output("report --out is a file", ["report", "data", "builtin:bankruptcy?rows=200", "--out", "notes.txt"],
               ["error: cannot write the report into notes.txt: it is not a directory"]) { files in
            try files.write("notes.txt", "my notes\n")
        },
        output("report --out below a file", ["report", "data", "builtin:bankruptcy?rows=200", "--out", "notes.txt/reports"],
               ["error: cannot create the report directory notes.txt/reports: notes.txt is not a directory"]) { files in
            try files.write("notes.txt", "my notes\n")
        },
        output("promote --artifacts is a file", ["promote", "1", "--name", "other", "--artifacts", "art", "--store", "s.sqlite"],
               ["error: cannot write bundles into art: it is not a directory"]) { files in
            try await files.store()
            try files.write("art", "a file\n")
        },
    ]

    // MARK: Resume, promote and errors a user can act on (classes 4 and 5)

    static let resume: [HostileCase] = [
        arff("class attribute first", "@relation r\n@attribute outcome {yes,no}\n@attribute a numeric\n@attribute b numeric\n@data\nyes,1,2\nno,3,4\nno,5,6\nyes,7,8\n",
             status: 0, [], stdout: ["rows            4", "2 numeric features"]),
        arff("no nominal attribute at all", "@relation r\n@attribute a numeric\n@attribute b numeric\n@data\n1,2\n3,4\n",
             ["no class attribute: the label is the nominal attribute named 'class', or else the last or the first attribute when nominal; the file has no nominal attribute; name the label with --label"]),
        HostileCase(group: "resume", name: "a writable store in a read-only directory: a write is refused naming the directory",
                    arguments: ["sweep", "--resume", "1", "--store", "s.sqlite"],
                    stderr: ["the store at s.sqlite is read-only (its directory . is not writable, and SQLite needs to create its journal there)"],
                    unprivileged: true, readOnlyDirectory: true) {
            try await $0.store()
            try $0.chmod("s.sqlite", 0o666)
        },
        HostileCase(group: "resume", name: "a store in a missing directory",
                    arguments: ["sweep", "spec.yaml", "--store", "nodir/s.sqlite"],
                    stderr: ["error: cannot create the store at nodir/s.sqlite: the directory nodir does not exist"]) {
            try $0.write("spec.yaml", PromoteCommandTests.spec)
        },
        HostileCase(group: "resume", name: "a store that does not exist, read",
                    arguments: ["sweeps", "list", "--store", "nope.sqlite"],
                    stderr: ["no store at nope.sqlite"]) { _ in },
        HostileCase(group: "resume", name: "promote --best under a name whose file another store wrote",
                    arguments: ["promote", "--best", "--name", "other", "--artifacts", "art", "--store", "s.sqlite"],
                    stderr: ["cannot write art/other-v1.tar.gz: a different file is already there"]) {
            try await $0.store()
            try FileManager.default.createDirectory(at: $0.url("art"), withIntermediateDirectories: false)
            try $0.write("art/other-v1.tar.gz", "someone else's file\n")
        },
    ]
}
