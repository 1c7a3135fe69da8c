import ExpDomain
import CZlib

/// gzip (RFC 1952) compression and bounded decompression through zlib.
///
/// Output is deterministic for a given zlib: the header has no file name, no comment and
/// modification time 0, the OS byte is 3 (Unix) on every platform, and the deflate parameters are
/// fixed (level 9 unless asked otherwise, window 15, memLevel 8, default strategy).
///
/// Related zlib documentation: <https://zlib.net/manual.html> (`deflateInit2`, `deflateSetHeader`,
/// `inflateInit2`, `inflate`).
enum Gzip {
    /// The compression level bundles are written with.
    static let defaultLevel: Int32 = 9
    /// Output is produced in chunks of this size; decompression overshoots its limit by at most one.
    static let chunkSize = 64 * 1024

    /// The gzip stream of `bytes`.
    /// - Throws: ``BundleError/corrupt(member:reason:)`` if zlib fails (out of memory).
    static func compress(_ bytes: [UInt8], level: Int32 = defaultLevel) throws -> [UInt8] {
        let deflater = try Deflater(level: level)
        try deflater.append(bytes)
        return try deflater.finish()
    }

    /// The data of the single gzip member `bytes`, refusing to produce more than `limit` bytes.
    ///
    /// Inflation stops as soon as the output passes `limit` (a gzip bomb never gets allocated),
    /// and fails on a truncated stream, a bad CRC or length, or any byte after the member.
    /// - Throws: ``BundleError/limitExceeded(member:reason:)`` or ``BundleError/corrupt(member:reason:)``.
    static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        guard bytes.count <= Int(UInt32.max) else {
            throw BundleError.limitExceeded(member: nil, reason: "compressed size \(bytes.count) bytes exceeds 4 GiB")
        }
        let inflater = try Inflater()
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, bytes.count * 4) + chunkSize)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try bytes.withUnsafeBufferPointer { input in
            // zlib reads `next_in` and never writes through it; the pointer is only used inside
            // this closure, while `input` is valid.
            inflater.stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            inflater.stream.pointee.avail_in = uInt(input.count)
            defer {
                inflater.stream.pointee.next_in = nil
                inflater.stream.pointee.avail_in = 0
            }
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { out in
                    inflater.stream.pointee.next_out = out.baseAddress
                    inflater.stream.pointee.avail_out = uInt(out.count)
                    let code = inflate(inflater.stream, Z_NO_FLUSH)
                    let produced = out.count - Int(inflater.stream.pointee.avail_out)
                    inflater.stream.pointee.next_out = nil
                    inflater.stream.pointee.avail_out = 0
                    return (code, produced)
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit {
                    throw BundleError.limitExceeded(
                        member: nil, reason: "the decompressed archive passes \(limit) bytes (a gzip bomb, or raise the "
                            + "reader's limits); decompression stopped")
                }
                switch code {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    let trailing = Int(inflater.stream.pointee.avail_in)
                    guard trailing == 0 else {
                        throw BundleError.corrupt(member: nil, reason: "\(trailing) trailing bytes after the gzip stream")
                    }
                    return
                case Z_BUF_ERROR:
                    // "Z_BUF_ERROR if no progress was possible": all input consumed, output room left.
                    throw BundleError.corrupt(member: nil, reason: "the gzip stream is truncated (it ends after "
                        + "\(bytes.count) bytes, before its end marker)")
                case Z_DATA_ERROR:
                    throw BundleError.corrupt(member: nil, reason: "not valid gzip data: \(inflater.message ?? "data error")")
                case Z_NEED_DICT:
                    throw BundleError.corrupt(member: nil, reason: "not valid gzip data: a preset dictionary is required")
                case Z_MEM_ERROR:
                    throw BundleError.corrupt(member: nil, reason: "zlib ran out of memory while decompressing")
                default:
                    throw BundleError.corrupt(member: nil, reason: "zlib inflate failed with code \(code)")
                }
            }
        }
        return output
    }
}

extension Gzip {
    /// An incremental gzip compressor: `append` any number of chunks, then `finish`.
    ///
    /// The `z_stream` and `gz_header` live in heap memory owned by this object: zlib keeps pointers
    /// to both (`state->strm`, `state->gzhead`), so they must not move while the stream is open.
    final class Deflater {
        private let stream: UnsafeMutablePointer<z_stream>
        private let header: UnsafeMutablePointer<gz_header>
        private var isOpen = false
        private var output: [UInt8] = []
        private var chunk = [UInt8](repeating: 0, count: Gzip.chunkSize)

