/// A decoded Redis reply (RESP2, the protocol hiredis 0.14+ speaks by default).
enum RedisValue: Sendable, Equatable {
    case null
    case integer(Int)
    case status(String)
    case error(String)
    case bulk([UInt8])
    case array([RedisValue])

    /// Throws the reply as `CacheError.server` when it is an error reply.
    func checked() throws -> RedisValue {
        if case .error(let message) = self { throw CacheError.server(message) }
        return self
    }

    /// A bulk string or nil; anything else is a protocol error.
    func bytesOrNil() throws -> [UInt8]? {
        switch try checked() {
        case .null: return nil
        case .bulk(let bytes): return bytes
        default: throw CacheError.protocolError("expected a bulk string reply")
        }
    }

    /// An integer reply.
    func integer() throws -> Int {
        guard case .integer(let value) = try checked() else {
            throw CacheError.protocolError("expected an integer reply")
        }
        return value
    }

    /// A `+OK`-style status reply.
    func expectStatus(_ expected: String) throws {
        guard case .status(let status) = try checked(), status == expected else {
            throw CacheError.protocolError("expected +\(expected)")
        }
    }
}
