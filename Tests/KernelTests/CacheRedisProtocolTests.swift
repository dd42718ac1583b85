import Testing

@testable import Kernel

/// hiredis as formatter and parser, without a server.
@Suite struct CacheRedisProtocolTests {
    @Test func formatsBinarySafeCommands() throws {
        let command = try RedisCommandEncoder.encode([bytes("SET"), bytes("k:\r\n"), [0, 255], []])
        #expect(
            Array(command.readableBytesView) == bytes("*4\r\n$3\r\nSET\r\n$4\r\nk:\r\n\r\n$2\r\n") + [0, 255]
                + bytes("\r\n$0\r\n\r\n"))
        let empty = try RedisCommandEncoder.encode([[]])
        #expect(Array(empty.readableBytesView) == bytes("*1\r\n$0\r\n\r\n"))
    }

    @Test func parsesEveryReplyKindAcrossArbitraryChunks() throws {
        let wire = bytes(
            "+OK\r\n-ERR boom\r\n:42\r\n:-7\r\n$-1\r\n$0\r\n\r\n$5\r\nh\r\nlo\r\n*-1\r\n*0\r\n"
                + "*4\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n+nested\r\n-E inner\r\n")
        let expected: [RedisValue] = [
            .status("OK"), .error("ERR boom"), .integer(42), .integer(-7), .null, .bulk([]), .bulk(bytes("h\r\nlo")),
            .null, .array([]),
            .array([.bulk(bytes("a")), .array([.integer(1), .null]), .status("nested"), .error("E inner")]),
        ]
        for chunkSize in [1, 2, 3, 7, wire.count] {
            let parser = RedisReplyParser()
            var replies: [RedisValue] = []
            var offset = 0
            while offset < wire.count {
                let chunk = Array(wire[offset..<min(offset + chunkSize, wire.count)])
                try chunk.withUnsafeBytes { try parser.feed($0) }
                while let reply = try parser.next() { replies.append(reply) }
                offset += chunkSize
            }
            #expect(replies == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func rejectsGarbage() throws {
        let parser = RedisReplyParser()
        try bytes("?what\r\n").withUnsafeBytes { try parser.feed($0) }
        #expect(throws: CacheError.self) { try parser.next() }
    }

    @Test func interpretsReplies() throws {
        #expect(try RedisValue.bulk(bytes("x")).bytesOrNil() == bytes("x"))
        #expect(try RedisValue.null.bytesOrNil() == nil)
        #expect(try RedisValue.integer(3).integer() == 3)
        #expect(throws: CacheError.server("WRONGTYPE nope")) { try RedisValue.error("WRONGTYPE nope").bytesOrNil() }
        #expect(throws: CacheError.self) { try RedisValue.status("OK").integer() }
        #expect(throws: CacheError.self) { try RedisValue.status("QUEUED").expectStatus("OK") }
    }

    @Test func keyLayoutIsUnambiguous() {
        let triples: [(String, Int, String)] = [
            ("a", 1, "b:c"), ("a:1", 1, "c"), ("a", 11, "c"), ("a:1:b", 1, "c"), ("a", 1, "1:b:c"),
        ]
        let keys = Set(triples.map { CacheKeys.entry($0.0, generation: $0.1, key: $0.2) })
        #expect(keys.count == triples.count)
        #expect(
            CacheKeys.entry("catalog.products", generation: 3, key: "list") == "ecom:e:16:catalog.products:3:4:list")
        #expect(CacheKeys.generation("catalog.products") == "ecom:gen:catalog.products")
    }
}
