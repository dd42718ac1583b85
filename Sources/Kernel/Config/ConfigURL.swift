import Foundation

/// Shared checks for the database and cache URLs. Messages never echo a password.
enum ConfigURL {
    struct Problem: Error {
        var message: String
    }

    /// `url` with the password of its user info replaced by `***`.
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return url
        }
        return url[..<authority.index(after: colon)] + "***" + url[at...]
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
        guard let components = URLComponents(string: url) else {
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
