import Foundation
import Kernel
import TestSupport
import Testing

/// Text with a NUL character is a 422 naming the field, on every kind of string field, both
/// transports and both databases (PostgreSQL refuses to store it and SQLite's text would end
/// at it: a 500, or two records that read back alike); and a secret field of the wrong type is
/// not echoed back in the 422.
@Suite("Security: NUL characters and secret inputs")
struct NulAndSecretInputTests {
    @Test(arguments: Shop.matrix)
    func textWithNulIsRefused(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let customer = try await shop.customer()
            let calls: [(String, JSONObject, String?, String)] = [
                ("catalog.brands.create", ["name": "Acme\u{0}one", "slug": "acme-one"], shop.adminToken, "name"),
                ("catalog.products.list", ["q": "a\u{0}b"], nil, "q"),
                ("auth.login", ["username": "x\u{0}@example.com", "password": "whatever1"], nil, "username"),
                ("auth.register", ["email": "n\u{0}@example.com", "password": "long enough"], nil, "email"),
            ]
            for (method, params, token, field) in calls {
                let reply = try await shop.app.call(method, params, via: via, token: token)
                #expect(reply.status == 422, "\(method): \(reply.body)")
                let issue = reply.detail?.arrayItems?.first
                #expect(issue?["loc"]?.arrayItems?.last == .string(field), "\(method): \(reply.body)")
                #expect(issue?["type"] == "value_error", "\(method): \(reply.body)")
            }
            let brands = try await shop.app.call("catalog.brands.list", via: via)
            #expect(!brands.array.contains { $0["slug"] == "acme-one" })
            // HTTP header values cannot carry a NUL (HTTPTypes replaces it); JSON-RPC params can.
            guard via == .rpc else { return }
            let product = try await shop.product()
            let keyed = try await shop.app.call(
                "orders.create", ["items": [["product_id": .int(Int64(product)), "quantity": 1]]], via: via,
                token: customer.token, idempotencyKey: "key\u{0}")
            #expect(keyed.status == 422, "\(keyed.body)")
            #expect(try await shop.orderCount() == 0)
        }
    }

    @Test(arguments: Shop.matrix)
    func secretsOfTheWrongTypeAreNotEchoed(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            var replies = [
                try await shop.app.call(
                    "auth.register", ["email": "s@example.com", "password": ["MySecretPw1"]], via: via)
            ]
            if via == .rpc {  // over HTTP the login is a form, where every value is text
                replies.append(
                    try await shop.app.call(
                        "auth.login", ["username": "s@example.com", "password": 12_345_678], via: via))
            }
            for reply in replies {
                #expect(reply.status == 422)
                #expect(!String(decoding: reply.bytes, as: UTF8.self).contains("MySecretPw1"), "\(reply.body)")
                #expect(!String(decoding: reply.bytes, as: UTF8.self).contains("12345678"), "\(reply.body)")
            }
        }
    }

    /// A body that is not an object still never echoes a secret: a JSON array holding the
    /// credentials, a JSON object sent as text, a form sent to a JSON operation (found by a QA
    /// pass: all three echoed the password or refresh token in the 422's `input`).
    @Test(arguments: TestEnvironment.backends)
    func secretsInABodyThatIsNotAnObjectAreNotEchoed(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let credentials = #"{"email":"s@example.com","password":"MySecretPw1"}"#
            let replies = [
                try await shop.app.http(
                    .post, "/auth/register", json: [["email": "s@example.com", "password": "MySecretPw1"]]),
                try await shop.app.http(
                    .post, "/auth/register", raw: credentials, headers: ["content-type": "text/plain"]),
                try await shop.app.http(
                    .post, "/auth/logout", raw: "refresh_token=MySecretPw1",
                    headers: ["content-type": "application/x-www-form-urlencoded"]),
            ]
            for reply in replies {
                #expect(reply.status == 422)
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(!text.contains("MySecretPw1"), "\(text)")
            }
        }
    }

    /// A missing form field is reported with a null `input`, as FastAPI does (a missing JSON
    /// member shows the whole object).
    @Test(arguments: TestEnvironment.backends)
    func aMissingFormFieldHasANullInput(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let reply = try await shop.app.http(.post, "/auth/login", form: ["password": "MySecretPw1"])
            #expect(reply.status == 422)
            #expect(
                reply.json["detail"]
                    == [["type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": nil]])
        }
    }
}
