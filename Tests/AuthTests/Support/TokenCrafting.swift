import Crypto
import Foundation

/// Builds JWTs by hand (independently of JWTKit, the library under test) so that tests can
/// present every kind of malformed or malicious token.
enum TokenCrafting {
    static let secret = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    enum Signature {
        case hs256(String)
        case hs384(String)
        case hs512(String)
        case none
        case literal(String)
    }

    /// `header` and `payload` are JSON texts, encoded as given.
    static func token(header: String, payload: String, signature: Signature = .hs256(secret)) -> String {
        let input = base64URL(Data(header.utf8)) + "." + base64URL(Data(payload.utf8))
        let bytes = Data(input.utf8)
        switch signature {
        case .hs256(let key): return input + "." + base64URL(mac(SHA256.self, bytes, key))
        case .hs384(let key): return input + "." + base64URL(mac(SHA384.self, bytes, key))
        case .hs512(let key): return input + "." + base64URL(mac(SHA512.self, bytes, key))
        case .none: return input + "."
        case .literal(let text): return input + "." + text
        }
    }

    /// Claims `{"sub", "exp", "iat", "jti"}` relative to now, with a fresh `jti` unless one is
    /// given; nil leaves a claim out.
    static func claims(
        sub: String? = "1", expiresIn: Double? = 3600, issuedAgo: Double? = 0,
        jti: String? = "crafted-\(UInt64.random(in: 0...UInt64.max))"
    ) -> String {
        let now = Date().timeIntervalSince1970.rounded(.down)
        var parts: [String] = []
        if let sub { parts.append("\"sub\":\"\(sub)\"") }
        if let expiresIn { parts.append("\"exp\":\(Int(now + expiresIn))") }
        if let issuedAgo { parts.append("\"iat\":\(Int(now - issuedAgo))") }
        if let jti { parts.append("\"jti\":\"\(jti)\"") }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static let hs256Header = #"{"alg":"HS256","typ":"JWT"}"#

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Other spellings of `token` that decode to the same bytes: padding, standard base64's
    /// `+` and `/`, and each segment's last character with its unused low bits set.
    static func respellings(_ token: String) -> [(String, String)] {
        let parts = token.split(separator: ".").map(String.init)
        func with(_ index: Int, _ segment: String) -> String {
            var copy = parts
            copy[index] = segment
            return copy.joined(separator: ".")
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var variants = [("padded signature", token + "="), ("padded header", with(0, parts[0] + "="))]
        for (index, name) in ["header", "payload", "signature"].enumerated() {
            let segment = parts[index]
            if segment.contains("-") || segment.contains("_") {
                let standard = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                variants.append(("standard base64 \(name)", with(index, standard)))
            }
            let unused = [0, 0, 4, 2][segment.count % 4]
            guard unused > 0, let last = segment.last, let value = alphabet.firstIndex(of: last) else { continue }
            for low in 1..<(1 << unused) {
                let respelt = String(segment.dropLast()) + String(alphabet[value | low])
                variants.append(("\(name) ending in \(alphabet[value | low]) for \(last)", with(index, respelt)))
            }
        }
        return variants
    }

    private static func mac<H: HashFunction>(_ hash: H.Type, _ data: Data, _ key: String) -> Data {
        Data(HMAC<H>.authenticationCode(for: data, using: SymmetricKey(data: Data(key.utf8))))
    }
}
