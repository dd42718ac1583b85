import NIOConcurrencyHelpers
import PostgresNIO

/// Process-wide names for the statements PostgreSQL keeps prepared on each connection.
///
/// PostgresNIO prepares a statement per connection under the statement type's static `name`
/// and `sql`, so a name must always stand for the same text. A slot is given to a statement
/// text (with its parameter types) the first time it is seen and keeps it for the life of the
/// process; every connection then prepares it under the same name, once. When every slot is
/// taken, further texts run unprepared (as every statement did before), so a process that
/// meets an unbounded variety of statements keeps a bounded number prepared.
public final class PreparedStatementSlots: Sendable {
    /// The registry the slot types read their text from.
    static let shared = PreparedStatementSlots(capacity: PreparedSlotTypes.all.count)

    private struct State {
        var slots: [String: Int] = [:]
        var texts: [String] = []
    }

    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The slot of `key` (the statement text and its parameter types), given now if it has none
    /// and one is free; nil when all are taken.
    func slot(for key: String, sql: String) -> Int? {
        state.withLockedValue { state in
            if let slot = state.slots[key] { return slot }
            guard state.texts.count < capacity else { return nil }
            state.slots[key] = state.texts.count
            state.texts.append(sql)
            return state.texts.count - 1
        }
    }

    /// The text slot `index` stands for.
    func sql(at index: Int) -> String {
        state.withLockedValue { $0.texts[index] }
    }

    /// How many slots are taken.
    var used: Int {
        state.withLockedValue { $0.texts.count }
    }
}

/// A prepared statement whose text is that of one slot; `bindings` are the values of one run.
protocol PreparedSlot: PostgresPreparedStatement where Row == PostgresRow {
    static var index: Int { get }
    init(bindings: PostgresBindings)
}

/// One hex digit of a slot number, as a type: `Slot<D3, D7>` is slot 0x37. Types, because
/// PostgresNIO reads a prepared statement's name and text from its type.
protocol SlotDigit: Sendable {
    static var value: Int { get }
}

enum D0: SlotDigit { static let value = 0 }
enum D1: SlotDigit { static let value = 1 }
enum D2: SlotDigit { static let value = 2 }
enum D3: SlotDigit { static let value = 3 }
enum D4: SlotDigit { static let value = 4 }
enum D5: SlotDigit { static let value = 5 }
enum D6: SlotDigit { static let value = 6 }
enum D7: SlotDigit { static let value = 7 }
enum D8: SlotDigit { static let value = 8 }
enum D9: SlotDigit { static let value = 9 }
enum DA: SlotDigit { static let value = 10 }
enum DB: SlotDigit { static let value = 11 }
enum DC: SlotDigit { static let value = 12 }
enum DD: SlotDigit { static let value = 13 }
enum DE: SlotDigit { static let value = 14 }
enum DF: SlotDigit { static let value = 15 }

struct Slot<High: SlotDigit, Low: SlotDigit>: PreparedSlot {
    typealias Row = PostgresRow

    static var index: Int { High.value * 16 + Low.value }
    static var name: String { "ecom_\(index)" }
    static var sql: String { PreparedStatementSlots.shared.sql(at: index) }

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// Every slot type, `all[i].index == i`.
enum PreparedSlotTypes {
    private static let digits: [any SlotDigit.Type] = [
        D0.self, D1.self, D2.self, D3.self, D4.self, D5.self, D6.self, D7.self,
        D8.self, D9.self, DA.self, DB.self, DC.self, DD.self, DE.self, DF.self,
    ]

    static let all: [any PreparedSlot.Type] = digits.flatMap { high in digits.map { low in slot(high, low) } }

    private static func slot<High: SlotDigit, Low: SlotDigit>(_: High.Type, _: Low.Type) -> any PreparedSlot.Type {
        Slot<High, Low>.self
    }
}
