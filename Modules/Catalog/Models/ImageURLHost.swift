import Foundation
import Kernel

/// The host and port of an `http(s)` URL as the WHATWG URL standard writes them (see
/// `ImageURL`): a domain lower-cased and in punycode, IPv4 in any of its old notations
/// (`0x7f.1`) as four decimals, IPv6 compressed, the scheme's default port dropped.
enum ImageURLHost {
    static func serialise(_ scalars: ArraySlice<Unicode.Scalar>, defaultPort: Int) -> Result<String, FieldFailure> {
        var host = scalars
        var port: ArraySlice<Unicode.Scalar> = []
        let closing = scalars.first == "[" ? scalars.firstIndex(of: "]") : nil
        if let colon = scalars[(closing ?? scalars.startIndex)...].firstIndex(of: ":") {
            host = scalars[..<colon]
            port = scalars[(colon + 1)...]
        }
        guard !host.isEmpty else { return .failure(ImageURL.parsing("empty host")) }
        var serialised: String
        if host.first == "[" {
            guard host.last == "]", let address = IPv6.parse(host.dropFirst().dropLast()) else {
                return .failure(ImageURL.parsing("invalid IPv6 address"))
            }
            serialised = "[" + IPv6.serialise(address) + "]"
        } else {
            switch domain(host) {
            case .failure(let failure): return .failure(failure)
            case .success(let name): serialised = name
            }
        }
        guard port.allSatisfy({ $0.isASCII && $0.properties.numericType == .decimal }) else {
            return .failure(ImageURL.parsing("invalid port number"))
        }
        if !port.isEmpty {
            let digits = String(String.UnicodeScalarView(port.drop { $0 == "0" }))
            guard digits.count <= 5, let number = Int(digits.isEmpty ? "0" : digits), number <= 65_535 else {
                return .failure(ImageURL.parsing("invalid port number"))
            }
            if number != defaultPort { serialised += ":\(number)" }
        }
        return .success(serialised)
    }

    /// A domain or IPv4 host: percent-decoded, mapped to lower case, international labels in
    /// punycode, then read as an IPv4 address when its last label is a number.
    private static func domain(_ scalars: ArraySlice<Unicode.Scalar>) -> Result<String, FieldFailure> {
        let invalidName = ImageURL.parsing("invalid international domain name")
        guard
            let decoded = String(
                validating: PercentDecoding.bytes(Substring(String(String.UnicodeScalarView(scalars)))), as: UTF8.self)
        else {
            return .failure(invalidName)
        }
        guard let name = DomainName.toASCII(decoded) else { return .failure(invalidName) }
        let forbidden = "\u{0}\t\n\r #%/:<>?@[\\]^|\u{7F}".unicodeScalars
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { forbidden.contains($0) || $0.value < 0x20 }) else {
            return .failure(invalidName)
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard IPv4.endsInNumber(labels) else { return .success(name) }
        guard let address = IPv4.parse(labels) else { return .failure(ImageURL.parsing("invalid IPv4 address")) }
        return .success(IPv4.serialise(address))
    }
}
