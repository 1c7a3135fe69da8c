import ExpCore
import ExpTestSupport
import Foundation
import Testing

import ExpDomain
@testable import ExpBundle

/// Every hostile or damaged archive is refused with an error that names the member and the reason.
@Suite struct ReaderRefusalTests {
    /// A valid bundle's members, to tamper with.
    static func validMembers(imputer: Bool = false) throws -> [String: [UInt8]] {
        try Fixture.members(try Fixture.bundle(.float32, imputer: imputer).bundle)
    }

    static func read(tar: [UInt8], limits: BundleReader.Limits = .default) -> BundleError? {
        expectError(BundleError.self) { try BundleReader.read(bytes: try Gzip.compress(tar), limits: limits) }
    }

    static func read(members: [String: [UInt8]]) -> BundleError? {
        read(tar: CraftedTar.archive(members: members))
    }

    @Test func craftedValidArchiveReads() throws {
        // The hand-made writer agrees with TarArchive, so the refusals below test the reader alone.
        let members = try Self.validMembers()
        let bundle = try BundleReader.read(bytes: try Gzip.compress(CraftedTar.archive(members: members)))
        #expect(try Fixture.members(bundle) == members)
        let ours = try TarArchive.header(name: "model.json", size: 1234)
        let crafted = CraftedTar.header(.init(name: "model.json", bytes: [UInt8](repeating: 1, count: 1234)))
        #expect(ours == crafted)
    }

    // MARK: Names and entry types

