import ExpCore
import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpBundle

@Suite struct WriterTests {
    @Test func writeIsAtomicAndLeavesNoTemporaryFiles() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle()
        let path = directory.appendingPathComponent(bundle.fileName).path
        let file = try BundleWriter.write(bundle, to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(file == BundleFile(path: path, digest: SHA256.hex(bytes), size: bytes.count))
        #expect(try TemporaryDirectory.contents(of: directory) == ["bankruptcy-v1.tar.gz"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o600 } == 0o600)

        let loaded = try BundleReader.load(path: path)
        #expect(loaded.bundle == bundle)
        #expect(loaded.file == file)
    }

    @Test func rewritingTheSameBundleSucceeds() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle()
        let path = directory.appendingPathComponent(bundle.fileName).path
        let first = try BundleWriter.write(bundle, to: path)
        let second = try BundleWriter.write(bundle, to: path)
        #expect(first == second)
        #expect(try TemporaryDirectory.contents(of: directory) == ["bankruptcy-v1.tar.gz"])
    }

    @Test func refusesToOverwriteADifferentFile() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle()
        let path = directory.appendingPathComponent(bundle.fileName).path
        try Data("not a bundle".utf8).write(to: URL(fileURLWithPath: path))
        let error = expectError(BundleError.self) { try BundleWriter.write(bundle, to: path) }
        #expect(error == .alreadyExists(path: path))
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("not a bundle".utf8))
        #expect(try TemporaryDirectory.contents(of: directory) == ["bankruptcy-v1.tar.gz"])

        // Another model under the same name is refused too.
        let other = try Fixture.bundle(seed: 9).bundle
        let otherPath = directory.appendingPathComponent("other.tar.gz").path
        try BundleWriter.write(bundle, to: otherPath)
        #expect(expectError(BundleError.self) { try BundleWriter.write(other, to: otherPath) } == .alreadyExists(path: otherPath))
        #expect(try BundleReader.read(path: otherPath) == bundle)
        #expect(try TemporaryDirectory.contents(of: directory) == ["bankruptcy-v1.tar.gz", "other.tar.gz"])
    }

    @Test func missingDirectoryIsAFileSystemError() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("absent/b.tar.gz").path
        let error = expectError(BundleError.self) { try BundleWriter.write(try Fixture.bundle().bundle, to: path) }
        guard case let .fileSystem(where_, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(where_.hasPrefix(directory.path) && reason.contains("No such file"))
        #expect(try TemporaryDirectory.contents(of: directory).isEmpty)
    }

    @Test func readingMissingOrSpecialFiles() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.tar.gz").path
        let error = expectError(BundleError.self) { try BundleReader.read(path: missing) }
        #expect(error?.description.contains(missing) == true)
        let directoryError = expectError(BundleError.self) { try BundleReader.read(path: directory.path) }
        #expect(directoryError?.description.contains("not a regular file") == true)
        // A FIFO is refused without waiting for a writer.
        let fifo = directory.appendingPathComponent("fifo.tar.gz").path
        #expect(mkfifo(fifo, 0o644) == 0, "mkfifo: errno \(errno)")
        let fifoError = expectError(BundleError.self) { try BundleReader.read(path: fifo) }
        #expect(fifoError == .fileSystem(path: fifo, reason: "not a regular file"))
    }
}
