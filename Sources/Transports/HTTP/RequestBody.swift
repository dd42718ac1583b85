import Kernel

/// Turns raw request bytes into the body part of an `InputBag`, FastAPI-style.
enum RequestBody {
    static func decode(_ bytes: [UInt8], contentType original: String, format: HTTPBinding.BodyFormat) throws
        -> InputBag.Body
    {
        let contentType = original.lowercased()
        switch format {
        case .form:
            // OAuth2 password grant: a form; anything else reads as an empty form so that the
            // missing fields are reported (FastAPI does the same for a JSON login body).
            if contentType.hasPrefix("application/x-www-form-urlencoded") {
                let text = String(decoding: bytes, as: UTF8.self)
                return .object(
                    JSONObject(
                        FormDecoding.urlEncoded(Substring(text)).sorted { $0.key < $1.key }.map {
                            ($0.key, .string($0.value))
                        }))
            }
            if contentType.hasPrefix("multipart/form-data"),
                let fields = FormDecoding.multipart(bytes, contentType: original)
            {
                return .object(JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            }
            return .object(JSONObject())
        case .json:
            if bytes.isEmpty || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                return .absent
            }
            let isJSON = contentType.isEmpty || contentType.contains("json")
            guard isJSON else { return .notObject(.string(String(decoding: bytes, as: UTF8.self))) }
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch {
                throw AppError.invalid(
                    ValidationIssue(
                        type: "json_invalid", loc: ["body", .int(Int64(error.offset))], msg: "JSON decode error",
                        input: .object(JSONObject()), ctx: ["error": .string(error.reason)]))
            }
            if case .object(let object) = value { return .object(object) }
            return .notObject(value)
        }
    }
}
