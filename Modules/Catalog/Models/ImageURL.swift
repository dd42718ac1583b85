import Kernel

/// Image URLs as pydantic's `HttpUrl` accepts and normalises them, which is the WHATWG URL
/// standard (rust-url) for `http` and `https`: surrounding spaces and every tab or newline go;
/// scheme and host are lower-cased, international hosts become punycode, IPv4 and IPv6 hosts
/// are written canonically and the default port is dropped; `.` and `..` path segments are
/// resolved; characters a URL cannot carry as they are (spaces, quotes, non-ASCII) are
/// percent-encoded; a bare host gets the path `/`. Plus the column's 500 characters, which the
/// original did not check (`https://Bücher.de:443/a/../My Photo.jpg` →
/// `https://xn--bcher-kva.de/My%20Photo.jpg`).
enum ImageURL {
    /// The normalised URL, or the pydantic-style failure.
    static func normalise(_ input: String) -> Result<String, FieldFailure> {
        guard !input.isEmpty else { return .failure(parsing("input is empty")) }
        var scalars = Array(input.unicodeScalars)
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        scalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let colon = scalars.firstIndex(of: ":"), isScheme(scalars[..<colon]) else {
            return .failure(parsing("relative URL without a base"))
        }
        let scheme = String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(
                FieldFailure(
                    type: "url_scheme", msg: "URL scheme should be 'http' or 'https'",
                    ctx: ["expected_schemes": "'http' or 'https'"]))
        }
        var rest = scalars[(colon + 1)...]
        while let first = rest.first, first == "/" || first == "\\" { rest = rest.dropFirst() }
        let authorityEnd = rest.firstIndex { "/\\?#".unicodeScalars.contains($0) } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        let fragmentStart = rest.firstIndex(of: "#")
        let beforeFragment = rest[..<(fragmentStart ?? rest.endIndex)]
        let queryStart = beforeFragment.firstIndex(of: "?")
        let path = beforeFragment[..<(queryStart ?? beforeFragment.endIndex)]

        let at = authority.lastIndex(of: "@")
        let hostAndPort = at.map { authority[($0 + 1)...] } ?? authority
        var serialised = scheme + "://"
        if let at { serialised += userInfo(authority[..<at]) }
        switch ImageURLHost.serialise(hostAndPort, defaultPort: scheme == "https" ? 443 : 80) {
        case .failure(let failure): return .failure(failure)
        case .success(let host): serialised += host
        }
        serialised += normalisedPath(path)
        if let queryStart {
            serialised += "?" + encode(beforeFragment[(queryStart + 1)...], keeping: { !"\"#<>'".contains($0) })
        }
        if let fragmentStart {
            serialised += "#" + encode(rest[(fragmentStart + 1)...], keeping: { !"\"<>`".contains($0) })
        }
        guard serialised.unicodeScalars.count <= CatalogLimits.imageURL else {
            return .failure(
                FieldFailure(
                    type: "url_too_long", msg: "URL should have at most \(CatalogLimits.imageURL) characters",
                    ctx: ["max_length": .int(Int64(CatalogLimits.imageURL))]))
        }
        return .success(serialised)
    }

    static func parsing(_ reason: String) -> FieldFailure {
        FieldFailure(
            type: "url_parsing", msg: "Input should be a valid URL, \(reason)", ctx: ["error": .string(reason)])
    }

    private static func isScheme(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return scalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || "0123456789+-.".unicodeScalars.contains($0))
        }
    }

    /// `user:password@`, each part percent-encoded; nothing when both are empty.
    private static func userInfo(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        let keep: (Character) -> Bool = { !"\"#<>?`{}/:;=@[\\]^|".contains($0) }
        let colon = scalars.firstIndex(of: ":")
        let user = encode(scalars[..<(colon ?? scalars.endIndex)], keeping: keep)
        let password = colon.map { encode(scalars[($0 + 1)...], keeping: keep) } ?? ""
        if user.isEmpty, password.isEmpty { return "" }
        return user + (password.isEmpty ? "" : ":" + password) + "@"
    }

    /// The path with `.` and `..` segments resolved (also written `%2e`) and `\` read as `/`.
    private static func normalisedPath(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var segments: [String] = []
        let parts = scalars.dropFirst().split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            switch String(String.UnicodeScalarView(part)).lowercased() {
            case "..", ".%2e", "%2e.", "%2e%2e":
                if !segments.isEmpty { segments.removeLast() }
                if isLast { segments.append("") }
            case ".", "%2e":
                if isLast { segments.append("") }
            default:
                segments.append(encode(part, keeping: { !"\"#<>?`{}".contains($0) }))
            }
        }
        return "/" + (segments.isEmpty ? "" : segments.joined(separator: "/"))
    }

    /// `scalars` with controls, spaces, non-ASCII and the ASCII characters `keeping` refuses
    /// percent-encoded as UTF-8; existing escapes are kept as written.
    static func encode(_ scalars: some Sequence<Unicode.Scalar>, keeping: (Character) -> Bool) -> String {
        var result = ""
        for scalar in scalars {
            if scalar.value > 0x20, scalar.value < 0x7F, keeping(Character(scalar)) {
                result.unicodeScalars.append(scalar)
                continue
            }
            for byte in String(scalar).utf8 {
                result += "%" + String(byte >> 4, radix: 16, uppercase: true)
                result += String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result
    }
}

extension FieldReader {
    /// Validates and normalises the URL read from `name`, reporting a failure on that field.
    func imageURL(_ name: String, _ raw: String?) -> String? {
        annotate(name, format: "uri")
        guard let raw, !isRecording, !hasFailed(name) else { return raw }
        switch ImageURL.normalise(raw) {
        case .success(let url): return url
        case .failure(let failure):
            invalid(name, type: failure.type, msg: failure.msg, input: .string(raw), ctx: failure.ctx)
            return nil
        }
    }
}
