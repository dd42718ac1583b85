import Kernel
import Testing

@Suite("JSON parser and writer")
struct JSONParserTests {
    @Test func parsesAndWritesRoundTrip() throws {
        let text = #"{"a":[1,-2.5,"x\n\u00e9\ud83d\ude00",true,false,null],"b":{}}"#
        let value = try JSONParser.parse(text)
        #expect(value["a"] == [1, -2.5, "x\né😀", true, false, nil])
        #expect(try JSONParser.parse(value.serialized()) == value)
    }

    @Test func keepsMemberOrder() throws {
        #expect(try JSONParser.parse(#"{"z":1,"a":2}"#).serialized() == #"{"z":1,"a":2}"#)
    }

    @Test(arguments: [3, 15, 16, 17, 40])
    func findsEveryMemberOfAnObjectOfAnySize(count: Int) throws {
        let keys = (0..<count).map { "k\($0)" }
        let text = "{" + keys.enumerated().map { #""\#($1)":\#($0)"# }.joined(separator: ",") + #","k0":-1}"#
        guard case .object(var object) = try JSONParser.parse(text) else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == keys)
        #expect(object["k0"] == -1)
        for (position, key) in keys.enumerated().dropFirst() { #expect(object[key] == .int(Int64(position))) }
        #expect(object["missing"] == nil)
        // Removing members across the size at which lookups switch to a hash table.
        for key in keys.dropLast() {
            object[key] = nil
            #expect(object[key] == nil)
            #expect(object[keys[count - 1]] == .int(Int64(count - 1)))
        }
        object["new"] = true
        #expect(object.keys == [keys[count - 1], "new"])
    }

    @Test func decodesNonASCIIAndEscapedStrings() throws {
        #expect(try JSONParser.parse(#""caf\u00e9 é""#) == "café é")
        #expect(try JSONParser.parse(#""plain ascii""#) == "plain ascii")
        #expect(try JSONParser.parse(#""ü""#) == "ü")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\"}", "01", "1.", "tru", "\"\\x\"", "[1] 2", "\"\u{01}\"", "{'a':1}"])
    func rejectsMalformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        #expect(throws: Never.self) { try JSONParser.parse(deep, maxDepth: 200) }
    }

    @Test func hugeIntegersBecomeDoubles() throws {
        #expect(try JSONParser.parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int64.min))
    }

    @Test func escapesControlCharacters() {
        #expect(JSONValue.string("a\"b\\\u{01}").serialized() == #""a\"b\\\u0001""#)
    }
}
