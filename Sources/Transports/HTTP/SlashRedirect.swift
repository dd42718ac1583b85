import Foundation
import Kernel
import NIOCore

/// Starlette's `redirect_slashes`: a path ending in `/` (once decoded: `/products%2F` too) whose
/// path without its trailing slashes exists, whatever the method, is answered 307 with that
/// path as an absolute URL, built as Starlette's `URL(scope=…)` and `RedirectResponse` build
/// it.
struct SlashRedirect {
    /// What the URL is made of besides the path: the request's scheme (`http`, or what a
    /// trusted proxy forwarded), its `Host` header, the server's own address for a request
    /// without one, and the query exactly as sent.
    var scheme: String
    var host: String?
    var server: SocketAddress?
    var query: String?

    /// The path to redirect `path` (as sent) to, or nil when it does not end in `/` or nothing
    /// answers without the slashes (`exists` is asked about the decoded, trimmed path).
    static func target(of path: String, exists: (Substring) -> Bool) -> Substring? {
        let decoded = PercentDecoding.decode(Substring(path))
        guard decoded.count > 1, decoded.hasSuffix("/") else { return nil }
        var trimmed = Substring(decoded)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return !trimmed.isEmpty && exists(trimmed) ? trimmed : nil
    }

    /// The `Location` of the redirect to `path` (decoded).
    func location(_ path: Substring) -> String {
        var path = String(path)
        for (character, escape) in [("?", "%3F"), ("#", "%23"), ("\\", "%5C")] {
            path = path.replacingOccurrences(of: character, with: escape)
        }
        var url: String
        if let authority = Self.authority(host) ?? server.flatMap({ serverAuthority($0) }) {
            url = "\(scheme)://\(authority)\(path)"
        } else {
            // Without an authority, a leading `//` would read as one.
            url = path.hasPrefix("//") ? "/%2F" + path.dropFirst(2) : path
        }
        if let query, !query.isEmpty { url += "?" + query }
        return Self.quote(url)
    }

    /// The `Host` header when Starlette takes it: a registered name or IP literal with at most
    /// a valid port.
    static func authority(_ host: String?) -> String? {
        guard let host, !host.isEmpty else { return nil }
        var name = Substring(host)
        if let colon = host.lastIndex(of: ":"), !host[colon...].contains("]") {
            name = host[..<colon]
            guard isPort(host[host.index(after: colon)...]) else { return nil }
        }
        if name.hasPrefix("["), name.hasSuffix("]") {
            let literal = name.dropFirst().dropLast()
            guard isIPv6(literal) || isIPvFuture(literal) else { return nil }
        } else {
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isNameCharacter) else { return nil }
        }
        return host
    }

    /// Digits of a number up to 65535, leading zeros allowed (Starlette's `is_valid_port`).
    private static func isPort(_ digits: Substring) -> Bool {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let significant = digits.drop { $0 == "0" }
        return significant.count <= 5 && Int(significant).map { $0 <= 65535 } ?? true
    }

    /// The server's address, without the scheme's default port.
    private func serverAuthority(_ address: SocketAddress) -> String? {
        guard var host = address.ipAddress, let port = address.port else { return nil }
        if host.contains(":") { host = "[\(host)]" }
        let defaultPort = scheme == "https" || scheme == "wss" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && nameBytes.contains(UInt8(scalar.value))
    }

    /// Letters, digits and the rest of Starlette's host pattern (unreserved, sub-delims, `%`).
    private static let nameBytes = alphanumerics.union("._~%!$&'()*+,;=-".utf8)
    private static let alphanumerics = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let unquoted = alphanumerics.union("_.-~:/%#?=@[]!$&'()*+,;".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isIPv6(_ text: Substring) -> Bool {
        guard text.contains(":"), text.allSatisfy({ $0.isASCII && $0.isHexDigit || $0 == ":" || $0 == "." }) else {
            return false
        }
        return (try? SocketAddress(ipAddress: String(text), port: 0)) != nil
    }

    /// `v` (lower case, as in Starlette's pattern), hex digits, `.`, and unreserved, sub-delims
    /// or `:`.
    private static func isIPvFuture(_ text: Substring) -> Bool {
        guard text.first == "v", let dot = text.firstIndex(of: ".") else { return false }
        let version = text[text.index(after: text.startIndex)..<dot]
        let rest = text[text.index(after: dot)...]
        return !version.isEmpty && version.allSatisfy { $0.isASCII && $0.isHexDigit } && !rest.isEmpty
            && rest.unicodeScalars.allSatisfy { isNameCharacter($0) && $0 != "%" || $0 == ":" }
    }

    /// Python's `quote(url, safe=":/%#?=@[]!$&'()*+,;")`: every other byte of the UTF-8 that is
    /// not a letter, digit or `_.-~` is escaped.
    static func quote(_ url: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(url.utf8.count)
        for byte in url.utf8 {
            if unquoted.contains(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