    @Test(arguments: [
        ("/etc/passwd", "absolute"), ("../x", "'..'"), ("a/../../x", "'..'"), ("model.json/..", "'..'"),
        ("..\\x", "backslash"),
    ])
    func unsafePathsAreRefused(name: String, reason: String) throws {
        var entries = try Self.validMembers().sorted { $0.key < $1.key }.map { CraftedTar.Entry(name: $0.key, bytes: $0.value) }
        entries.insert(.init(name: name, bytes: Array("owned\n".utf8)), at: 0)
        let error = Self.read(tar: CraftedTar.archive(entries))
        guard case let .unsafePath(member, why) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == name && why.contains(reason))
        #expect(error?.description.contains(name) == true)
    }

    @Test func absolutePathInPrefixIsRefused() throws {
        let error = Self.read(tar: CraftedTar.archive([.init(name: "passwd", bytes: [1], prefix: "/etc")]))
        #expect(error == .unsafePath(member: "/etc/passwd", reason: "the path is absolute"))
    }

    @Test func emptyNameIsRefused() throws {
        let error = Self.read(tar: CraftedTar.archive([.init(name: "", bytes: [1, 2, 3])]))
        #expect(error == .unsafePath(member: "", reason: "the member name is empty"))
    }

    @Test(arguments: [
        (Character("2"), "symbolic link"), ("1", "hard link"), ("3", "character device"), ("4", "block device"),
        ("5", "directory"), ("6", "FIFO"), ("x", "pax extended header"), ("L", "GNU long-name entry"),
    ])
    func nonRegularEntriesAreRefused(type: Character, expected: String) throws {
        var members = try Self.validMembers()
        members.removeValue(forKey: "model.json")
        var entries = members.sorted { $0.key < $1.key }.map { CraftedTar.Entry(name: $0.key, bytes: $0.value) }
        entries.append(.init(name: "model.json", type: type, linkName: "/etc/passwd"))
        let error = Self.read(tar: CraftedTar.archive(entries))
        #expect(error == .unsupportedEntryType(member: "model.json", type: expected))
        #expect(error?.description.contains("'model.json' is a \(expected)") == true)
    }

    @Test func duplicateMembersAreRefused() throws {
        let members = try Self.validMembers()
        var entries = members.sorted { $0.key < $1.key }.map { CraftedTar.Entry(name: $0.key, bytes: $0.value) }
        entries.append(.init(name: "manifest.json", bytes: members["manifest.json"] ?? []))
        let error = Self.read(tar: CraftedTar.archive(entries))
        #expect(error == .duplicateMember(member: "manifest.json"))
        #expect(error?.description.contains("'manifest.json' appears more than once") == true)
    }

    // MARK: Sizes

    @Test func oversizeMemberIsRefusedFromItsHeader() throws {
        // The header claims 100 MiB; the reader refuses before looking for the data.
        let tar = CraftedTar.archive([.init(name: "model.json", bytes: [1, 2, 3], declaredSize: 100 << 20)])
        let error = Self.read(tar: tar)
        guard case let .limitExceeded(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "model.json" && reason.contains("104857600 bytes") && reason.contains("67108864"))
        #expect(error?.description.contains("'model.json'") == true)
    }

    @Test func memberAboveACustomLimitIsRefused() throws {
        let members = try Self.validMembers()
        let limits = BundleReader.Limits(memberBytes: 1000)
        let error = Self.read(tar: CraftedTar.archive(members: members), limits: limits)
        guard case let .limitExceeded(member?, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect((members[member]?.count ?? 0) > 1000 && reason.contains("1000 bytes per member"))
    }

    @Test func tooManyMembersAndTooLargeArchivesAreRefused() throws {
        let tar = CraftedTar.archive(members: try Self.validMembers())
        let many = Self.read(tar: tar, limits: .init(members: 3))
        #expect(many == .limitExceeded(member: nil, reason: "the archive has more than 3 members"))
        let compressed = try Gzip.compress(tar)
        let large = expectError(BundleError.self) { try BundleReader.read(bytes: compressed, limits: .init(compressedBytes: 100)) }
        #expect(large?.description.contains("above the limit of 100 compressed bytes") == true)
        let total = Self.read(tar: tar, limits: .init(totalBytes: 4000))
        guard case .limitExceeded = total else { throw Failure("\(String(describing: total))") }
    }

    /// 300 MiB of zeros compress (level 1, for speed) to about 1.3 MiB; inflation stops at the 256 MiB limit.
    @Test func gzipBombIsRefused() throws {
        let deflater = try Gzip.Deflater(level: 1)
        try deflater.append(CraftedTar.header(.init(name: "model.json", declaredSize: 60 << 20)))
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<300 { try deflater.append(zeros) }
        let bomb = try deflater.finish()
        #expect(bomb.count < 2 << 20)
        let error = expectError(BundleError.self) { try BundleReader.read(bytes: bomb) }
        guard case let .limitExceeded(nil, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(reason.contains("gzip bomb") && reason.contains("decompression stopped"))
    }

    @Test func smallBombAgainstSmallLimitsStopsEarly() throws {
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 8 << 20))
        let limits = BundleReader.Limits(memberBytes: 1 << 16, totalBytes: 1 << 18, members: 8)
        let error = expectError(BundleError.self) { try BundleReader.read(bytes: bomb, limits: limits) }
        guard case .limitExceeded(nil, _) = error else { throw Failure("\(String(describing: error))") }
        // The inflater never holds more than the limit plus one chunk.
        let direct = expectError(BundleError.self) { try Gzip.decompress(bomb, limit: limits.decompressedBytes) }
        #expect(direct?.description.contains("passes \(limits.decompressedBytes) bytes") == true)
    }

    // MARK: Damage

    @Test func truncatedGzipIsRefused() throws {
        let bytes = try BundleWriter.archive(try Fixture.bundle().bundle)
        for cut in [bytes.count / 2, bytes.count - 1, 12] {
            let error = expectError(BundleError.self) { try BundleReader.read(bytes: Array(bytes.prefix(cut))) }
            guard case let .corrupt(nil, reason) = error else { throw Failure("\(String(describing: error))") }
            #expect(reason.contains("truncated"), "\(reason)")
        }
        let empty = expectError(BundleError.self) { try BundleReader.read(bytes: []) }
        #expect(empty?.description.contains("truncated") == true)
    }

    @Test func truncatedFileOnDiskIsRefused() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, _) = try Fixture.bundle()
        let path = directory.appendingPathComponent(bundle.fileName).path
        let bytes = try BundleWriter.archive(bundle)
        try Data(bytes.prefix(bytes.count * 2 / 3)).write(to: URL(fileURLWithPath: path))
        let error = expectError(BundleError.self) { try BundleReader.read(path: path) }
        #expect(error?.description.contains("truncated") == true)
        let report = BundleVerifier.verify(path: path)
        #expect(!report.isValid && report.check("archive")?.passed == false)
    }

    @Test func flippedByteIsRefused() throws {
        let bytes = try BundleWriter.archive(try Fixture.bundle().bundle)
        for position in [bytes.count / 2, bytes.count / 3, bytes.count - 6] {
            var damaged = bytes
            damaged[position] ^= 0x5a
            let error = expectError(BundleError.self) { try BundleReader.read(bytes: damaged) }
            guard case .corrupt = error else { throw Failure("\(String(describing: error))") }
        }
    }

    @Test func notGzipIsRefused() throws {
        let error = expectError(BundleError.self) { try BundleReader.read(bytes: Array("model.json\n".utf8)) }
        #expect(error?.description.contains("not valid gzip data") == true)
    }

    @Test func trailingBytesAfterTheGzipStreamAreRefused() throws {
        let bytes = try BundleWriter.archive(try Fixture.bundle().bundle)
        let error = expectError(BundleError.self) { try BundleReader.read(bytes: bytes + [0x41, 0x42]) }
        #expect(error == .corrupt(member: nil, reason: "2 trailing bytes after the gzip stream"))
        // A second gzip member is trailing data too.
        let twice = expectError(BundleError.self) { try BundleReader.read(bytes: bytes + bytes) }
        guard case .corrupt(nil, _) = twice else { throw Failure("\(String(describing: twice))") }
    }

    @Test func trailingDataInsideTheStreamIsRefused() throws {
        let tar = CraftedTar.archive(members: try Self.validMembers()) + Array("garbage".utf8)
        let error = Self.read(tar: tar)
        #expect(error?.description.contains("trailing data after the tar end-of-archive marker") == true)
    }

    @Test func badHeaderChecksumIsRefused() throws {
        var tar = CraftedTar.archive(members: try Self.validMembers())
        tar[0] = UInt8(ascii: "N")  // "MODEL.md" → "NODEL.md" without fixing the checksum
        let error = Self.read(tar: tar)
        guard case let .corrupt(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "NODEL.md" && reason.contains("bad tar header checksum"))
    }

    @Test func truncatedTarIsRefused() throws {
        let tar = CraftedTar.archive(members: try Self.validMembers())
        let midMember = Self.read(tar: Array(tar.prefix(512 + 100)))
        guard case let .corrupt(member, reason) = midMember else { throw Failure("\(String(describing: midMember))") }
        #expect(member == "MODEL.md" && reason.contains("truncated"))
        let noEnd = Self.read(tar: Array(tar.dropLast(1024)))
        #expect(noEnd?.description.contains("without an end-of-archive marker") == true)
        let halfEnd = Self.read(tar: Array(tar.dropLast(512)))
        #expect(halfEnd?.description.contains("two zero blocks") == true)
    }

    @Test func notATarArchiveIsRefused() throws {
        let error = Self.read(tar: [UInt8](repeating: UInt8(ascii: "x"), count: 2048))
        #expect(error?.description.contains("not a ustar header") == true)
    }

    // MARK: Bundle contents

    @Test(arguments: ["scaler.json", "MODEL.md", "holdout.csv", "manifest.json", "model.json", "features.json"])
    func missingMemberIsRefused(name: String) throws {
        var members = try Self.validMembers()
        members.removeValue(forKey: name)
        let error = Self.read(members: members)
        #expect(error == .missingMember(member: name))
        #expect(error?.description.contains("'\(name)' is missing") == true)
    }

    @Test func imputerListedInChecksumsButAbsentIsRefused() throws {
        var members = try Self.validMembers(imputer: true)
        members.removeValue(forKey: "imputer.json")
        #expect(Self.read(members: members) == .missingMember(member: "imputer.json"))
    }

    @Test func unknownMemberIsRefused() throws {
        var members = try Self.validMembers()
        members["notes.txt"] = Array("hello\n".utf8)
        let error = Self.read(members: members)
        #expect(error == .unknownMember(member: "notes.txt"))
        #expect(error?.description.contains("'notes.txt' is not part of the exp-bundle format") == true)
    }

    @Test func checksumMismatchIsRefused() throws {
        var members = try Self.validMembers()
        var model = try #require(members["model.json"])
        let index = try #require(model.firstIndex(of: UInt8(ascii: "7")) ?? model.firstIndex(of: UInt8(ascii: "3")))
        model[index] = model[index] == UInt8(ascii: "7") ? UInt8(ascii: "6") : UInt8(ascii: "4")
        members["model.json"] = model
        let error = Self.read(members: members)
        guard case let .checksumMismatch(member, expected, actual) = error else {
            throw Failure("\(String(describing: error))")
        }
        #expect(member == "model.json" && expected != actual && actual == SHA256.hex(model))
        #expect(error?.description.contains("'model.json' does not match its checksum") == true)
    }

    @Test func wrongWeightCountWithFixedChecksumIsRefused() throws {
        var members = try Self.validMembers()
        members["model.json"] = try Fixture.editJSON(try #require(members["model.json"])) { object in
            var weights = object["weights"] as? [[Any]] ?? []
            weights[0].removeLast()
            object["weights"] = weights
        }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(error == .invalidMember(member: "model.json", reason: "layer 0 has 14 weights, expected 3 × 5 = 15"))
        #expect(error?.description.contains("invalid bundle member 'model.json'") == true)
    }

    @Test func networkThatDoesNotFitTheFeaturesIsRefused() throws {
        var members = try Self.validMembers()
        members["model.json"] = try Fixture.editJSON(try #require(members["model.json"])) { object in
            object["layer_sizes"] = [3, 5, 4, 2]
            var weights = object["weights"] as? [[Any]] ?? []
            weights[2] += weights[2]
            var biases = object["biases"] as? [[Any]] ?? []
            biases[2] += biases[2]
            object["weights"] = weights
            object["biases"] = biases
        }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(error == .invalidMember(member: "model.json", reason: "a binary network has one output unit, not 2"))
    }

    @Test func undecodableModelIsRefused() throws {
        var members = try Self.validMembers()
        members["model.json"] = try Fixture.editJSON(try #require(members["model.json"])) { object in
            object["activation"] = "swish"
        }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        guard case let .invalidMember(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "model.json" && reason.contains("activation"))
        members["model.json"] = Array("{ not json".utf8)
        let garbage = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(garbage?.description.contains("'model.json'") == true)
    }

    @Test func unknownDTypeIsRefused() throws {
        var members = try Self.validMembers()
        members["model.json"] = try Fixture.editJSON(try #require(members["model.json"])) { $0["dtype"] = "float16" }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(error == .invalidMember(member: "model.json", reason: "unknown dtype 'float16'; expected float32 or float64"))
    }

    @Test func scalerOfTheWrongWidthIsRefused() throws {
        var members = try Self.validMembers()
        members["scaler.json"] = try Fixture.editJSON(try #require(members["scaler.json"])) { object in
            object["mean"] = [0.0, 1.0]
            object["variance"] = [1.0, 1.0]
            object["scale"] = [1.0, 1.0]
        }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(error == .invalidMember(member: "scaler.json", reason: "the scaler has 2 features, features.json selects 3"))
        members["scaler.json"] = try Fixture.editJSON(try #require(members["scaler.json"])) { $0["scale"] = [1.0] }
        let ragged = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(ragged?.description.contains("one value per feature") == true)
    }

    @Test func imputerOfTheWrongWidthIsRefused() throws {
        var members = try Self.validMembers(imputer: true)
        members["imputer.json"] = try Fixture.editJSON(try #require(members["imputer.json"])) { $0["statistics"] = [1.0] }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(error == .invalidMember(member: "imputer.json", reason: "the imputer has 1 statistics, the input schema 6 features"))
    }

    @Test func selectedFeatureThatDisagreesWithTheSchemaIsRefused() throws {
        var members = try Self.validMembers()
        members["features.json"] = try Fixture.editJSON(try #require(members["features.json"])) { object in
            var features = object["features"] as? [[String: Any]] ?? []
            features[1]["name"] = "roe"
            object["features"] = features
        }
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        guard case let .invalidMember(member, reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "features.json" && reason.contains("'roe'") && reason.contains("column 2 is 'roa'"))

        members["features.json"] = try Fixture.editJSON(try #require(members["features.json"])) { object in
            var features = object["features"] as? [[String: Any]] ?? []
            features[2]["column"] = 9
            object["features"] = features
        }
        let outOfRange = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(outOfRange?.description.contains("within 0..<6") == true)
    }

    @Test func schemaOfTheWrongLengthIsRefused() throws {
        let members = try Fixture.fixingChecksums(try Self.validMembers()) { $0.inputSchema.features.append("extra") }
        let error = Self.read(members: members)
        guard case let .invalidMember(member, _) = error else { throw Failure("\(String(describing: error))") }
        #expect(member == "imputer.json" || member == "manifest.json" || member == "features.json")
        #expect(error?.description.contains("7") == true)
    }

    @Test func unknownFormatVersionIsRefused() throws {
        let members = try Fixture.fixingChecksums(try Self.validMembers()) { $0.formatVersion = 2 }
        let error = Self.read(members: members)
        guard case let .unsupportedFormat(reason) = error else { throw Failure("\(String(describing: error))") }
        #expect(reason.contains("format_version is 2"))
        #expect(error?.description.contains("unsupported bundle format") == true)
    }

    @Test func unknownFormatIsRefused() throws {
        let members = try Fixture.fixingChecksums(try Self.validMembers()) { $0.format = "mlflow-model" }
        let error = Self.read(members: members)
        #expect(error == .unsupportedFormat(reason: "manifest.json format is 'mlflow-model', expected 'exp-bundle'"))
    }

    @Test func newerManifestWithUnknownLayoutReportsTheVersion() throws {
        var members = try Self.validMembers()
        members["manifest.json"] = Array(#"{"format": "exp-bundle", "format_version": 3, "everything": "new"}"#.utf8)
        members["weights.safetensors"] = [1, 2, 3]  // a member only the newer format knows
        let error = Self.read(members: members)
        #expect(error?.description.contains("format_version is 3") == true)
    }

    @Test func checksumForAnAbsentOrUnknownMember() throws {
        var members = try Self.validMembers()
        members = try Fixture.fixingChecksums(members)
        var manifest = try BundleJSON.decode(BundleManifest.self, from: try #require(members["manifest.json"]),
                                             member: .manifest)
        manifest.checksums["notes.txt"] = String(repeating: "0", count: 64)
        members["manifest.json"] = try BundleJSON.encode(manifest, member: .manifest)
        let error = Self.read(members: members)
        #expect(error?.description.contains("checksums lists 'notes.txt'") == true)

        manifest.checksums.removeValue(forKey: "notes.txt")
        manifest.checksums.removeValue(forKey: "scaler.json")
        members["manifest.json"] = try BundleJSON.encode(manifest, member: .manifest)
        let missing = Self.read(members: members)
        #expect(missing == .invalidMember(member: "manifest.json", reason: "checksums has no entry for member 'scaler.json'"))
    }

    @Test func malformedHoldoutIsRefused() throws {
        var members = try Self.validMembers()
        members["holdout.csv"] = Array("row_id,probability\n1,0.5\n2,abc\n".utf8)
        let error = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(error == .invalidMember(member: "holdout.csv", reason: "line 3 is not 'row_id,probability': '2,abc'"))
        members["holdout.csv"] = Array("id,p\n".utf8)
        let header = Self.read(members: try Fixture.fixingChecksums(members))
        #expect(header?.description.contains("the first line must be 'row_id,probability'") == true)
    }
}
