import ExpDomain
/// A POSIX ustar archive of regular files (IEEE Std 1003.1, "pax" utility, ustar Interchange
/// Format): 512-byte blocks, one header block per file followed by its data padded to a block,
/// then two zero blocks.
///
/// The writer is deterministic: mode 0644, uid/gid 0, empty user and group names, mtime 0, type
/// '0'. The reader accepts only what a bundle may hold and refuses everything else with a
/// ``BundleError``: unsafe names, non-regular entries, duplicates, oversize members, bad header
/// checksums, truncation and data after the end-of-archive marker.
enum TarArchive {
    /// One regular file.
    struct Entry: Equatable, Sendable {
        var name: String
        var bytes: [UInt8]
    }

    static let blockSize = 512
    /// The longest name a ustar `name` field holds (the writer never uses `prefix`).
    static let maxNameLength = 100
    /// The largest size an 11-digit octal field holds (8 GiB − 1).
    static let maxEntrySize = (1 << 33) - 1

    // Field offsets and lengths of the ustar header.
    private static let nameField = 0..<100
    private static let modeField = 100..<108
    private static let uidField = 108..<116
    private static let gidField = 116..<124
    private static let sizeField = 124..<136
    private static let mtimeField = 136..<148
    private static let checksumField = 148..<156
    private static let typeOffset = 156
    private static let magicField = 257..<263
    private static let versionField = 263..<265
    private static let devMajorField = 329..<337
    private static let devMinorField = 337..<345
    private static let prefixField = 345..<500

    // MARK: Writing

