import Kernel
import TestSupport
import Testing

@Suite("HTTP transport")
struct HTTPTransportTests {
    func withNotes(_ backend: Backend = .sqlite, _ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with(backend, modules: ["notes"], registry: NotesModule.registry, body)
    }

    @Test func unknownPathIs404AndWrongMethodIs405() async throws {
        try await withNotes { app in
            let missing = try await app.http(.get, "/nope")
            #expect(missing.status == 404)
            #expect(missing.json == ["detail": "Not Found"])
            let wrong = try await app.http(.put, "/notes")
            #expect(wrong.status == 405)
            #expect(wrong.json == ["detail": "Method Not Allowed"])
            #expect(wrong.header("Allow") == "GET, POST")
            // Starlette matches the percent-decoded path and keeps empty segments.
            #expect(try await app.http(.get, "/no%74es").status == 200)
            for path in ["//notes", "/notes//1", "/notes/1%2F2"] {
                #expect(try await app.http(.get, path).status == 404, "\(path)")
            }
        }
    }

    @Test func trailingSlashRedirects() async throws {
        try await withNotes { app in
            let response = try await app.http(.get, "/notes/?limit=2")
            #expect(response.status == 307)
            #expect(response.header("Location") == "http://localhost/notes?limit=2")
            // Every trailing slash goes, whatever the method, when the path without them exists.
            let redirects = [
                ("/notes", try await app.http(.get, "/notes//")), ("/notes", try await app.http(.put, "/notes/")),
                ("/notes", try await app.http(.get, "/notes/%2F")),
                ("/notes/1", try await app.http(.get, "/notes/1/")), ("/docs", try await app.http(.post, "/docs/")),
            ]
            for (location, redirect) in redirects {
                #expect(redirect.status == 307, "\(location)")
                #expect(redirect.header("Location") == "http://localhost" + location, "\(location)")
            }
            #expect(try await app.http(.get, "/nope/").status == 404)
            #expect(try await app.http(.get, "///").status == 404)
        }
    }

    /// The path of a `Location` is decoded and quoted again as Starlette does it (each case
    /// checked against FastAPI under uvicorn); the query is passed as sent.
    @Test func redirectPathsAreQuotedAsStarletteQuotesThem() async throws {
        try await withNotes { app in
            let cases = [
                ("/notes/1%3Fx/", "/notes/1%3Fx"), ("/notes/%C3%a9/", "/notes/%C3%A9"),
                ("/notes/a%20b/?q=%zz", "/notes/a%20b?q=%zz"), ("/notes/a%5Cb/", "/notes/a%5Cb"),
            ]
            for (path, location) in cases {
                let response = try await app.http(.get, path)
                #expect(response.status == 307, "\(path)")
                #expect(response.header("Location") == "http://localhost" + location, "\(path)")
            }
        }
    }

    @Test(arguments: TestEnvironment.backends) func createAndReadRoundTrip(backend: Backend) async throws {
        try await withNotes(backend) { app in
            let created = try await app.http(.post, "/notes", json: ["body": "hello", "ignored": true])
            #expect(created.status == 201)
            #expect(created.json["body"] == "hello")
            guard case .int(let id)? = created.json["id"] else {
                Issue.record("no id in \(created.text)")
                return
            }
            let read = try await app.http(.get, "/notes/\(id)")
            #expect(read.status == 200)
            #expect(read.json == created.json)
            #expect(try await app.http(.get, "/notes/999999").json == ["detail": "Note not found"])
        }
    }

