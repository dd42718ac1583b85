import Foundation
import TestSupport
import Testing

/// The host and scheme of a trailing-slash redirect's `Location`, over a real socket (each case
/// checked against FastAPI under uvicorn).
@Suite struct RedirectTests {
    @Test func locationNamesTheHostAndTheForwardedScheme() async throws {
        try await ServedShop.with(.sqlite) { shop in
            let port = shop.server.port
            let cases: [(headers: String, location: String)] = [
                ("Host: shop.example\r\n", "http://shop.example/products?limit=2"),
                ("Host: [::1]:80\r\n", "http://[::1]:80/products?limit=2"),
                // The peer is loopback, a trusted proxy by default; an unknown scheme is ignored.
                (
                    "Host: shop.example:8443\r\nX-Forwarded-Proto: https\r\n",
                    "https://shop.example:8443/products?limit=2"
                ),
                ("Host: Shop.Example\r\nX-Forwarded-Proto: ftp\r\n", "http://Shop.Example/products?limit=2"),
                // A Host that is no host, or has no valid port, gives way to the server's address.
                ("Host: bad host\r\n", "http://127.0.0.1:\(port)/products?limit=2"),
                ("Host: shop.example:99999\r\n", "http://127.0.0.1:\(port)/products?limit=2"),
                ("Host: [::g]\r\n", "http://127.0.0.1:\(port)/products?limit=2"),
                ("", "http://127.0.0.1:\(port)/products?limit=2"),
            ]
            for (headers, location) in cases {
                let answer = try await RawConnection.offload {
                    let connection = try RawConnection(port: port)
                    _ = connection.send("GET /products/?limit=2 HTTP/1.1\r\n\(headers)Connection: close\r\n\r\n")
                    return String(decoding: connection.readUntilClosed(timeout: 10).bytes, as: UTF8.self)
                }
                #expect(answer.hasPrefix("HTTP/1.1 307"), "\(headers)")
                #expect(
                    answer.lowercased().contains("\r\nlocation: \(location.lowercased())\r\n"), "\(headers): \(answer)")
            }
        }
    }
}
