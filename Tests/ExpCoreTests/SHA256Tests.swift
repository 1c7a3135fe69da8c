import ExpCore
import Testing

/// SHA-256 against the NIST example vectors (FIPS 180-4 examples, "SHA256.pdf" and the
/// long-message vector of the Secure Hash Standard validation suite).
@Suite("SHA256")
struct SHA256Tests {
    @Test("empty message")
    func empty() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("\"abc\" (one block)")
    func abc() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("448-bit message (two blocks after padding)")
    func twoBlocks() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(message.count * 8 == 448)
        #expect(SHA256.hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("896-bit message")
    func longerMessage() {
        let message = Array(
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                + "mnopqrstnopqrstu").utf8)
        #expect(SHA256.hex(message) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test("one million 'a', streamed in uneven chunks")
    func millionA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var remaining = 1_000_000
        while remaining > 0 {
            let n = min(remaining, chunk.count)
            hasher.update(chunk[0..<n])
            remaining -= n
        }
        #expect(hasher.hexDigest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("chunking does not change the digest", arguments: [1, 3, 63, 64, 65, 128, 1000])
    func chunkingInvariance(chunkSize: Int) {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var start = 0
        while start < message.count {
            let end = min(start + chunkSize, message.count)
            hasher.update(message[start..<end])
            start = end
        }
        #expect(hasher.hexDigest == SHA256.hex(message))
    }

    @Test("non-contiguous sequences and reading the digest twice")
    func sequencesAndRepeatedReads() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        #expect(hasher.hexDigest == SHA256.hex(Array("ab".utf8)))
        hasher.update(AnySequence(Array("c".utf8)))
        #expect(hasher.finalize() == SHA256.hash(Array("abc".utf8)))
        #expect(hasher.hexDigest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
