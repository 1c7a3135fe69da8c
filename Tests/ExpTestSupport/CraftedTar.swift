/// A hand-made POSIX ustar writer and reader, independent of the archive code under test, for
/// crafting hostile archives: lying sizes, unsafe names, links and devices, missing end blocks.
///
/// Headers are written as GNU tar writes them (mode 0644, owner 0/0, mtime 0, checksum as six
/// octal digits, NUL, space); only what an ``Entry`` says varies.
///
/// ```swift
/// let tar = CraftedTar.archive([
///     .init(name: "model.json", bytes: Array("{}".utf8)),
///     .init(name: "scaler.json", type: "2", linkName: "/etc/passwd"),
/// ])
/// ```
public enum CraftedTar {
    /// One member as the header describes it.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var bytes: [UInt8]
        /// The type flag: "0" regular file, "1" hard link, "2" symbolic link, "5" directory, …
        public var type: Character
        public var linkName: String
        /// The size written in the header, when it should lie (else the size of `bytes`).
        public var declaredSize: Int?
        /// The ustar name prefix (joined to `name` with a slash by readers).
        public var prefix: String

        public init(name: String, bytes: [UInt8] = [], type: Character = "0", linkName: String = "",
                    declaredSize: Int? = nil, prefix: String = "") {
            self.name = name
            self.bytes = bytes
            self.type = type
            self.linkName = linkName
            self.declaredSize = declaredSize
            self.prefix = prefix
        }
    }

    /// The 512-byte header block of `entry`.
    public static func header(_ entry: Entry) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (i, byte) in text.utf8.enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(entry.name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(entry.declaredSize ?? entry.bytes.count, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(String(entry.type), at: 156)
        put(entry.linkName, at: 157)
        put("ustar", at: 257)
        put("00", at: 263)
        put(octal(0, width: 8), at: 329)
        put(octal(0, width: 8), at: 337)
        put(entry.prefix, at: 345)
        put("        ", at: 148)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148)  // six digits, then NUL and space
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }

    /// The archive of `entries`, in order, each padded to whole blocks, then `endBlocks` zero
    /// blocks (two in a well-formed archive).
    public static func archive(_ entries: [Entry], endBlocks: Int = 2) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out += header(entry)
            out += entry.bytes
            out += [UInt8](repeating: 0, count: (512 - entry.bytes.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 512 * endBlocks)
    }

    /// The archive of `members` sorted by name, as regular files.
    public static func archive(members: [String: [UInt8]]) -> [UInt8] {
        archive(members.keys.sorted().map { Entry(name: $0, bytes: members[$0] ?? []) })
    }

    /// The entries of an uncompressed archive: name (up to 100 bytes; the prefix is not read),
    /// type and contents, up to the first zero block.
    public static func entries(of tar: [UInt8]) -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        while offset + 512 <= tar.count {
            let header = Array(tar[offset..<(offset + 512)])
            if header.allSatisfy({ $0 == 0 }) { break }
            let name = String(decoding: header[0..<100].prefix { $0 != 0 }, as: UTF8.self)
            let sizeText = String(decoding: header[124..<136].prefix { $0 != 0 && $0 != 32 }, as: UTF8.self)
            let size = Int(sizeText, radix: 8) ?? 0
            let start = offset + 512
            entries.append(Entry(name: name, bytes: Array(tar[start..<min(tar.count, start + size)]),
                                 type: Character(Unicode.Scalar(header[156]))))
            offset = start + (size + 511) / 512 * 512
        }
        return entries
    }
}
