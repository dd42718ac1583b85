import Kernel
import TestSupport
import Testing

/// Form bodies (the login) read as Starlette reads them: the media type must be exactly a form
/// type, a multipart body needs its boundary, and a file part is no text field.
@Suite("Form bodies")
struct FormBodyTests {
    static let password = "correct horse battery"

    func login(_ app: TestApp, _ body: String, type: String) async throws -> TestResponse {
        try await app.http(.post, "/auth/login", raw: body, headers: ["Content-Type": type])
    }

    static func part(_ name: String, _ value: String, filename: String? = nil) -> String {
        let file = filename.map { "; filename=\"\($0)\"\r\nContent-Type: text/plain" } ?? ""
        return "--XX\r\nContent-Disposition: form-data; name=\"\(name)\"\(file)\r\n\r\n\(value)\r\n"
    }

    @Test func formTypesAreMatchedExactly() async throws {
        try await TestApp.with(.sqlite) { app in
            let registered = try await app.call(
                "auth.register", ["email": "form@example.com", "password": .string(Self.password)], via: .rpc)
            try #require(registered.status == 201)
            let form = "username=form%40example.com&password=correct+horse+battery"
            #expect(try await login(app, form, type: "Application/X-WWW-Form-Urlencoded; charset=utf-8").status == 200)
            let lookalike = try await login(app, form, type: "application/x-www-form-urlencodedX")
            #expect(lookalike.status == 422)
            guard case .array(let issues)? = lookalike.json["detail"] else { throw TestSetupError(lookalike.text) }
            #expect(issues.map { $0["type"] } == ["missing", "missing"])
            let multipart =
                Self.part("username", "form@example.com") + Self.part("password", Self.password) + "--XX--\r\n"
            #expect(try await login(app, multipart, type: "multipart/form-data; boundary=XX").status == 200)
            #expect(try await login(app, multipart, type: "multipart/form-data; boundary=\"XX\"").status == 200)
        }
    }

    @Test func brokenMultipartIs400AndAFileIsNoText() async throws {
        try await TestApp.with(.sqlite) { app in
            let body = Self.part("username", "a@example.com") + Self.part("password", "pw") + "--XX--\r\n"
            let missing = try await login(app, body, type: "multipart/form-data")
            #expect(missing.status == 400 && missing.json == ["detail": "Missing boundary in multipart."])
            for type in ["multipart/form-data; boundary=YY", "multipart/form-data; boundary="] {
                let wrong = try await login(app, body, type: type)
                #expect(
                    wrong.status == 400 && wrong.json == ["detail": "There was an error parsing the body"], "\(type)")
            }
            let garbage = try await login(app, "garbage", type: "multipart/form-data; boundary=XX")
            #expect(garbage.status == 400)
            let file =
                Self.part("username", "a@example.com", filename: "a.txt") + Self.part("password", "pw") + "--XX--\r\n"
            let refused = try await login(app, file, type: "multipart/form-data; boundary=XX")
            #expect(refused.status == 422)
            #expect(refused.json["detail"]?.arrayFirst?["type"] == "string_type")
            #expect(refused.json["detail"]?.arrayFirst?["loc"] == ["body", "username"])
        }
    }
}
