import Foundation

/// What a request that came through trusted proxies says of its client, as uvicorn's proxy
/// headers middleware reads it. The client: when the peer is a trusted proxy, the `X-Forwarded-For` entries are
/// read from the right, and the first that is not a trusted proxy is the client (the leftmost
/// when all are; the last good one before an entry that is no address). A peer that is not
/// trusted is the client, whatever it claims.
public enum ForwardedFor {
    public static func client(peer: String?, header: String?, trusted: [String]) -> String? {
        guard let peer, isTrusted(peer, trusted), let header else { return peer }
        var client = peer
        for hop in header.split(separator: ",").reversed() {
            let address = hop.trimmingCharacters(in: .whitespaces)
            // Garbage a client wrote in front of what the proxies appended names nobody.
            guard isAddress(address) else { return client }
            client = address
            if !isTrusted(address, trusted) { return address }
        }
        return client
    }

    /// The scheme the client used, as uvicorn takes it: a trusted proxy's `X-Forwarded-Proto`
    /// (its last one) when it is `http`, `https`, `ws` or `wss`, else plain `http`.
    public static func scheme(peer: String?, header: String?, trusted: [String]) -> String {
        guard let peer, isTrusted(peer, trusted), let header else { return "http" }
        let proto = header.trimmingCharacters(in: .whitespaces)
        return ["http", "https", "ws", "wss"].contains(proto) ? proto : "http"
    }

    /// An IPv4 or IPv6 address as written in the header.
    public static func isAddress(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 45 else { return false }
        if text.contains(":") { return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in UInt8(part) != nil && part.allSatisfy(\.isNumber) }
    }

    private static func isTrusted(_ address: String, _ trusted: [String]) -> Bool {
        trusted.contains("*") || trusted.contains(address)
    }
}
