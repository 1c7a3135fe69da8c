/// Strict UTF-8 validation (Unicode 15, Table 3-7 "Well-Formed UTF-8 Byte Sequences"): no
/// overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    /// The offset of the first byte that does not start a well-formed sequence, or nil when all of
    /// `bytes` is valid UTF-8. Pure ASCII input is checked at one comparison per byte.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            if i + length > n { return i }
            let b1 = bytes[i + 1]
            if b1 < low || b1 > high { return i }
            var k = 2
            while k < length {
                if bytes[i + k] & 0xC0 != 0x80 { return i }
                k += 1
            }
            i += length
        }
        return nil
    }

    /// The 1-based line holding byte `offset` (lines end at LF, CR LF or a lone CR).
    static func line(ofOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var i = 0
        while i < offset {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
            } else if bytes[i] == UInt8(ascii: "\r") {
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                line += 1
            }
            i += 1
        }
        return line
    }
}
