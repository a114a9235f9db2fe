import Foundation

/// The checks the agents' records share (``AnomalyStore``, ``LogEventStore``), with one wording: each failure is
/// `invalid_record` naming the record, the field, the value (cut to 64 characters) and what is accepted.
enum AgentChecks {
    /// The longest agent id, in bytes.
    static let maxAgentBytes = 128
    /// The longest entity (access point name), in bytes.
    static let maxEntityBytes = 256
    /// The longest free label (an actor, an event type word, an SSID), in bytes.
    static let maxLabelBytes = 256
    /// The longest pairing reason, in bytes.
    static let maxReasonBytes = 4096

    static func fail(_ what: String, _ why: String, _ remedy: String) -> RegistryError {
        RegistryError(.invalidRecord, "\(what) \(why); \(remedy)")
    }

    /// Quotes a value for a message: at most 64 characters, control characters escaped.
    static func quote(_ text: String) -> String {
        let cut = text.count > 64 ? String(text.prefix(64)) + "…" : text
        let escaped = cut.unicodeScalars.map { s in
            s.properties.generalCategory == .control ? s.escaped(asASCII: true) : String(s)
        }
        return "'" + escaped.joined() + "'"
    }

    /// An agent id: 1 to 128 characters from `A-Z a-z 0-9 - _ . :`.
    static func agent(_ id: String, of what: @autoclosure () -> String) throws(RegistryError) {
        let safe = id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
        }
        guard !id.isEmpty, id.utf8.count <= maxAgentBytes, safe else {
            throw fail(
                what(),
                "has agent \(quote(id)), which is empty, longer than \(maxAgentBytes) characters or holds a "
                    + "character outside A-Z a-z 0-9 - _ . :", "name the agent with 1 to 128 of those characters")
        }
    }

    /// Text of 1 to `limit` bytes without control characters (an entity, an actor, a word).
    static func text(
        _ value: String, _ field: String, of what: @autoclosure () -> String, limit: Int
    ) throws(RegistryError) {
        guard !value.isEmpty, value.utf8.count <= limit, !hasControl(value) else {
            throw fail(
                what(),
                "has \(field) \(quote(value)), which is empty, longer than \(limit) bytes or holds a control "
                    + "character", "give 1 to \(limit) bytes of printable text")
        }
    }

    /// An entity: 1 to 256 bytes without control characters, compared byte for byte.
    static func entity(_ value: String, of what: @autoclosure () -> String) throws(RegistryError) {
        try text(value, "entity", of: what(), limit: maxEntityBytes)
    }

    /// True when `value` holds a C0 or C1 control character or DEL.
    static func hasControl(_ value: String) -> Bool {
        value.unicodeScalars.contains { s in s.value < 0x20 || (s.value >= 0x7F && s.value <= 0x9F) }
    }

    /// A window: `end > start`.
    static func window(start: Int64, end: Int64, of what: @autoclosure () -> String) throws(RegistryError) {
        guard end > start else {
            throw fail(
                what(), "has window end \(end) not after its start \(start)",
                "a window ends after it starts (µs since the epoch)")
        }
    }

    /// A finite date.
    static func date(_ date: Date, _ field: String, of what: @autoclosure () -> String) throws(RegistryError) {
        guard date.timeIntervalSinceReferenceDate.isFinite else {
            throw fail(what(), "has a non-finite \(field)", "give a real date")
        }
    }

    /// A finite number, when present.
    static func finite(_ value: Double?, _ field: String, of what: @autoclosure () -> String) throws(RegistryError) {
        guard let value, !value.isFinite else { return }
        throw fail(what(), "has \(field) \(value)", "give a finite number or none")
    }

    /// One of the vocabulary's words.
    static func word(
        _ value: String, _ field: String, in words: [String], of what: @autoclosure () -> String
    ) throws(RegistryError) {
        guard words.contains(value) else {
            throw fail(what(), "has \(field) \(quote(value))", "use one of \(words.joined(separator: ", "))")
        }
    }

    /// An opaque payload of at most `limit` bytes.
    static func payload(
        _ data: Data, _ field: String, of what: @autoclosure () -> String, limit: Int
    ) throws(RegistryError) {
        guard data.count <= limit else {
            throw fail(
                what(), "has a \(field) of \(data.count) bytes, above the limit of \(limit) bytes",
                "keep the \(field) smaller (it is a record, not a bulk store)")
        }
    }

    /// A page size or an offset: 0 or more.
    static func count(_ value: Int, _ field: String, of what: @autoclosure () -> String) throws(RegistryError) {
        guard value >= 0 else { throw fail(what(), "has \(field) \(value)", "ask for 0 or more") }
    }
}
