import Kernel
import Testing

@Suite("Field reader")
struct FieldReaderTests {
    struct Line: Sendable {
        var productID: Int
        var quantity: Int
    }

    struct OrderInput: OperationInput {
        var items: [Line]
        var note: String?
        var status: Patch<String>
        init(from r: FieldReader) {
            items = r.list("items", maxItems: 3) { item in
                Line(productID: item.field("product_id"), quantity: item.field("quantity", .gt(0)))
            }
            note = r.optional("note", .maxLength(5))
            status = r.patch("status")
        }
    }

    struct Probe: Operation {
        static let method = "test.probe"
        static let http = HTTPBinding(.post, "/probe/{kind}", status: 201)
        static let access = Access.public
        static let summary = "probe"
        func callAsFunction(_ input: OrderInput, _ context: OperationContext) async throws -> NoContent { NoContent() }
    }

    func issues(_ body: JSONObject) -> [ValidationIssue] {
        do {
            _ = try FieldReader.decode(OrderInput.self, from: InputBag(body: .object(body)), binding: Probe.http)
            return []
        } catch let error as AppError {
            guard case .validation(let issues) = error.detail else { return [] }
            return issues
        } catch {
            return []
        }
    }

    @Test func nestedListsReportIndexedLocations() {
        let found = issues(["items": [["product_id": 1, "quantity": 0], ["product_id": "x", "quantity": 1]]])
        #expect(found.map(\.locationPath) == ["body.items.0.quantity", "body.items.1.product_id"])
        #expect(found.first?.type == "greater_than")
        #expect(found.first?.ctx == ["gt": 0])
    }

    @Test func limitsAndTypes() {
        #expect(issues(["items": [[:], [:], [:], [:]]]).first?.type == "too_long")
        #expect(issues(["items": "no"]).first?.type == "list_type")
        #expect(issues(["items": [], "note": "toolong"]).first?.type == "string_too_long")
        #expect(issues(["items": [], "status": nil]).first?.type == "string_type")
        #expect(issues(["items": [], "note": nil, "status": "x"]).isEmpty)
        #expect(issues([:]).first?.loc == ["body", "items"])
    }

    struct OptionalOnly: OperationInput {
        var name: Patch<String>
        init(from r: FieldReader) { name = r.patch("name") }
    }

    /// Found by schemathesis: `PATCH` with `[]` or `true` as its body used to change nothing
    /// and answer 200, since only a missing required field reported the body's shape.
    @Test func aBodyThatIsNoObjectIsRefusedEvenWhenEveryFieldIsOptional() throws {
        let binding = HTTPBinding(.patch, "/things/{id}")
        for body: JSONValue in [[1, 2], true, "name"] {
            let error = #expect(throws: AppError.self) {
                _ = try FieldReader.decode(OptionalOnly.self, from: InputBag(body: .notObject(body)), binding: binding)
            }
            guard case .validation(let issues)? = error?.detail else { continue }
            #expect(issues.map(\.type) == ["model_attributes_type"])
            #expect(issues.first?.loc == ["body"])
        }
        // No body at all is a missing body, as in FastAPI; an empty object changes nothing.
        let missing = #expect(throws: AppError.self) {
            _ = try FieldReader.decode(OptionalOnly.self, from: InputBag(body: .absent), binding: binding)
        }
        if case .validation(let issues)? = missing?.detail { #expect(issues.map(\.loc) == [["body"]]) }
        let empty = try FieldReader.decode(OptionalOnly.self, from: InputBag(body: .object([:])), binding: binding)
        #expect(!empty.name.isPresent)
    }

    @Test func recordsSchema() {
        let operation = AnyOperation(Probe())
        let items = operation.inputFields.first { $0.name == "items" }
        #expect(items?.required == true)
        #expect(items?.schema["maxItems"] == 3)
        #expect(
            items?.schema["items"]?["properties"]?["quantity"] == [
                "type": "integer", "format": "int64", "exclusiveMinimum": 0,
            ])
        #expect(operation.inputFields.first { $0.name == "note" }?.schema["type"] == ["string", "null"])
        #expect(operation.inputFields.objectSchema()["required"] == ["items"])
    }

    @Test func intCoercion() throws {
        #expect(try Int.decode(.string(" 15 "), fromText: true).get() == 15)
        // pydantic's grammar for integers in strings, checked against pydantic 2.13.
        let accepted: [(String, Int)] = [
            ("1.0", 1), ("-1.000", -1), ("+0.0", 0), ("00.000", 0), ("1_000", 1000), ("1_000.0", 1000),
            ("0_1", 1), ("+1_0", 10), ("\t5\n", 5), ("-0", 0), ("00012", 12),
        ]
        for (text, number) in accepted { #expect(try Int.decode(.string(text), fromText: true).get() == number) }
        for text in [
            "1.5", "1.", ".0", "1.0_0", "1e2", "0x10", "1__0", "_1", "1_", "-_1", "+-1", "1 000", "1.0.0", "",
            "  ", "-", "+", "\u{0661}", "\u{FF11}", "1,0",
        ] {
            #expect(Int.decode(.string(text), fromText: true).failureType == "int_parsing", "\(text)")
        }
        #expect(try Int.decode(.double(1.0), fromText: false).get() == 1)
        #expect(Int.decode(.double(1.5), fromText: false).failureType == "int_from_float")
        #expect(Int.decode(.double(1e30), fromText: false).failureType == "int_too_large")
        #expect(Int.decode(.string("99999999999999999999"), fromText: true).failureType == "int_too_large")
        #expect(Int.decode(.null, fromText: false).failureType == "int_type")
        #expect(try Int.decode(.bool(true), fromText: false).get() == 1)
        // Booleans as pydantic reads them from JSON.
        #expect(try Bool.decode(.double(1.0), fromText: false).get() == true)
        #expect(try Bool.decode(.double(-0.0), fromText: false).get() == false)
        #expect(Bool.decode(.int(2), fromText: false).failureType == "bool_parsing")
        #expect(Bool.decode(.double(1.5), fromText: false).failureType == "bool_type")
        #expect(try Bool.decode(.string("TRUE"), fromText: true).get() == true)
        #expect(Bool.decode(.string(" true"), fromText: true).failureType == "bool_parsing")
    }

    /// `Int64` (order and payment ids) reads, refuses and documents exactly as `Int` does.
    @Test func int64IsReadAsInt() throws {
        let values: [JSONValue] = [
            .int(42), .int(-7), .double(3.0), .double(1.5), .double(1e30), .bool(true), .null, .string("12"),
            .string(" 1_000 "), .string("1e2"), .string("99999999999999999999"),
        ]
        for value in values {
            for fromText in [false, true] {
                #expect(
                    outcome(Int64.decode(value, fromText: fromText)) == outcome(Int.decode(value, fromText: fromText)),
                    "\(value)")
            }
        }
        #expect(Int64.schema == Int.schema)
        #expect(Int64(9).json == Int(9).json)
        func outcome<T>(_ result: Result<T, FieldFailure>) -> String {
            switch result {
            case .success(let value): "\(value)"
            case .failure(let failure): "\(failure.type): \(failure.msg)"
            }
        }
    }
}

extension Result where Failure == FieldFailure {
    var failureType: String? {
        if case .failure(let failure) = self { return failure.type }
        return nil
    }
}
