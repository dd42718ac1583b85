import Foundation
import Kernel
import Logging
import TestSupport
import Testing

/// No password, password hash, signing key, database password or token in any answer or log
/// line: a real `ecom serve` and `ecom rpc` log at trace level, as JSON, while accounts are
/// registered, logged into (right and wrong), changed by an admin and refused; then every line
/// of both logs and every answer is searched for each secret.
@Suite("Security: secrets", .serialized)
struct SecretsTests {
    @Test(arguments: TestEnvironment.backends)
    func neitherAnswersNorTraceLogsCarrySecrets(backend: Backend) async throws {
        let fresh = "Fresh-Passw0rd-\(UUID().uuidString.prefix(8))"
        let wrong = "Wrong-Passw0rd-\(UUID().uuidString.prefix(8))"
        let weak = "Weak-\(UUID().uuidString.prefix(2))"
        let databasePassword = "db-password-\(UUID().uuidString.prefix(8))"
        try await ServedShop.with(
            backend, logging: "{ level: trace, format: json }", databasePassword: databasePassword
        ) {
            shop in
            let email = "fresh-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            var answers: [String] = []
            var tokens = [shop.adminToken, shop.customerToken]
            func send(_ method: String, _ path: String, _ body: String? = nil, form: Bool = false, token: String? = nil)
                async throws -> Int
            {
                var headers = token.map { ["Authorization": "Bearer \($0)"] } ?? [:]
                if form { headers["Content-Type"] = "application/x-www-form-urlencoded" }
                let answer = try await shop.server.request(method, path, body: body, headers: headers)
                answers.append(answer.body)
                if let token = try? JSONParser.parse(answer.body)["access_token"]?.stringValue { tokens.append(token) }
                return answer.status
            }
            let account = #"{"email":"\#(email)","password":"\#(fresh)","hashed_password":"x","is_superuser":true}"#
            #expect(try await send("POST", "/auth/register", account) == 201)
            #expect(try await send("POST", "/auth/register", account) == 409)
            #expect(try await send("POST", "/auth/register", #"{"email":"w-\#(email)","password":"\#(weak)"}"#) == 422)
            #expect(try await send("POST", "/auth/register", #"{"email":"\#(email)"}"#) == 422)
            #expect(try await send("POST", "/auth/login", "username=\(email)&password=\(wrong)", form: true) == 401)
            #expect(try await send("POST", "/auth/login", "username=\(email)&password=\(fresh)", form: true) == 200)
            #expect(try await send("GET", "/users/me", token: tokens.last) == 200)
            #expect(try await send("GET", "/users/me", token: shop.customerToken + "x") == 401)
            for change in ["promote", "demote", "deactivate", "activate"] {
                #expect(
                    try await send("POST", "/admin/users/\(change)", #"{"email":"\#(email)"}"#, token: shop.adminToken)
                        == 200)
            }
            let rpc = try EcomProcess.run(
                ["rpc", "--config", shop.configPath],
                input: [
                    #"{"jsonrpc":"2.0","id":1,"method":"auth.login","params":{"username":"\#(email)","password":"\#(fresh)"}}"#,
                    #"{"jsonrpc":"2.0","id":2,"method":"auth.login","params":{"username":"\#(email)","password":"\#(wrong)"}}"#,
                    #"{"jsonrpc":"2.0","id":3,"method":"auth.register","params":{"email":"r-\#(email)","password":"\#(fresh)"}}"#,
                    #"{"jsonrpc":"2.0","id":4,"method":"users.me"}"#,
                ].joined(separator: "\n"))
            #expect(rpc.status == 0, "\(rpc.stderr)")
            answers.append(rpc.stdout)
            for line in rpc.stdout.split(separator: "\n") {
                if let token = try? JSONParser.parse(String(line))["result"]?["access_token"]?.stringValue {
                    tokens.append(token)
                }
            }
            #expect(tokens.count == 4, "logins over HTTP and JSON-RPC")
            #expect(try await shop.server.stop() == 0)
            let logs = shop.server.logs() + "\n" + rpc.stderr

            #expect(logs.contains(#""message":"login failed""#), "the logs were not written at all")
            var secrets: [(String, String)] = [
                ("password", ServedShop.password), ("password", fresh), ("wrong password", wrong),
                ("weak password", weak), ("signing key", ServedShop.secretKey),
            ]
            if backend == .postgres { secrets.append(("database password", databasePassword)) }
            // A token's signature is what makes it usable; the header and claims are no secret.
            secrets += tokens.compactMap { $0.split(separator: ".").last.map { ("token", String($0)) } }
            for hash in try await Self.storedHashes(shop.databaseURL) {
                // The hash, and its checksum as text and as hex (PostgresNIO's trace dumps rows in hex).
                let checksum = String(hash.suffix(31))
                secrets += [("password hash", hash), ("hash checksum", checksum), ("hash in hex", Self.hex(checksum))]
            }
            #expect(secrets.count > 10)
            let bcrypt = try Regex(#"\$2[abxy]?\$[0-9]{2}\$"#)
            for line in logs.split(separator: "\n") {
                for (name, secret) in secrets where line.contains(secret) {
                    Issue.record("a log line carries a \(name): \(line.prefix(400))")
                }
                #expect(line.firstMatch(of: bcrypt) == nil, "a log line carries a bcrypt hash: \(line.prefix(400))")
            }
            for answer in answers {
                #expect(!answer.contains("hashed_password"), "\(answer)")
                #expect(answer.firstMatch(of: bcrypt) == nil, "\(answer)")
                for (name, secret) in secrets where name != "token" && answer.contains(secret) {
                    Issue.record("an answer carries a \(name): \(answer)")
                }
            }
        }
    }

    /// The password hashes stored in `url`'s `users` table.
    static func storedHashes(_ url: String) async throws -> [String] {
        var logger = Logger(label: "test.hashes")
        logger.logLevel = .error
        return try await TestDatabase.using(DatabaseSettings(url: url), logger: logger) { database in
            let rows = try await database.sql.raw("SELECT hashed_password FROM users").all()
            return try rows.map { try $0.decode(column: "hashed_password", as: String.self) }
        }
    }

    static func hex(_ text: String) -> String {
        text.utf8.map { String(format: "%02x", $0) }.joined()
    }
}
