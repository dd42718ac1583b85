import Kernel

/// Image URLs as pydantic's `HttpUrl` accepted them: absolute `http`/`https` with a host,
/// scheme and host lower-cased and a bare host given a `/` path (`https://Example.com` →
/// `https://example.com/`); plus the column's 500 characters, which the original did not check.
enum ImageURL {
    /// The normalised URL, or the pydantic-style failure.
    static func normalise(_ input: String) -> Result<String, FieldFailure> {
        var text = Substring(input)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        guard let colon = text.firstIndex(of: ":"), isScheme(text[..<colon]) else {
            return .failure(parsing("relative URL without a base"))
        }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(FieldFailure(type: "url_scheme", msg: "URL scheme should be 'http' or 'https'"))
        }
        guard !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
        else { return .failure(parsing("invalid character")) }
        var rest = text[text.index(after: colon)...]
        guard rest.hasPrefix("//") else { return .failure(parsing("empty host")) }
        rest = rest.dropFirst(2)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var tail = String(rest[authorityEnd...])
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        var host = hostAndPort
        if let portColon = hostAndPort.lastIndex(of: ":"), !hostAndPort.hasSuffix("]") {
            let port = hostAndPort[hostAndPort.index(after: portColon)...]
            guard port.allSatisfy(\.isASCII), port.isEmpty || (UInt16(port) != nil) else {
                return .failure(parsing("invalid port number"))
            }
            host = hostAndPort[..<portColon]
        }
        guard !host.isEmpty else { return .failure(parsing("empty host")) }
        if tail.isEmpty || !tail.hasPrefix("/") { tail = "/" + tail }
        let userInfo = authority.dropLast(hostAndPort.count)
        let normalised = "\(scheme)://\(userInfo)\(hostAndPort.lowercased())\(tail)"
        guard normalised.unicodeScalars.count <= CatalogLimits.imageURL else {
            return .failure(
                FieldFailure(
                    type: "url_too_long", msg: "URL should have at most \(CatalogLimits.imageURL) characters",
                    ctx: ["max_length": .int(Int64(CatalogLimits.imageURL))]))
        }
        return .success(normalised)
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    private static func parsing(_ reason: String) -> FieldFailure {
        FieldFailure(type: "url_parsing", msg: "Input should be a valid URL, \(reason)")
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