        /// - Throws: ``BundleError/corrupt(member:reason:)`` if zlib cannot be initialised.
        init(level: Int32 = Gzip.defaultLevel) throws {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            header = .allocate(capacity: 1)
            header.initialize(to: gz_header())
            // "windowBits can also be greater than 15 for optional gzip encoding. Add 16 to
            // windowBits to write a simple gzip header and trailer around the compressed data."
            let code = czlib_deflate_init2(stream, level, 15 + 16, 8, Z_DEFAULT_STRATEGY)
            guard code == Z_OK else {
                throw BundleError.corrupt(member: nil, reason: "zlib deflateInit2 failed with code \(code)")
            }
            isOpen = true
            // "deflateSetHeader() provides gzip header information for when a gzip stream is
            // requested by deflateInit2()": time 0, no name, no comment, no extra field, OS 3.
            // "the application must ensure that the header remains valid until the header is
            // written" — it is ours until deinit.
            header.pointee.text = 0
            header.pointee.time = 0
            header.pointee.os = 3
            header.pointee.hcrc = 0
            let headerCode = deflateSetHeader(stream, header)
            guard headerCode == Z_OK else {
                throw BundleError.corrupt(member: nil, reason: "zlib deflateSetHeader failed with code \(headerCode)")
            }
        }

        deinit {
            // "deflateEnd frees all dynamically allocated data structures for this stream."
            if isOpen { deflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
            header.deinitialize(count: 1)
            header.deallocate()
        }

        /// Compresses `bytes` (output is buffered until ``finish()``).
        func append(_ bytes: [UInt8]) throws {
            var start = 0
            // avail_in is 32-bit: feed at most 1 GiB per call.
            repeat {
                let end = min(bytes.count, start + (1 << 30))
                try bytes[start..<end].withUnsafeBufferPointer { try run($0, flush: Z_NO_FLUSH) }
                start = end
            } while start < bytes.count
        }

        /// Ends the stream and returns the whole gzip file.
        func finish() throws -> [UInt8] {
            try run(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
            return output
        }

        /// How many compressed bytes are buffered so far.
        var compressedCount: Int { output.count }

        private func run(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) throws {
            guard isOpen else { throw BundleError.corrupt(member: nil, reason: "the gzip stream is already finished") }
            // zlib only reads through next_in; the pointer is cleared before `input` goes away.
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            defer {
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            while true {
                let stream = self.stream
                let (code, produced, outputFull) = chunk.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = uInt(out.count)
                    let code = deflate(stream, flush)
                    let left = Int(stream.pointee.avail_out)
                    stream.pointee.next_out = nil
                    stream.pointee.avail_out = 0
                    return (code, out.count - left, left == 0)
                }
                output.append(contentsOf: chunk[0..<produced])
                switch code {
                case Z_STREAM_END:
                    return
                case Z_BUF_ERROR where flush == Z_FINISH && produced == 0:
                    throw BundleError.corrupt(member: nil, reason: "zlib deflate made no progress")
                case Z_OK, Z_BUF_ERROR:
                    // With Z_NO_FLUSH, all input is consumed once deflate leaves output room;
                    // with Z_FINISH, keep going until Z_STREAM_END.
                    if flush != Z_FINISH && !outputFull { return }
                default:
                    throw BundleError.corrupt(member: nil, reason: "zlib deflate failed with code \(code)")
                }
            }
        }
    }

    /// The zlib state of one decompression, heap-allocated for the same reason as ``Deflater``.
    final class Inflater {
        let stream: UnsafeMutablePointer<z_stream>
        private var isOpen = false

        init() throws {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // "Add 16 to windowBits to enable decoding of the gzip format only" (31 = 15 + 16):
            // raw deflate and zlib streams are refused.
            let code = czlib_inflate_init2(stream, 15 + 16)
            guard code == Z_OK else {
                throw BundleError.corrupt(member: nil, reason: "zlib inflateInit2 failed with code \(code)")
            }
            isOpen = true
        }

        deinit {
            // "inflateEnd frees all dynamically allocated data structures for this stream."
            if isOpen { inflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// zlib's last error message, if any.
        var message: String? {
            stream.pointee.msg.map { String(cString: $0) }
        }
    }
}
