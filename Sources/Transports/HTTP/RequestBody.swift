import Foundation
import Kernel

/// Turns raw request bytes into the body part of an `InputBag`, FastAPI-style.
enum RequestBody {
    static func decode(_ bytes: [UInt8], contentType original: String, format: HTTPBinding.BodyFormat) throws
        -> InputBag.Body
    {
        let contentType = original.lowercased()
        switch format {
        case .form:
            // OAuth2 password grant: a form; any other type reads as an empty form so that the
            // missing fields are reported (FastAPI does the same for a JSON login body).
            switch mediaType(contentType) {
            case "application/x-www-form-urlencoded":
                let text = String(decoding: bytes, as: UTF8.self)
                return .object(
                    JSONObject(
                        FormDecoding.urlEncoded(Substring(text)).sorted { $0.key < $1.key }.map {
                            ($0.key, .string($0.value))
                        }))
            case "multipart/form-data":
                guard let boundary = FormDecoding.boundary(original) else {
                    throw AppError(status: 400, code: "body_unreadable", detail: "Missing boundary in multipart.")
                }
                guard let fields = FormDecoding.multipart(bytes, boundary: boundary) else { throw unreadable }
                return .object(JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            default:
                return .object(JSONObject())
            }
        case .json:
            if bytes.isEmpty { return .absent }
            guard isJSON(contentType) else { return .notObject(.string(String(decoding: bytes, as: UTF8.self))) }
            guard let text = utf8(bytes) else { throw unreadable }
            let value: JSONValue
            do {
                value = try JSONParser.parse(text)
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

    private static let unreadable = AppError(
        status: 400, code: "body_unreadable", detail: "There was an error parsing the body")

    /// The media type of a (lower-cased) content type, without its parameters.
    static func mediaType(_ contentType: String) -> String {
        let type = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
        guard contentType.utf8.allSatisfy({ $0 < 0x80 }) else {
            return contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        }
        // ASCII, the usual case, trimmed here: Foundation's trimming cost 1.5 % of the server's
        // CPU per order (perf). Space and tab are the only ASCII members of `.whitespaces`.
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = type.firstIndex(where: { !isSpace($0) }), let last = type.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: type[first...last], as: UTF8.self)
    }

    /// Whether FastAPI reads a body of `contentType` (lower-cased) as JSON: no type at all,
    /// `application/json` or `application/*+json`, parameters aside. A type that is not one
    /// `type/subtype` counts as `text/plain`, as Python's `email.message` reads it.
    static func isJSON(_ contentType: String) -> Bool {
        guard !contentType.isEmpty else { return true }
        let parts = mediaType(contentType).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }

    /// The body as UTF-8, decoded from the encoding Python's `json.loads` detects in bytes (a
    /// UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are recognised by their byte-order
    /// mark or their zero bytes); nil when the bytes are not valid in it.
    static func utf8(_ bytes: [UInt8]) -> [UInt8]? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        let encoding: String.Encoding
        if starts([0, 0, 0xFE, 0xFF]) || starts([0xFF, 0xFE, 0, 0]) {
            encoding = .utf32
        } else if starts([0xFE, 0xFF]) || starts([0xFF, 0xFE]) {
            encoding = .utf16
        } else if starts([0xEF, 0xBB, 0xBF]) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self).map { Array($0.utf8) }
        } else if bytes.count >= 4, bytes[0] == 0 {
            encoding = bytes[1] != 0 ? .utf16BigEndian : .utf32BigEndian
        } else if bytes.count >= 4, bytes[1] == 0 {
            encoding = bytes[2] != 0 || bytes[3] != 0 ? .utf16LittleEndian : .utf32LittleEndian
        } else if bytes.count == 2, bytes[0] == 0 || bytes[1] == 0 {
            encoding = bytes[0] == 0 ? .utf16BigEndian : .utf16LittleEndian
        } else {
            return bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil ? bytes : nil
        }
        return String(bytes: bytes, encoding: encoding).map { Array($0.utf8) }
    }
}
