import Foundation
import Testing

@testable import Transports

/// The byte-level decoder of query strings and path segments answers as Foundation's
/// `removingPercentEncoding` did before it replaced it (for speed, see `scripts/bench`).
@Suite("Percent decoding")
struct PercentDecodingTests {
    static let samples = [
        "", "plain", "a+b", "a%20b", "%2B", "caf%C3%A9", "caf\u{E9}", "%", "%4", "%zz", "%e9", "50%25off", "%00",
        "a%2Fb", "%F0%9F%98%80", "x+%2B+y", "100%", "%%41",
    ]

    @Test(arguments: samples)
    func pathSegmentsDecodeLikeFoundation(sample: String) {
        #expect(PercentDecoding.decode(Substring(sample)) == sample.removingPercentEncoding)
    }

    @Test(arguments: samples)
    func formComponentsDecodeLikeBefore(sample: String) {
        let spaced = sample.replacingOccurrences(of: "+", with: " ")
        #expect(PercentDecoding.formComponent(Substring(sample)) == (spaced.removingPercentEncoding ?? spaced))
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
