import Foundation
import Kernel
import Testing

@testable import Transports

/// The byte-level decoder of query strings and path segments answers as Python's `unquote`
/// and `unquote_plus` do for Starlette (each expected value below is what they answered).
@Suite("Percent decoding")
struct PercentDecodingTests {
    static let samples: [(String, String, String)] = [
        ("", "", ""),
        ("plain", "plain", "plain"),
        ("a+b", "a+b", "a b"),
        ("a%20b", "a b", "a b"),
        ("%2B", "+", "+"),
        ("caf%C3%A9", "caf\u{E9}", "caf\u{E9}"),
        ("caf\u{E9}", "caf\u{E9}", "caf\u{E9}"),
        ("%", "%", "%"),
        ("%4", "%4", "%4"),
        ("%zz", "%zz", "%zz"),
        ("%e9", "\u{FFFD}", "\u{FFFD}"),
        ("50%25off", "50%off", "50%off"),
        ("%00", "\u{0}", "\u{0}"),
        ("a%2Fb", "a/b", "a/b"),
        ("%F0%9F%98%80", "\u{1F600}", "\u{1F600}"),
        ("x+%2B+y", "x+++y", "x + y"),
        ("100%", "100%", "100%"),
        ("%%41", "%A", "%A"),
        ("a%zzb%41", "a%zzbA", "a%zzbA"),
        ("%ff%41", "\u{FFFD}A", "\u{FFFD}A"),
        ("%C3", "\u{FFFD}", "\u{FFFD}"),
        ("%C3%28", "\u{FFFD}(", "\u{FFFD}("),
        ("%E2%82", "\u{FFFD}", "\u{FFFD}"),
    ]

    @Test func componentsDecodeLikePython() {
        for (sample, path, form) in Self.samples {
            #expect(PercentDecoding.decode(Substring(sample)) == path, "\(sample)")
            #expect(PercentDecoding.formComponent(Substring(sample)) == form, "\(sample)")
        }
    }

    @Test func queryStringsSplitIntoFields() {
        let fields = FormDecoding.urlEncoded("q=red+shoes&min_price=100&empty=&flag&q2=%E2%82%AC%205&bad=%zz")
        #expect(
            fields == [
                "q": "red shoes", "min_price": "100", "empty": "", "flag": "", "q2": "\u{20AC} 5", "bad": "%zz",
            ])
    }

    @Test func requestIDsAreDistinctVersion4UUIDs() {
        let ids = (0..<10_000).map { _ in RequestID.generate() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let uuid = UUID(uuidString: id)
            #expect(uuid?.uuidString.lowercased() == id)
            #expect(Array(id)[14] == "4")
            #expect("89ab".contains(Array(id)[19]))
        }
        // Consecutive ids look unrelated: most of their 32 hex digits differ (random ids: 30).
        let differing = zip(ids, ids.dropFirst()).map { pair in
            zip(pair.0.utf8, pair.1.utf8).filter { $0 != $1 }.count
        }
        #expect(differing.reduce(0, +) / differing.count > 26)
    }
}
