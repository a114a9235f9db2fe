import Foundation

extension LogEventRow {
    /// The levels an event may have.
    public static let levels = ["info", "warning", "error"]

    /// Checks the event before it is appended: an access point of 1 to 256 bytes without control characters, MACs
    /// in lower-case colon form (`aa:bb:cc:00:11:22`), an SSID of 1 to 256 bytes without control characters, an
    /// event type word of 1 to 256 bytes without control characters, a level among ``levels``, finite measurements
    /// and a finite `receivedAt`. An empty optional text is refused (the contract writes nil). A message longer
    /// than ``maxMessageBytes`` is not refused: ``storedForm()`` cuts it. The id is not checked: the store assigns
    /// it; nor is `ts`, any instant being a valid one.
    ///
    /// - Throws: `invalid_record` naming the field and the value.
    public func validate() throws(RegistryError) {
        let what = { "the log event at \(ts) of access point \(AgentChecks.quote(ap))" }
        try AgentChecks.text(ap, "ap", of: what(), limit: AgentChecks.maxEntityBytes)
        func mac(_ value: String?, _ field: String) throws(RegistryError) {
            guard let value, !Self.isNormalMAC(value) else { return }
            throw AgentChecks.fail(
                what(), "has \(field) \(AgentChecks.quote(value))",
                "write MACs as six lower-case hex pairs joined by ':'")
        }
        try mac(bssid, "bssid")
        try mac(clientMAC, "clientMAC")
        if let ssid { try AgentChecks.text(ssid, "ssid", of: what(), limit: AgentChecks.maxLabelBytes) }
        try AgentChecks.text(eventType, "eventType", of: what(), limit: AgentChecks.maxLabelBytes)
        // The three words, compared without building an array per event.
        if !(level == "info" || level == "warning" || level == "error") {
            try AgentChecks.word(level, "level", in: Self.levels, of: what())
        }
        try AgentChecks.finite(signalDBm, "signalDBm", of: what())
        try AgentChecks.finite(dataRateMbps, "dataRateMbps", of: what())
        try AgentChecks.finite(packetLoss, "packetLoss", of: what())
        if let message, message.isEmpty {
            throw AgentChecks.fail(what(), "has an empty message", "give no message instead")
        }
        try AgentChecks.date(receivedAt, "receivedAt", of: what())
    }

    /// The row as a store keeps it: its message cut to at most ``maxMessageBytes`` bytes, at a character (grapheme)
    /// boundary, so no character is split; everything else unchanged.
    public func storedForm() -> LogEventRow {
        guard let message, message.utf8.count > Self.maxMessageBytes else { return self }
        var bytes = 0
        var end = message.startIndex
        for index in message.indices {
            let next = message.index(after: index)
            let size = message.utf8.distance(from: index, to: next)
            if bytes + size > Self.maxMessageBytes { break }
            bytes += size
            end = next
        }
        var copy = self
        copy.message = String(message[..<end])
        return copy
    }

    /// Refuses a negative limit for ``LogEventStore/logEvents(after:limit:)``, with the wording every store uses.
    ///
    /// - Throws: `invalid_record`.
    public static func checkLimit(_ limit: Int) throws(RegistryError) {
        try AgentChecks.count(limit, "limit", of: "the log event query")
    }

    /// `xx:xx:xx:xx:xx:xx` with lower-case hex digits.
    private static func isNormalMAC(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 17 else { return false }
        for (i, b) in utf8.enumerated() {
            if i % 3 == 2 {
                if b != 0x3A { return false }
            } else if !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)) {
                return false
            }
        }
        return true
    }
}
