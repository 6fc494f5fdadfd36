import Testing

@testable import StorageSQL

@Suite("Prepared statement slots (PostgreSQL)")
struct PreparedSlotsTests {
    @Test("a text keeps its slot, each new text takes the next, and past the last slot texts run unprepared")
    func slots() {
        let slots = PreparedSlots()
        let texts = (0..<PreparedSlots.count).map { "SELECT \($0)" }
        #expect(texts.map { slots.slot(for: $0) } == Array(0..<PreparedSlots.count))
        #expect(slots.slot(for: "SELECT 3") == 3)
        #expect(slots.slot(for: "SELECT 'one too many'") == nil)
        #expect(slots.sql(in: 5) == "SELECT 5")
        #expect(slots.slot(for: texts[0]) == 0)
    }
}
