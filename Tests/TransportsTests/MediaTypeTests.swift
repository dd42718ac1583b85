import Foundation
import Testing

@testable import Transports

/// `RequestBody.mediaType` trims ASCII content types itself; what it answers must be what
/// Foundation's trimming of `.whitespaces` answers, which still handles every other string.
@Suite struct MediaTypeTests {
    static let contentTypes = [
        "application/json", " application/json ", "\tapplication/json\t; charset=utf-8", "application/json;",
        ";application/json", "", " ", "\t \t", "text/plain ;x", " a b ", "\r\napplication/json\r\n",
        "application/json;\u{301}x", "\u{3000}application/json\u{3000}", "\u{a0}application/json; q",
        "application/\u{e9}+json ", "\u{301}application/json",
    ]

    @Test(arguments: contentTypes) func isWhatFoundationTrimmingGives(_ contentType: String) {
        let foundation = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        #expect(RequestBody.mediaType(contentType) == foundation)
    }
}
