import Foundation
import Testing

@testable import Kernel

/// `JSONBytesEncoder` must write exactly the bytes of `JSONValueEncoder` + `serializedBytes`,
/// in one pass for the ways models encode themselves, through the tree for the rest.
@Suite("JSON written in one pass")
struct JSONBytesEncoderTests {
    struct Inner: Encodable, Equatable {
        var name: String
        var tags: [String]
        var at: Date?
    }

    enum Colour: String, Encodable { case red, green }

    struct Everything: Encodable {
        var int = -42
        var int64: Int64 = 9_000_000_000
        var int32: Int32 = 7
        var double = 2.5
        var tiny = 1e-300
        var huge = 1.7976931348623157e308
        var negativeZero = -0.0
        var infinite = Double.infinity
        var notANumber = Double.nan
        var float: Float = 0.1
        var bool = true
        var text = "quote \" backslash \\ newline \n tab \t cr \r bell \u{7} é 漢字 🙂"
        var none: String? = nil
        var someInt: Int? = 3
        var noInt: Int? = nil
        var noBool: Bool? = nil
        var noDouble: Double? = nil
        var noInt64: Int64? = nil
        var noDate: Date? = nil
        var date = Date(timeIntervalSince1970: 1_795_780_800.5)
        var decimal = Decimal(string: "12.3400")!
        var url = URL(string: "https://example.com/a%20b?q=1")!
        var colour = Colour.green
        var inner = Inner(name: "in", tags: ["a", "b"], at: Date(timeIntervalSince1970: 0))
        var inners = [Inner(name: "x", tags: [], at: nil), Inner(name: "y", tags: ["z"], at: nil)]
        var empty: [Int] = []
        var nested: [[Int?]] = [[1, nil], []]
        var byName = ["one": 1]
        var byNumber = [2: "two"]
        var optionalInner: Inner? = nil
    }

    /// Writes nothing at all: the tree leaves its node null.
    struct Silent: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    /// A value wrapped as one string, as identifiers and money types often are.
    struct Wrapped: Encodable {
        var raw = "w"
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(raw)
        }
    }

    /// Two keyed containers of one encoder fill one object (`ProductDetailExample` does this).
    struct Merged: Encodable {
        enum Keys: String, CodingKey { case extra }
        func encode(to encoder: any Encoder) throws {
            try Inner(name: "m", tags: [], at: nil).encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode([Silent(), Silent()], forKey: .extra)
        }
    }

    struct Container: Encodable {
        var silent = Silent()
        var wrapped = Wrapped()
        var merged = Merged()
        var wrappedList = [Wrapped(raw: "a"), Wrapped(raw: "b")]
    }

    /// Writes a key twice: the tree keeps the first position with the last value.
    struct TwiceKeyed: Encodable {
        enum Keys: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            try container.encode(2, forKey: .b)
            try container.encode(3, forKey: .a)
        }
    }

    /// A nested container, which synthesized enums with associated values also use.
    enum Shape: Encodable {
        case circle(radius: Int)
        case none
    }

    struct WithSuper: Encodable {
        enum Keys: String, CodingKey { case a }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            try Inner(name: "s", tags: [], at: nil).encode(to: container.superEncoder())
        }
    }

    /// Single value written twice: the tree keeps the last.
    struct TwiceSingle: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(1)
            try container.encode("two")
        }
    }

    func tree(_ value: some Encodable) throws -> [UInt8] {
        try JSONValueEncoder().encode(value).serializedBytes()
    }

    @Test func modelsAreWrittenInOnePassAsTheTreeWritesThem() throws {
        let values: [any Encodable] = [
            Everything(), Container(), [Everything(), Everything()], Silent(), Wrapped(), Merged(),
            "top", 12, 2.5, true, Date(timeIntervalSince1970: 1), [Int](), [String: Int](), Optional<Int>.none as Int?,
            Colour.red,
        ]
        for value in values {
            let expected = try tree(value)
            let bytes = try #require(try JSONBytesEncoder.inOnePass(value), "\(type(of: value)) abandoned")
            #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            #expect(try JSONCoding.encode(value) == expected)
        }
    }

    @Test func whatOnePassCannotWriteGoesThroughTheTree() throws {
        let values: [any Encodable] = [
            TwiceKeyed(), Shape.circle(radius: 2), [Shape.none], WithSuper(), TwiceSingle(),
            ["list": [TwiceKeyed()]],
        ]
        for value in values {
            #expect(try JSONBytesEncoder.inOnePass(value) == nil, "\(type(of: value)) was written in one pass")
            #expect(try JSONCoding.encode(value) == tree(value))
        }
    }

    @Test func manyKeysAreStillCheckedForRepeats() throws {
        var keys = [String: Int]()
        for number in 0..<100 { keys["k\(number)"] = number }
        #expect(try JSONBytesEncoder.inOnePass(keys) == tree(keys))
    }

    @Test func stringsAreEscapedAsJSONRequiresAndReadBackWhole() throws {
        let text = "a\"b\\c\nd\re\tf\u{1}g\u{1f}h/é🙂"
        #expect(try String(decoding: JSONCoding.encode(text), as: UTF8.self) == #""a\"b\\c\nd\re\tf\u0001g\u001fh/é🙂""#)
        let every = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self) + "ü漢🙂"
        #expect(try JSONParser.parse(JSONCoding.encode(every)) == .string(every))
        #expect(try JSONCoding.encode("") == Array(#""""#.utf8))
    }

    @Test func anEncodingErrorIsThrownAsTheTreeThrowsIt() {
        struct Failing: Encodable {
            struct Refused: Error {}
            func encode(to encoder: any Encoder) throws { throw Refused() }
        }
        #expect(throws: Failing.Refused.self) { try JSONCoding.encode([Failing()]) }
    }
}
