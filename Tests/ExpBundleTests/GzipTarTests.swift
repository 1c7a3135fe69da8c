import ExpCore
import ExpTestSupport
import Testing

import ExpDomain
@testable import ExpBundle

@Suite struct GzipTests {
    @Test(arguments: [0, 1, 511, 70_000, 300_000])
    func roundTrip(count: Int) throws {
        var generator = SeededGenerator(seed: UInt64(count))
        let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.nextInt(below: 16)) }
        let compressed = try Gzip.compress(bytes)
        #expect(try Gzip.decompress(compressed, limit: count) == bytes)
        #expect(Array(compressed.prefix(4)) == [0x1f, 0x8b, 8, 0])
    }

    @Test func incrementalEqualsOneShot() throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        let deflater = try Gzip.Deflater()
        for start in stride(from: 0, to: bytes.count, by: 50_000) {
            try deflater.append(Array(bytes[start..<min(bytes.count, start + 50_000)]))
        }
        #expect(try deflater.finish() == (try Gzip.compress(bytes)))
    }

    @Test func limitIsEnforced() throws {
        let compressed = try Gzip.compress([UInt8](repeating: 7, count: 100_000))
        #expect(try Gzip.decompress(compressed, limit: 100_000).count == 100_000)
        let error = expectError(BundleError.self) { try Gzip.decompress(compressed, limit: 99_999) }
        guard case .limitExceeded(nil, _) = error else { throw Failure("\(String(describing: error))") }
    }

    @Test func zlibFormatIsNotGzip() throws {
        // A zlib stream (78 9c …) is refused: bundles are gzip only.
        let error = expectError(BundleError.self) { try Gzip.decompress([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01], limit: 10) }
        #expect(error?.description.contains("not valid gzip data") == true)
    }
}

@Suite struct TarArchiveTests {
    @Test func roundTripPreservesOrderAndBytes() throws {
        let entries = [
            TarArchive.Entry(name: "b", bytes: []),
            .init(name: "a.txt", bytes: [UInt8](repeating: 1, count: 512)),
            .init(name: String(repeating: "n", count: 100), bytes: [UInt8](repeating: 2, count: 513)),
        ]
        let tar = try TarArchive.write(entries)
        #expect(tar.count == 512 * (3 + 0 + 1 + 2 + 2))
        #expect(try TarArchive.read(tar, maxMemberBytes: 1000, maxTotalBytes: 2000, maxMembers: 3) == entries)
    }

    @Test func headerFields() throws {
        let header = try TarArchive.header(name: "model.json", size: 1234)
        func field(_ range: Range<Int>) -> String { String(decoding: header[range], as: UTF8.self) }
        #expect(field(100..<108) == "0000644\0")
        #expect(field(108..<116) == "0000000\0" && field(116..<124) == "0000000\0")
        #expect(field(124..<136) == "00000002322\0")
        #expect(field(136..<148) == "00000000000\0")
        #expect(header[156] == UInt8(ascii: "0"))
        #expect(field(257..<265) == "ustar\000")
        #expect(header[265..<329].allSatisfy { $0 == 0 })
        let recorded = Int(field(148..<154), radix: 8)
        var sum = 0
        for (i, byte) in header.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
        #expect(recorded == sum)
    }

    @Test func writerRefusesLongNames() throws {
        let error = expectError(BundleError.self) { try TarArchive.header(name: String(repeating: "x", count: 101), size: 0) }
        guard case .invalidMember = error else { throw Failure("\(String(describing: error))") }
    }

    @Test func readerAcceptsRecordPadding() throws {
        let tar = try TarArchive.write([.init(name: "x", bytes: [1, 2, 3])]) + [UInt8](repeating: 0, count: 10240 - 2048)
        #expect(try TarArchive.read(tar, maxMemberBytes: 10, maxTotalBytes: 10, maxMembers: 1).map(\.name) == ["x"])
    }

    @Test func base256SizeIsDecodedThenLimited() throws {
        var header = CraftedTar.header(.init(name: "big", bytes: []))
        // GNU base-256: 0x80, then the big-endian size 2^40.
        for i in 124..<136 { header[i] = 0 }
        header[124] = 0x80
        header[130] = 1
        for i in 148..<156 { header[i] = UInt8(ascii: " ") }
        let sum = header.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits
        for (i, b) in padded.enumerated() { header[148 + i] = b }
        header[154] = 0
        let error = expectError(BundleError.self) {
            try TarArchive.read(header + [UInt8](repeating: 0, count: 1024), maxMemberBytes: 100, maxTotalBytes: 100,
                                maxMembers: 4)
        }
        #expect(error == .limitExceeded(member: "big", reason: "it is 1099511627776 bytes, above the limit of 100 bytes per member"))
    }
}
