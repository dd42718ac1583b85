import Foundation
import Kernel
import TestSupport
import Testing

/// OWASP API4 (unrestricted resource consumption): every page size is bounded (generated from
/// the operation table, so a new listing is covered), an order has a bounded number of lines,
/// an oversized password is refused before any hashing and never echoed, and password guessing
/// from one network client is throttled across e-mail addresses on a real socket. (Per-address
/// throttling over both transports: `LoginTests`; body size 413: `HTTPTransportTests`.)
@Suite("Security: resource limits")
struct ResourceLimitTests {
    @Test(arguments: Shop.matrix)
    func everyPageSizeIsBounded(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let customer = try await shop.customer()
            let product = try await shop.product()
            let paged = shop.app.runtime.table.operations.filter { $0.inputFields.contains { $0.name == "limit" } }
            #expect(paged.count >= 5, "\(paged.map(\.method))")
            for operation in paged {
                guard let field = operation.inputFields.first(where: { $0.name == "limit" }),
                    case .int(let maximum)? = field.schema["maximum"]
                else {
                    Issue.record("\(operation.method) has a limit without a maximum")
                    continue
                }
                #expect(maximum <= 100, "\(operation.method)")
                let token: String? =
                    switch operation.access {
                    case .public: nil
                    case .user: customer.token
                    case .superuser: shop.adminToken
                    }
                var params = JSONObject()
                for name in operation.http.pathParameters { params[name] = .int(Int64(product)) }
                for (limit, accepted) in [(maximum + 1, false), (0, false), (maximum, true)] {
                    params["limit"] = .int(limit)
                    let reply = try await shop.app.call(operation.method, params, via: via, token: token)
                    if accepted {
                        #expect(reply.status == 200, "\(operation.method) limit=\(limit): \(reply.body)")
                    } else {
                        #expect(reply.status == 422, "\(operation.method) limit=\(limit)")
                        #expect(reply.firstIssue?["loc"]?.arrayItems?.last == "limit", "\(reply.body)")
                    }
                }
            }
        }
    }

    @Test(arguments: Shop.matrix)
    func ordersAndPasswordsAreBounded(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let customer = try await shop.customer()
            let product = try await shop.product(stock: nil)
            let tooMany = try await shop.order(Array(repeating: (product, 1), count: 501), as: customer, via: via)
            #expect(tooMany.status == 422)
            #expect(tooMany.firstIssue?["type"] == "too_long")
            #expect(try await shop.orderCount() == 0)
            // Half the largest body of password is refused by length, before bcrypt, and not echoed back.
            let huge = String(repeating: "p", count: 1 << 19)
            let account: JSONObject = ["email": "huge@example.com", "password": .string(huge)]
            let refused = try await shop.app.call("auth.register", account, via: via)
            #expect(refused.status == 422)
            #expect(refused.bytes.count < 2_000)
            let login = try await shop.app.call(
                "auth.login", ["username": "huge@example.com", "password": .string(huge)], via: via)
            #expect(login.status == 401)
            #expect(login.bytes.count < 2_000)
        }
    }

    /// A chunked body (no `Content-Length`) is cut off at `http.max_body_bytes` while it is
    /// read, and answered 413 like a declared one, not 500.
    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await ServedShop.with(.sqlite) { shop in
            let port = shop.server.port
            let status = try await RawConnection.offload {
                let connection = try RawConnection(port: port)
                _ = connection.send(
                    "POST /auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                let chunk = String(repeating: "x", count: 64 * 1024)
                for _ in 0..<17 {  // 1.06 MiB in all
                    guard connection.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") else { break }
                }
                _ = connection.send("0\r\n\r\n")
                return RawConnection.status(of: connection.readUntilClosed(timeout: 30).bytes)
            }
            #expect(status == 413)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func oneClientGuessingAcrossAccountsIsLockedOut(backend: Backend) async throws {
        try await ServedShop.with(backend, auth: "login_max_failures_per_client: 3") { shop in
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            for index in 0..<3 {
                let guess = try await shop.server.request(
                    "POST", "/auth/login", body: "username=nobody-\(index)@example.com&password=guess-\(index)",
                    headers: form)
                #expect(guess.status == 401)
            }
            // Another account's right password, from the same client: refused before it is checked.
            let password = ServedShop.password.replacingOccurrences(of: " ", with: "+")
            let locked = try await shop.server.request(
                "POST", "/auth/login", body: "username=\(ServedShop.customerEmail)&password=\(password)", headers: form)
            #expect(locked.status == 429)
            #expect(locked.body.contains("Too many failed login attempts"))
            // `ecom rpc` is a local operator, not a network client: the lockout does not reach it.
            let login = #"{"username":"\#(ServedShop.customerEmail)","password":"\#(ServedShop.password)"}"#
            let rpc = try EcomProcess.run(
                ["rpc", "--config", shop.configPath],
                input: #"{"jsonrpc":"2.0","id":1,"method":"auth.login","params":\#(login)}"#)
            #expect(rpc.stdout.contains("access_token"), "\(rpc.stdout) \(rpc.stderr)")
        }
    }
}

extension Reply {
    /// The first validation issue of a 422.
    fileprivate var firstIssue: JSONValue? { detail?.arrayItems?.first }
}
