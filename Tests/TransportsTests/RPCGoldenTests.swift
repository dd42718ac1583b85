import Catalog
import Kernel
import TestSupport
import Testing

/// Golden request/response pairs for the JSON-RPC dispatcher, covering JSON-RPC 2.0's cases.
@Suite("JSON-RPC golden pairs")
struct RPCGoldenTests {
    static let registry = ModuleRegistry([NotesModule.self, CatalogModule.self])

    static let pairs: [(String, String?)] = [
        ("{bad", #"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}"#),
        ("[]", #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"#),
        ("[1]", #"[{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}]"#),
        ("\"x\"", #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"#),
        (
            #"{"method":"system.info","id":1}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":{}}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":1,"id":2}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":2}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":7}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":7}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":"a"}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":"a"}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":null}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":null}"#
        ),
        // An id that cannot be echoed as its value (not finite, an integer beyond 64 bits, a
        // subnormal) is refused, not run and answered with another id; zero is zero.
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":1e400}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":5e-324}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":0.0}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":0.0}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":-0.0}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":-0.0}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":12345678901234567890123}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":9223372036854775807}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":9223372036854775807}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"system.info","id":2.5}"#,
            #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":2.5}"#
        ),
        (#"{"jsonrpc":"2.0","method":"system.info"}"#, nil),
        ("", nil),
        ("   ", nil),
        (#"[{"jsonrpc":"2.0","method":"system.info"},{"jsonrpc":"2.0","method":"system.info"}]"#, nil),
        (
            #"{"jsonrpc":"2.0","method":"nope.nothing","id":3}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":{"method":"nope.nothing"}},"id":3}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"catalog.products.list","id":4}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":{"method":"catalog.products.list","module":"catalog","detail":"method 'catalog.products.list' is in the namespace of module 'catalog', which is not enabled (`modules` in test.yaml, or ECOM_MODULES)"}},"id":4}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"notes.list","params":[1],"id":5}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"status":422,"code":"validation_error","detail":"params must be an object of named parameters"}},"id":5}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"notes.list","params":{"limit":0},"id":6}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"status":422,"code":"validation_error","detail":[{"type":"greater_than_equal","loc":["query","limit"],"msg":"Input should be greater than or equal to 1","input":0,"ctx":{"ge":1}}]}},"id":6}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"notes.get","params":{"note_id":999},"id":8}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32004,"message":"Note not found","data":{"status":404,"code":"not_found","detail":"Note not found"}},"id":8}"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"notes.whoami","id":9}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32001,"message":"Not authenticated","data":{"status":401,"code":"not_authenticated","detail":"Not authenticated"}},"id":9}"#
        ),
        (
            #"[{"jsonrpc":"2.0","method":"notes.create","params":{"body":"a"},"id":1},{"jsonrpc":"2.0","method":"system.info"},{"jsonrpc":"2.0","method":"notes.get","params":{"note_id":1},"id":2}]"#,
            #"[{"jsonrpc":"2.0","result":{"id":1,"body":"a"},"id":1},{"jsonrpc":"2.0","result":{"id":1,"body":"a"},"id":2}]"#
        ),
        (
            #"{"jsonrpc":"2.0","method":"notes.admin_ping","params":{"note_id":1},"id":10}"#,
            #"{"jsonrpc":"2.0","error":{"code":-32001,"message":"Not authenticated","data":{"status":401,"code":"not_authenticated","detail":"Not authenticated"}},"id":10}"#
        ),
    ]

    @Test func goldenPairs() async throws {
        try await TestApp.with(.sqlite, modules: ["notes"], registry: Self.registry) { app in
            let session = app.rpcSession()
            for (request, expected) in Self.pairs {
                let answer = await session.handle(line: request)
                #expect(answer == expected, "request: \(request)")
            }
        }
    }

    @Test func sessionTokenAuthenticates() async throws {
        try await TestApp.with(.sqlite, modules: ["notes"], registry: NotesModule.registry) { app in
            let session = app.rpcSession(token: NotesModule.adminToken)
            let answer = await session.handle(
                line: #"{"jsonrpc":"2.0","method":"notes.admin_ping","params":{"note_id":1},"id":1}"#)
            #expect(answer == #"{"jsonrpc":"2.0","result":null,"id":1}"#)
            let whoami = await session.handle(line: #"{"jsonrpc":"2.0","method":"notes.whoami","id":2}"#)
            #expect(whoami == #"{"jsonrpc":"2.0","result":{"id":2,"email":"admin@example.com"},"id":2}"#)
        }
    }

    @Test func discoverListsEveryMethod() async throws {
        try await TestApp.with(.sqlite, modules: ["notes"], registry: NotesModule.registry) { app in
            let answer = try await app.rpc("rpc.discover")
            guard case .array(let methods)? = answer["result"]?["methods"] else {
                Issue.record("no methods")
                return
            }
            let names = Set(methods.compactMap { $0["name"]?.stringValue })
            #expect(names == Set(app.runtime.table.operations.map(\.method)))
            let list = methods.first { $0["name"] == "notes.list" }
            #expect(list?["params"] != nil)
        }
    }
}
