import Foundation

/// Shared checks for the database and cache URLs. Messages never echo a password.
enum ConfigURL {
    struct Problem: Error {
        var message: String
    }

    /// `url` with the password of its user info replaced by `***`.
    static func redacted(_ url: String) -> String {
        guard let (_, password) = userInfo(url), let password else { return url }
        return url.replacingCharacters(in: password, with: "***")
    }

    /// Where the user name and the password of `url` are, found as SQLAlchemy's `make_url`
    /// finds them (the original service read its URLs with it): the user info ends at the first
    /// `@`, the user name at the first `:` and holds no `/`, so a password may hold `/`, `?` or
    /// `#` as written (`postgres://ecom:ab+c/d3=@db/ecom`), only `@` must be written `%40`.
    private static func userInfo(_ url: String) -> (user: Range<String.Index>, password: Range<String.Index>?)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { return nil }
        let info = rest[..<at]
        let colon = info.firstIndex(of: ":")
        let user = info[..<(colon ?? info.endIndex)]
        guard !user.contains("/") else { return nil }
        return (user.startIndex..<user.endIndex, colon.map { url.index(after: $0)..<at })
    }

    /// `url` with the characters of its user info that `URLComponents` refuses there
    /// percent-encoded (escapes already written are kept).
    private static func encodingUserInfo(_ url: String) -> String {
        guard let (user, password) = userInfo(url) else { return url }
        var allowed = CharacterSet.urlUserAllowed
        allowed.insert("%")
        func encoded(_ range: Range<String.Index>) -> String {
            url[range].addingPercentEncoding(withAllowedCharacters: allowed) ?? String(url[range])
        }
        var result = String(url[..<user.lowerBound]) + encoded(user)
        if let password {
            result += ":" + encoded(password) + String(url[password.upperBound...])
        } else {
            result += String(url[user.upperBound...])
        }
        return result
    }

    /// The parts of a `scheme://user:password@host:port/path` URL (already percent-decoded).
    struct Parts {
        var host: String
        var port: Int?
        var user: String?
        var password: String?
        var path: String
        var query: [String: String]
    }

    /// With `socketQuery`, a URL without a host is accepted when its query parameter of that
    /// name is an absolute path (libpq's `postgres://user@/db?host=/var/run/postgresql`).
    static func parts(_ url: String, example: String, socketQuery: String? = nil) throws(Problem) -> Parts {
        guard let components = URLComponents(string: encodingUserInfo(url)) else {
            throw Problem(
                message: "\"\(redacted(url))\" is not a valid URL; percent-encode special characters in the "
                    + "user name and password (e.g. @ as %40), as in \(example)")
        }
        let socket = socketQuery.flatMap { name in components.queryItems?.last { $0.name == name }?.value }
        let host = components.host ?? ""
        guard !host.isEmpty || socket?.hasPrefix("/") == true else {
            throw Problem(message: "\"\(redacted(url))\" has no host; write it as \(example)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw Problem(message: "\"\(redacted(url))\" has port \(port); use a port between 1 and 65535")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        return Parts(
            host: host, port: components.port, user: components.user.flatMap { $0.isEmpty ? nil : $0 },
            password: components.password, path: components.path, query: query)
    }
}
