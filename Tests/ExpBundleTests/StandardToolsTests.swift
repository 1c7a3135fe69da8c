import ExpCore
import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpBundle

/// Bundles are plain .tar.gz files: GNU tar and gzip read them, and we read what tar writes.
@Suite struct StandardToolsTests {
    /// Runs `tool` (from /bin or /usr/bin) with `arguments` to completion.
    func run(_ tool: String, _ arguments: [String]) async throws -> Child.Run {
        try await Child(try #require(Child.locate(tool), "no \(tool) in /bin or /usr/bin"), arguments).finish()
    }

    @Test func tarListsTheMembers() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle(imputer: true)
        let file = try BundleWriter.write(bundle, to: directory.appendingPathComponent(bundle.fileName).path)
        let list = try await run("tar", ["-tzf", file.path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n")
            == ["MODEL.md", "features.json", "holdout.csv", "imputer.json", "manifest.json", "model.json", "scaler.json"])
        // Owner 0/0, mode 0644, mtime the epoch.
        let verbose = try await run("tar", ["-tvzf", file.path, "--numeric-owner", "--utc"])
        let lines = verbose.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        for line in lines {
            #expect(line.hasPrefix("-rw-r--r-- 0/0"), "\(line)")
            #expect(line.contains("1970-01-01 00:00"), "\(line)")
        }
    }

    @Test func tarExtractsTheMembers() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle(.float64)
        let file = try BundleWriter.write(bundle, to: directory.appendingPathComponent(bundle.fileName).path)
        let out = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let result = try await run("tar", ["-xzf", file.path, "-C", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let members = try Fixture.members(bundle)
        #expect(try TemporaryDirectory.contents(of: out) == members.keys.sorted())
        for (name, bytes) in members {
            let extracted = [UInt8](try Data(contentsOf: out.appendingPathComponent(name)))
            #expect(extracted == bytes, "\(name) differs")
            if name != "manifest.json" { #expect(bundle.manifest.checksums[name] == SHA256.hex(extracted)) }
        }
    }

    @Test func gzipTestsAndDecompressesToOurTar() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle(imputer: true)
        let file = try BundleWriter.write(bundle, to: directory.appendingPathComponent(bundle.fileName).path)
        let check = try await run("gzip", ["-t", file.path])
        #expect(check.status == 0, "\(check.stderr)")
        let decompressed = try await run("gzip", ["-dc", file.path])
        #expect(decompressed.status == 0)
        let ourTar = try TarArchive.write(try bundle.encodedMembers().map { .init(name: $0.member.rawValue, bytes: $0.bytes) })
        #expect(decompressed.stdoutBytes == ourTar)
        #expect(decompressed.stdoutBytes.count % 512 == 0)
    }

    /// A bundle unpacked and repacked by GNU tar (its own headers, mtimes, owners and record
    /// padding) still reads, because the members and checksums are unchanged.
    @Test(arguments: ["ustar", "gnu"])
    func readsWhatTarWrites(format: String) async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle(.float32, imputer: true)
        let members = try Fixture.members(bundle)
        for (name, bytes) in members { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        let archive = directory.appendingPathComponent("repacked.tar.gz").path
        let result = try await run("tar", ["--format=\(format)", "-czf", archive, "-C", directory.path]
            + members.keys.sorted())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try BundleReader.read(path: archive) == bundle)
    }
}
