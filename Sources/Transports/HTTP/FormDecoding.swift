import Foundation
import Kernel

/// Decoding of query strings and HTML form bodies (urlencoded and multipart) into flat fields.
enum FormDecoding {
    /// `a=1&b=x+y` → ["a": "1", "b": "x y"]; a repeated name keeps its last value.
    static func urlEncoded(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.formComponent(parts[0])
            fields[name] = parts.count > 1 ? PercentDecoding.formComponent(parts[1]) : ""
        }
        return fields
    }

    /// The boundary of a `multipart/form-data` content type (quotes removed); nil when the type
    /// names none.
    static func boundary(_ contentType: String) -> String? {
        guard let boundaryRange = contentType.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        return boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    /// The fields of a `multipart/form-data` body: text parts as strings, file parts (with a
    /// `filename`) as `{"filename": …}`, which no text field accepts; nil when the body is not
    /// multipart data with this boundary. An empty body has no fields.
    static func multipart(_ body: [UInt8], boundary: String) -> [String: JSONValue]? {
        guard !body.isEmpty else { return [:] }
        let delimiter = Array("--\(boundary)".utf8)
        guard !boundary.isEmpty, body.starts(with: delimiter) else { return nil }
        var fields: [String: JSONValue] = [:]
        var parts: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = 0
        while index + delimiter.count <= body.count {
            if body[index..<(index + delimiter.count)].elementsEqual(delimiter) {
                if let start { parts.append(body[start..<index]) }
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        for part in parts {
            let text = String(decoding: part, as: UTF8.self)
            guard let split = text.range(of: "\r\n\r\n") else { continue }
            let headers = text[..<split.lowerBound]
            guard let name = parameter("name", in: headers) else { continue }
            var value = String(text[split.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() }  // "\r\n" is one Character
            if let filename = parameter("filename", in: headers) {
                fields[name] = .object(["filename": .string(filename)])
            } else {
                fields[name] = .string(value)
            }
        }
        return fields
    }

    /// The quoted `name="…"` parameter of a part's headers.
    private static func parameter(_ name: String, in headers: Substring) -> String? {
        var rest = headers[...]
        while let range = rest.range(of: "\(name)=\"") {
            let before = rest[..<range.lowerBound].last
            rest = rest[range.upperBound...]
            // `name=` must not match the end of `filename=`.
            guard before == nil || before == " " || before == ";" else { continue }
            guard let quote = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<quote])
        }
        return nil
    }
}
