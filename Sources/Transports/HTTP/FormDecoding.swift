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

    /// The text fields of a `multipart/form-data` body; nil when it cannot be parsed.
    static func multipart(_ body: [UInt8], contentType: String) -> [String: String]? {
        guard let boundaryRange = contentType.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        var fields: [String: String] = [:]
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
            guard let nameRange = headers.range(of: "name=\"") else { continue }
            let nameTail = headers[nameRange.upperBound...]
            guard let quote = nameTail.firstIndex(of: "\"") else { continue }
            var value = String(text[split.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() }  // "\r\n" is one Character
            fields[String(nameTail[..<quote])] = value
        }
        return fields
    }
}
