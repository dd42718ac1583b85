import CHiredis
import NIOCore

/// Formats commands with `redisFormatCommandArgv`, so arguments are binary-safe (any bytes,
/// including `\r\n` and NUL) without a format string.
enum RedisCommandEncoder {
    static func encode(_ arguments: [[UInt8]]) throws -> ByteBuffer {
        precondition(!arguments.isEmpty, "a Redis command needs a name")
        // One contiguous buffer holds every argument; argv points into it. The trailing byte
        // keeps the base address valid even when every argument is empty.
        var flat: [UInt8] = []
        flat.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        for argument in arguments {
            offsets.append(flat.count)
            lengths.append(argument.count)
            flat.append(contentsOf: argument)
        }
        flat.append(0)
        return try flat.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            var argv: [UnsafePointer<CChar>?] = offsets.map {
                (base + $0).assumingMemoryBound(to: CChar.self)
            }
            var target: UnsafeMutablePointer<CChar>?
            let length = redisFormatCommandArgv(&target, Int32(arguments.count), &argv, lengths)
            guard length >= 0, let target else {
                throw CacheError.protocolError("could not format command")
            }
            defer { redisFreeCommand(target) }
            return ByteBuffer(bytes: UnsafeRawBufferPointer(start: target, count: Int(length)))
        }
    }

    /// Encodes string arguments as UTF-8.
    static func encode(_ arguments: String...) throws -> ByteBuffer {
        try encode(arguments.map { Array($0.utf8) })
    }
}

/// An incremental reply parser over hiredis's `redisReader`. Not thread-safe: the channel
/// handler that owns it uses it on its event loop only.
final class RedisReplyParser {
    private let reader: UnsafeMutablePointer<redisReader>

    init() {
        guard let reader = redisReaderCreate() else { fatalError("redisReaderCreate: out of memory") }
        self.reader = reader
    }

    deinit { redisReaderFree(reader) }

    /// Feeds received bytes.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count) != REDIS_OK {
            throw CacheError.protocolError(errorString())
        }
    }

    /// The next complete reply, or nil when more bytes are needed.
    func next() throws -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw CacheError.protocolError(errorString())
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return try Self.convert(raw.assumingMemoryBound(to: redisReply.self).pointee)
    }

    private func errorString() -> String {
        withUnsafeBytes(of: reader.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Copies a hiredis reply tree into Swift values; the caller frees the tree.
    private static func convert(_ reply: redisReply) throws -> RedisValue {
        func text() -> String {
            guard let str = reply.str else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: str, count: reply.len), as: UTF8.self)
        }
        switch reply.type {
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_INTEGER:
            return .integer(Int(reply.integer))
        case REDIS_REPLY_STATUS:
            return .status(text())
        case REDIS_REPLY_ERROR:
            return .error(text())
        case REDIS_REPLY_STRING:
            guard let str = reply.str else { return .bulk([]) }
            return .bulk(Array(UnsafeRawBufferPointer(start: str, count: reply.len)))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(reply.elements)
            for index in 0..<reply.elements {
                guard let element = reply.element[index] else {
                    elements.append(.null)
                    continue
                }
                elements.append(try convert(element.pointee))
            }
            return .array(elements)
        default:
            throw CacheError.protocolError("unsupported reply type \(reply.type)")
        }
    }
}
