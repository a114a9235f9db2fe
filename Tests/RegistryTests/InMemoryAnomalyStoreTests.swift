import Foundation
import Registry
import TestSupport
import Testing

@Suite("InMemoryRegistryStore as AnomalyStore")
struct InMemoryAnomalyStoreTests {
    @Test("passes the AnomalyStore conformance suite", arguments: AnomalyStoreConformance.checks)
    func conformance(_ check: AnomalyStoreConformance.Check) async throws {
        try await check.run(InMemoryRegistryStore())
    }
}

@Suite("InMemoryRegistryStore as LogEventStore")
struct InMemoryLogEventStoreTests {
    @Test("passes the LogEventStore conformance suite", arguments: LogEventStoreConformance.checks)
    func conformance(_ check: LogEventStoreConformance.Check) async throws {
        try await check.run(InMemoryRegistryStore())
    }
}

@Suite("Agent record validation")
struct AgentRecordValidationTests {
    @Test("an error names the record, the field and the value, and says what is accepted")
    func wording() {
        var row = AnomalyStoreConformance.anomaly("ap-7", minute: 0)
        row.severity = "urgent"
        let error = #expect(throws: RegistryError.self) { try row.validate() }
        #expect(error?.code == .invalidRecord)
        #expect(error?.message.contains("ap-7") == true)
        #expect(error?.message.contains("severity 'urgent'") == true)
        #expect(error?.message.contains("low, medium, high, critical") == true)
    }

    @Test("control characters in a refused value are escaped in the message")
    func escapes() {
        var event = LogEventStoreConformance.event(0)
        event.ap = "ap\n1"
        let error = #expect(throws: RegistryError.self) { try event.validate() }
        #expect(error?.message.contains(#"'ap\n1'"#) == true)
    }

    @Test("storedForm leaves short messages alone and is idempotent")
    func storedForm() {
        let short = LogEventStoreConformance.event(1)
        #expect(short.storedForm() == short)
        var long = short
        long.message = String(repeating: "é", count: LogEventRow.maxMessageBytes)
        let cut = long.storedForm()
        #expect(cut.message?.utf8.count == LogEventRow.maxMessageBytes)
        #expect(cut.storedForm() == cut)
    }
}
