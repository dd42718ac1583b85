import Foundation
import Kernel
import Testing

@testable import Catalog

/// `ImageURL` against pydantic's `HttpUrl`: every expected value below is what pydantic 2.13
/// answered for the input (a differential run of 9,000 random URLs built from awkward pieces
/// found no other difference).
@Suite("Image URLs")
struct ImageURLTests {
    enum Expected {
        case success(String)
        case failure(String)
    }

    static let cases: [(String, Expected)] = [
        ("https://cdn.x.com/My Photo.jpg", .success("https://cdn.x.com/My%20Photo.jpg")),
        ("https://a.com:443/x", .success("https://a.com/x")),
        ("http://a.com:80", .success("http://a.com/")),
        ("http://a.com:8080/x", .success("http://a.com:8080/x")),
        ("https://a.com/a/../b/./c", .success("https://a.com/b/c")),
        ("https:\\\\a.com\\x", .success("https://a.com/x")),
        ("https:a.com/x", .success("https://a.com/x")),
        ("https://Bücher.de/ä?q=ä ö#f g", .success("https://xn--bcher-kva.de/%C3%A4?q=%C3%A4%20%C3%B6#f%20g")),
        ("https://a.com/x?q=\"<>`{}'", .success("https://a.com/x?q=%22%3C%3E`{}%27")),
        ("https://a.com/x#\"<>`{}", .success("https://a.com/x#%22%3C%3E%60{}")),
        ("https://a.com/%7e?%zz", .success("https://a.com/%7e?%zz")),
        ("https://user:pa ss@a.com/", .success("https://user:pa%20ss@a.com/")),
        ("https://a.com:/x", .success("https://a.com/x")),
        ("http://0x7f.1/", .success("http://127.0.0.1/")),
        ("https://a.com/\tx\ny", .success("https://a.com/xy")),
        (" https://a.com ", .success("https://a.com/")),
        ("https://[::1]:443/", .success("https://[::1]/")),
        ("https://a.com/%2e%2E/x", .success("https://a.com/x")),
        ("https://a.com/x/%2e", .success("https://a.com/x/")),
        ("HTTPS://A.COM/X", .success("https://a.com/X")),
        ("http://%41.com/", .success("http://a.com/")),
        ("http:///a.com", .success("http://a.com/")),
        ("http://a.com?x", .success("http://a.com/?x")),
        ("http://[0:0:0:0:0:0:0:1]/", .success("http://[::1]/")),
        ("http://[::FFFF:1.2.3.4]/", .success("http://[::ffff:102:304]/")),
        ("http://[2001:db8:0:0:1:0:0:1]/", .success("http://[2001:db8::1:0:0:1]/")),
        ("https://ΑΒΓ.gr/", .success("https://xn--mxacd.gr/")),
        ("http://1.2.3/", .success("http://1.2.0.3/")),
        ("http://0300.0250.0.1/", .success("http://192.168.0.1/")),
        ("http://ａ.com/", .success("http://a.com/")),
        ("http://ǅ.com/", .success("http://xn--d-toa.com/")),
        ("http://+256/", .success("http://+256/")),
        ("http://user:@a.com/", .success("http://user@a.com/")),
        ("http://a.com/😀?😀#😀", .success("http://a.com/%F0%9F%98%80?%F0%9F%98%80#%F0%9F%98%80")),
        ("https://EXAMPLE.com.", .success("https://example.com./")),
        ("http://example\u{3002}com/", .success("http://example.com/")),
        ("http://a\u{FF61}b.com/", .success("http://a.b.com/")),
        ("https://a b.com/", .failure("url_parsing: invalid international domain name")),
        ("https://a.com:99999/", .failure("url_parsing: invalid port number")),
        ("https://:80/", .failure("url_parsing: empty host")),
        ("http://[::1/", .failure("url_parsing: invalid IPv6 address")),
        ("http://1.2.3.4.5/", .failure("url_parsing: invalid IPv4 address")),
        ("http://1.2.3.09/", .failure("url_parsing: invalid IPv4 address")),
        ("http://xn--a.com/", .failure("url_parsing: invalid international domain name")),
        ("http://a%zz.com/", .failure("url_parsing: invalid international domain name")),
        ("ftp://a.com", .failure("url_scheme: URL scheme should be 'http' or 'https'")),
        ("foo", .failure("url_parsing: relative URL without a base")),
        ("", .failure("url_parsing: input is empty")),
        ("https://xn--ü.com/", .failure("url_parsing: invalid international domain name")),
    ]

    @Test func normalisesLikePydantic() {
        for (input, expected) in Self.cases {
            switch (ImageURL.normalise(input), expected) {
            case (.success(let url), .success(let wanted)):
                #expect(url == wanted, "\(input)")
            case (.failure(let failure), .failure(let wanted)):
                let reason = failure.msg.replacingOccurrences(of: "Input should be a valid URL, ", with: "")
                #expect("\(failure.type): \(reason)" == wanted, "\(input)")
                // pydantic's context: the reason, or the schemes expected.
                let context: JSONObject =
                    failure.type == "url_scheme"
                    ? ["expected_schemes": "'http' or 'https'"] : ["error": .string(reason)]
                #expect(failure.ctx == context, "\(input)")
            case (let result, _):
                Issue.record("\(input): \(result), expected \(expected)")
            }
        }
    }

    @Test func punycodeRoundTrips() {
        for label in ["bücher", "münchen", "日本", "αβγ", "ǆ-x", "😀"] {
            let encoded = Punycode.encode(Substring(label))
            #expect(encoded.flatMap { Punycode.decode(Substring($0)) } == label, "\(label)")
        }
        #expect(Punycode.encode("bücher") == "bcher-kva")
    }
}
