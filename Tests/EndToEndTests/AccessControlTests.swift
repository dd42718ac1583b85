import Foundation
import Kernel
import TestSupport
import Testing

/// Function-level authorization for every operation, generated from the operation table: a new
/// admin or user operation is covered without touching this test.
@Suite("Access control")
struct AccessControlTests {
    @Test(arguments: TestEnvironment.backends) func everyProtectedOperationRefusesOutsiders(backend: Backend)
        async throws
    {
        try await TestApp.with(backend) { app in
            let email = "plain-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let account: JSONObject = ["email": .string(email), "password": "long enough password"]
            #expect(try await app.call("auth.register", account, via: .rpc).status == 201)
            let login = try await app.call(
                "auth.login", ["username": .string(email), "password": "long enough password"], via: .rpc)
            let token = try #require(login.string("access_token"))
            for operation in app.runtime.table.operations where operation.access != .public {
                // Fill path parameters so HTTP reaches the operation; authorization comes before
                // validation, so nothing else matters.
                var params = JSONObject()
                for name in operation.http.pathParameters { params[name] = 1 }
                for via in Via.allCases {
                    let anonymous = try await app.call(operation.method, params, via: via)
                    #expect(anonymous.status == 401, "\(operation.method) over \(via) without a token")
                    let forged = try await app.call(operation.method, params, via: via, token: "not.a.token")
                    #expect(forged.status == 401, "\(operation.method) over \(via) with a forged token")
                    if operation.access == .superuser {
                        let user = try await app.call(operation.method, params, via: via, token: token)
                        #expect(user.status == 403, "\(operation.method) over \(via) as a normal user")
                        #expect(user.detail == "Forbidden")
                    }
                }
            }
        }
    }
}