    @Test func validationErrorsLookLikeFastAPI() async throws {
        try await withNotes { app in
            let limit = try await app.http(.get, "/notes?limit=101")
            #expect(limit.status == 422)
            #expect(
                limit.json == [
                    "detail": [
                        [
                            "type": "less_than_equal", "loc": ["query", "limit"],
                            "msg": "Input should be less than or equal to 100", "input": "101", "ctx": ["le": 100],
                        ]
                    ]
                ])
            let path = try await app.http(.get, "/notes/abc")
            #expect(path.json["detail"]?.arrayFirst?["type"] == "int_parsing")
            #expect(path.json["detail"]?.arrayFirst?["loc"] == ["path", "note_id"])
            let missing = try await app.http(.post, "/notes")
            #expect(
                missing.json == [
                    "detail": [["type": "missing", "loc": ["body"], "msg": "Field required", "input": nil]]
                ])
            let notObject = try await app.http(.post, "/notes", json: [1, 2])
            #expect(notObject.json["detail"]?.arrayFirst?["type"] == "model_attributes_type")
            let field = try await app.http(.post, "/notes", json: ["copies": 0])
            #expect(field.json["detail"]?.arrayCount == 2)
            let enumIssue = try await app.http(.get, "/notes?order=NEW")
            #expect(enumIssue.json["detail"]?.arrayFirst?["msg"] == "Input should be 'newest' or 'oldest'")
            let boolIssue = try await app.http(.get, "/notes?flag=maybe")
            #expect(boolIssue.json["detail"]?.arrayFirst?["type"] == "bool_parsing")
        }
    }

    @Test func laxCoercionLikePydantic() async throws {
        try await withNotes { app in
            let response = try await app.http(.get, "/notes?limit=%207&flag=yes&q=")
            #expect(response.json == ["limit": 7, "q": "", "order": "newest", "flag": true])
        }
    }

    /// Read as FastAPI reads a body: `application/json` or `application/*+json` (or no type),
    /// in the encoding Python's `json.loads` detects; bytes that are not in it are a 400.
    @Test func bodiesAreDecodedLikeFastAPI() async throws {
        try await withNotes { app in
            let note = #"{"body":"hi"}"#
            func post(_ bytes: [UInt8], _ type: String = "application/json") async throws -> TestResponse {
                try await app.http(.post, "/notes", bytes: bytes, headers: ["Content-Type": type])
            }
            var utf16 = [UInt8]([0xFF, 0xFE])
            for unit in note.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            for bytes in [[0xEF, 0xBB, 0xBF] + Array(note.utf8), utf16] {
                #expect(try await post(bytes).status == 201)
            }
            #expect(try await post(Array(note.utf8), "application/vnd.api+json").status == 201)
            #expect(try await post(Array(note.utf8), "Application/JSON; charset=utf-8").status == 201)
            for type in ["text/json", "application/json, text/plain", "application/jsonx"] {
                let refused = try await post(Array(note.utf8), type)
                #expect(refused.json["detail"]?.arrayFirst?["type"] == "model_attributes_type", "\(type)")
            }
            let latin1 = try await post(Array(#"{"body":""#.utf8) + [0xE9] + Array(#""}"#.utf8))
            #expect(latin1.status == 400)
            #expect(latin1.json == ["detail": "There was an error parsing the body"])
            let blank = try await post(Array("  ".utf8))
            #expect(blank.json["detail"]?.arrayFirst?["loc"] == ["body", 2])
        }
    }

    @Test func malformedJSONIs422BeforeAuthentication() async throws {
        try await withNotes { app in
            let response = try await app.http(
                .post, "/notes", raw: "{bad", headers: ["Content-Type": "application/json"])
            #expect(response.status == 422)
            #expect(response.json["detail"]?.arrayFirst?["type"] == "json_invalid")
            let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            let nested = try await app.http(.post, "/notes", raw: deep, headers: ["Content-Type": "application/json"])
            #expect(nested.status == 422)
        }
    }

    @Test func accessLevels() async throws {
        try await withNotes { app in
            let anonymous = try await app.http(.get, "/notes-me")
            #expect(anonymous.status == 401)
            #expect(anonymous.json == ["detail": "Not authenticated"])
            #expect(anonymous.header("WWW-Authenticate") == "Bearer")
            let basic = try await app.http(.get, "/notes-me", headers: ["Authorization": "Basic eDp5"])
            #expect(basic.status == 401)
            let bad = try await app.http(.get, "/notes-me", token: "nope")
            #expect(bad.json == ["detail": "Could not validate credentials"])
            let user = try await app.http(.get, "/notes-me", token: NotesModule.userToken)
            #expect(user.json == ["id": 1, "email": "user@example.com"])
            // Authorisation comes before validation: a bad path parameter still gets 401/403.
            #expect(try await app.http(.delete, "/admin/notes/0").status == 401)
            #expect(try await app.http(.delete, "/admin/notes/0", token: NotesModule.userToken).status == 403)
            #expect(try await app.http(.delete, "/admin/notes/0", token: NotesModule.adminToken).status == 422)
            let done = try await app.http(.delete, "/admin/notes/3", token: NotesModule.adminToken)
            #expect(done.status == 204)
            #expect(done.body.isEmpty)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await TestApp.with(
            .sqlite, modules: ["notes"], registry: NotesModule.registry, extraYAML: "", transport: .router
        ) { app in
            let big = String(repeating: "x", count: (1 << 20) + 10)
            let response = try await app.http(
                .post, "/notes", raw: "{\"body\":\"\(big)\"}", headers: ["Content-Type": "application/json"])
            #expect(response.status == 413)
            #expect(response.json["detail"] == "Request body too large")
        }
    }

    @Test func requestIDIsEchoedOrGenerated() async throws {
        try await withNotes { app in
            let echoed = try await app.http(.get, "/", headers: ["X-Request-ID": "abc-123"])
            #expect(echoed.header("X-Request-ID") == "abc-123")
            let generated = try await app.http(.get, "/")
            #expect((generated.header("X-Request-ID") ?? "").count == 36)
            #expect(generated.json == ["name": "E-commerce Core API", "docs": "/docs"])
        }
    }

    @Test func healthReportsDatabaseAndCache() async throws {
        try await withNotes { app in
            let response = try await app.http(.get, "/healthz")
            #expect(response.status == 200)
            #expect(response.json["status"] == "ok")
            // The original's `redis` key is null when the cache is not Redis.
            #expect(response.json["services"] == ["db": "ok", "redis": nil, "cache": "ok"])
        }
    }

    @Test func openAPIListsEveryOperation() async throws {
        try await withNotes { app in
            let document = try await app.http(.get, "/openapi.json").json
            #expect(document["openapi"] == "3.1.0")
            for operation in app.runtime.table.operations {
                #expect(document["paths"]?[operation.http.path]?[operation.http.method.rawValue.lowercased()] != nil)
            }
        }
    }
}

extension JSONValue {
    /// The first element of an array value.
    var arrayFirst: JSONValue? {
        if case .array(let values) = self { return values.first }
        return nil
    }

    var arrayCount: Int? {
        if case .array(let values) = self { return values.count }
        return nil
    }
}