    /// The archive of `entries`, in the given order, ending with two zero blocks.
    /// - Throws: ``BundleError/invalidMember(member:reason:)`` for a name longer than 100 bytes, an
    ///   empty one, or an entry above 8 GiB.
    static func write(_ entries: [Entry]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(2 * blockSize) { $0 + blockSize + paddedSize($1.bytes.count) })
        for entry in entries {
            out += try header(name: entry.name, size: entry.bytes.count)
            out += entry.bytes
            out += repeatElement(0, count: paddedSize(entry.bytes.count) - entry.bytes.count)
        }
        out += repeatElement(0, count: 2 * blockSize)
        return out
    }

    /// The header block of a regular file.
    static func header(name: String, size: Int) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= maxNameLength, !nameBytes.contains(0) else {
            throw BundleError.invalidMember(member: name, reason: "a tar member name must be 1 to \(maxNameLength) bytes")
        }
        guard size <= maxEntrySize else {
            throw BundleError.invalidMember(member: name, reason: "\(size) bytes is above the ustar limit of 8 GiB")
        }
        var block = [UInt8](repeating: 0, count: blockSize)
        block.replaceSubrange(nameField.lowerBound..<(nameField.lowerBound + nameBytes.count), with: nameBytes)
        put(octal(0o644, digits: 7), at: modeField, in: &block)
        put(octal(0, digits: 7), at: uidField, in: &block)
        put(octal(0, digits: 7), at: gidField, in: &block)
        put(octal(size, digits: 11), at: sizeField, in: &block)
        put(octal(0, digits: 11), at: mtimeField, in: &block)
        block[typeOffset] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: magicField, in: &block)
        put(Array("00".utf8), at: versionField, in: &block)
        put(octal(0, digits: 7), at: devMajorField, in: &block)
        put(octal(0, digits: 7), at: devMinorField, in: &block)
        // "The chksum field shall be the ASCII representation of the octal value of the simple sum
        // of all bytes in the header logical record. Each [byte] in the header shall be treated as
        // an unsigned value. ... When calculating the checksum, the chksum field is treated as if
        // it were all <space> characters." Written as six digits, NUL, space (as GNU tar does).
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: checksumField, in: &block)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(sum, digits: 6) + [UInt8(ascii: " ")], at: checksumField, in: &block)
        return block
    }

    /// `value` as `digits` zero-padded octal digits followed by a NUL.
    private static func octal(_ value: Int, digits: Int) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        var v = value
        var i = digits - 1
        while v > 0 && i >= 0 {
            out[i] = UInt8(ascii: "0") + UInt8(v & 7)
            v >>= 3
            i -= 1
        }
        return out + [0]
    }

    private static func put(_ bytes: [UInt8], at field: Range<Int>, in block: inout [UInt8]) {
        precondition(bytes.count <= field.count, "tar field overflow")
        block.replaceSubrange(field.lowerBound..<(field.lowerBound + bytes.count), with: bytes)
    }

    /// `size` rounded up to a whole number of blocks.
    static func paddedSize(_ size: Int) -> Int {
        (size + blockSize - 1) / blockSize * blockSize
    }

    // MARK: Reading

    /// The regular files of a ustar archive, in archive order.
    ///
    /// - Parameters:
    ///   - maxMemberBytes: The largest member accepted; checked against the header before any
    ///     data is touched.
    ///   - maxTotalBytes: The largest sum of member sizes.
    ///   - maxMembers: The most members accepted.
    /// - Throws: ``BundleError`` (see the type's documentation).
    static func read(_ bytes: [UInt8], maxMemberBytes: Int, maxTotalBytes: Int, maxMembers: Int) throws -> [Entry] {
        var entries: [Entry] = []
        var seen = Set<String>()
        var total = 0
        var offset = 0
        while true {
            guard offset + blockSize <= bytes.count else {
                throw BundleError.corrupt(member: entries.last?.name, reason: "the tar archive is truncated: it ends "
                    + "after \(bytes.count) bytes without an end-of-archive marker")
            }
            let block = bytes[offset..<(offset + blockSize)]
            if block.allSatisfy({ $0 == 0 }) {
                try checkEnd(bytes, at: offset)
                return entries
            }
            let name = try verifyHeader(block)
            guard entries.count < maxMembers else {
                throw BundleError.limitExceeded(member: nil, reason: "the archive has more than \(maxMembers) members")
            }
            try checkPath(name)
            try checkType(block[offset + typeOffset], name: name)
            guard seen.insert(name).inserted else { throw BundleError.duplicateMember(member: name) }
            let size = try parseSize(block, name: name)
            guard size <= maxMemberBytes else {
                throw BundleError.limitExceeded(member: name, reason: "it is \(size) bytes, above the limit of "
                    + "\(maxMemberBytes) bytes per member")
            }
            total += size
            guard total <= maxTotalBytes else {
                throw BundleError.limitExceeded(member: name, reason: "the members total more than \(maxTotalBytes) bytes")
            }
            let start = offset + blockSize
            guard start + size <= bytes.count else {
                throw BundleError.corrupt(member: name, reason: "the tar archive is truncated: the member declares "
                    + "\(size) bytes but only \(bytes.count - start) follow its header")
            }
            entries.append(Entry(name: name, bytes: Array(bytes[start..<(start + size)])))
            offset = start + paddedSize(size)
        }
    }

    /// After the first zero block: at least one more zero block, and nothing but zeros (tar pads
    /// archives to a record size with zero blocks).
    private static func checkEnd(_ bytes: [UInt8], at offset: Int) throws {
        let rest = bytes[offset...]
        guard rest.count >= 2 * blockSize else {
            throw BundleError.corrupt(member: nil, reason: "the tar archive is truncated: its end-of-archive marker "
                + "needs two zero blocks")
        }
        guard rest.count % blockSize == 0, rest.allSatisfy({ $0 == 0 }) else {
            throw BundleError.corrupt(member: nil, reason: "trailing data after the tar end-of-archive marker")
        }
    }

    /// Checks the magic and the header checksum and returns the entry's full name.
    private static func verifyHeader(_ block: ArraySlice<UInt8>) throws -> String {
        let base = block.startIndex
        let rawName = string(block, nameField, base: base)
        let magic = Array(block[(base + magicField.lowerBound)..<(base + magicField.upperBound)])
        let version = Array(block[(base + versionField.lowerBound)..<(base + versionField.upperBound)])
        let posix = magic == Array("ustar".utf8) + [0] && version == Array("00".utf8)
        let gnu = magic == Array("ustar ".utf8) && version == [UInt8(ascii: " "), 0]
        guard posix || gnu else {
            throw BundleError.corrupt(member: rawName.flatMap { $0.isEmpty ? nil : $0 },
                                      reason: "not a ustar header (bad magic); the data is not a tar archive or is damaged")
        }
        guard let recorded = parseOctal(block[(base + checksumField.lowerBound)..<(base + checksumField.upperBound)]) else {
            throw BundleError.corrupt(member: rawName, reason: "the tar header checksum field is not an octal number")
        }
        var unsigned = 0
        var signed = 0
        for (i, byte) in block.enumerated() {
            let value = checksumField.contains(i) ? UInt8(ascii: " ") : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        // Historical writers summed signed chars; POSIX says unsigned. Accept either.
        guard recorded == unsigned || recorded == signed else {
            throw BundleError.corrupt(member: rawName, reason: "bad tar header checksum (recorded \(recorded), "
                + "computed \(unsigned)); the archive is damaged")
        }
        guard let name = rawName else {
            throw BundleError.unsafePath(member: "?", reason: "the member name is not valid UTF-8")
        }
        if gnu { return name }
        guard let prefix = string(block, prefixField, base: base) else {
            throw BundleError.unsafePath(member: name, reason: "the name prefix is not valid UTF-8")
        }
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// A name that extracts inside the current directory: not empty, not absolute, no `..`
    /// component, no backslash.
    private static func checkPath(_ name: String) throws {
        guard !name.isEmpty else { throw BundleError.unsafePath(member: name, reason: "the member name is empty") }
        guard !name.hasPrefix("/") else {
            throw BundleError.unsafePath(member: name, reason: "the path is absolute")
        }
        guard !name.split(separator: "/", omittingEmptySubsequences: false).contains("..") else {
            throw BundleError.unsafePath(member: name, reason: "the path contains '..'")
        }
        guard !name.contains("\\") else {
            throw BundleError.unsafePath(member: name, reason: "the path contains a backslash")
        }
    }

    /// Only regular files ('0', or NUL from old writers).
    private static func checkType(_ flag: UInt8, name: String) throws {
        let type: String
        switch flag {
        case 0, UInt8(ascii: "0"): return
        case UInt8(ascii: "1"): type = "hard link"
        case UInt8(ascii: "2"): type = "symbolic link"
        case UInt8(ascii: "3"): type = "character device"
        case UInt8(ascii: "4"): type = "block device"
        case UInt8(ascii: "5"): type = "directory"
        case UInt8(ascii: "6"): type = "FIFO"
        case UInt8(ascii: "7"): type = "contiguous file"
        case UInt8(ascii: "x"), UInt8(ascii: "g"): type = "pax extended header"
        case UInt8(ascii: "L"), UInt8(ascii: "K"): type = "GNU long-name entry"
        default:
            type = flag >= 0x20 && flag < 0x7f
                ? "tar entry of unknown type '\(Character(Unicode.Scalar(flag)))'" : "tar entry of unknown type \(flag)"
        }
        throw BundleError.unsupportedEntryType(member: name, type: type)
    }

    /// The size field: octal, or GNU base-256 (high bit of the first byte set).
    private static func parseSize(_ block: ArraySlice<UInt8>, name: String) throws -> Int {
        let base = block.startIndex
        let field = block[(base + sizeField.lowerBound)..<(base + sizeField.upperBound)]
        if let first = field.first, first & 0x80 != 0 {
            guard first & 0x40 == 0 else {
                throw BundleError.corrupt(member: name, reason: "the tar size field is negative")
            }
            var value = Int(first & 0x3f)
            for byte in field.dropFirst() {
                guard value <= (Int.max >> 8) else {
                    throw BundleError.limitExceeded(member: name, reason: "its size does not fit in 63 bits")
                }
                value = value << 8 | Int(byte)
            }
            return value
        }
        guard let size = parseOctal(field) else {
            throw BundleError.corrupt(member: name, reason: "the tar size field is not an octal number")
        }
        return size
    }

    /// An octal field: optional leading spaces, digits, then NUL or space padding to the end.
    /// Nil when there are no digits or other characters appear.
    private static func parseOctal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        var index = field.startIndex
        while index < field.endIndex && field[index] == UInt8(ascii: " ") { index += 1 }
        while index < field.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(field[index]) {
            guard value <= (Int.max >> 3) else { return nil }
            value = value << 3 | Int(field[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        guard digits > 0, field[index...].allSatisfy({ $0 == 0 || $0 == UInt8(ascii: " ") }) else { return nil }
        return value
    }

    /// The NUL-terminated string of a field, nil when it is not UTF-8.
    private static func string(_ block: ArraySlice<UInt8>, _ field: Range<Int>, base: Int) -> String? {
        let bytes = block[(base + field.lowerBound)..<(base + field.upperBound)]
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(validating: bytes[bytes.startIndex..<end], as: UTF8.self)
    }
}
