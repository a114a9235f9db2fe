/// Turns raw log records into normalised ``LogEvent``s, exactly as the contract (docs/wifi-logs.md) says.
///
/// The rules, in the order they are applied (the Python reference `warden_features.events` applies the same):
/// 1. **Empty strings are null**, for every field; keys outside the contract are ignored; nothing is trimmed.
/// 2. **ts**: the `ts` field, or seed 000's `timestamp` when `ts` is null; it must be text in the contract's
///    ISO 8601 grammar (``Timestamp``) and becomes integer microseconds.
/// 3. **Message-only records**: when both `ap` and `event_type` are null and `message` is text, the fields are
///    read from the message with ``patterns`` (default ``MessagePattern/keyValue``); a field the record sets
///    wins; `ts` and `id` are never read from a message.
/// 4. **Text fields** (`ap`, `bssid`, `client_mac`, `ssid`, `event_type`, `message`) must be text when not null.
/// 5. **ap** is required. APs and SSIDs are kept exactly (case-sensitive).
/// 6. **id**: an integer (a JSON integer, or text `[+-]?[0-9]+` within 64 bits); when null, `arrivalID`.
/// 7. **MACs** (`bssid`, `client_mac`): the three spellings of ``MACAddress``; anything else is malformed.
/// 8. **event_type**: kept as written (``LogEventType``); null is `other`.
/// 9. **level**: ``LogLevel`` words case-insensitively, a JSON integer or a digit string as a syslog severity;
///    any other value (a non-integral number, a boolean) is `info`.
/// 10. **signal_dbm, data_rate_mbps, packet_loss**: a JSON number or a decimal string
///     (`[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`, no `nan`/`inf` words) read as a Double; a boolean,
///     other text, or a non-finite value (NaN, ±infinity, a literal that overflows) is malformed. No range check.
///
/// ```swift
/// let parser = LogRecordParser()
/// let event = try parser.parse(
///     fields: ["ts": "2026-01-05T10:00:00Z", "ap": "ap-01", "client_mac": "AABB.CC00.1122", "level": 4],
///     arrivalID: 1)
/// event.clientMAC?.description  // "aa:bb:cc:00:11:22"; event.level == .warning
/// ```
public struct LogRecordParser: Sendable {
    /// The patterns tried, in order, on the text of message-only records.
    public var patterns: [MessagePattern]
    /// Whether events keep their `message` text (agents that only count can drop it and save an allocation).
    public var keepsMessages: Bool

    /// Creates a parser.
    ///
    /// - Parameters:
    ///   - patterns: message patterns, tried in order (default: the contract's `key=value`).
    ///   - keepsMessages: whether events keep their `message` text.
    public init(patterns: [MessagePattern] = [.keyValue], keepsMessages: Bool = true) {
        self.patterns = patterns
        self.keepsMessages = keepsMessages
    }

    /// Parses a record given as field names and values; names outside the contract are ignored.
    ///
    /// - Parameters:
    ///   - fields: the record's fields.
    ///   - arrivalID: the record's arrival number, its `id` when it has none.
    /// - Throws: ``AgentsError/Code/malformedRecord`` with ``AgentsError/malformedRecord`` naming the field.
    public func parse(fields: [String: RawField], arrivalID: Int64) throws(AgentsError) -> LogEvent {
        try parse(fields: RawRecord(fields), arrivalID: arrivalID)
    }

    /// Parses a record whose fields a reader has already split (the fast path: no dictionary, and text given
    /// as buffer slices is copied only into the event's own strings).
    ///
    /// - Parameters:
    ///   - record: the record's fields.
    ///   - arrivalID: the record's arrival number, its `id` when it has none.
    /// - Throws: ``AgentsError/Code/malformedRecord`` with ``AgentsError/malformedRecord`` naming the field.
    public func parse(fields record: RawRecord, arrivalID: Int64) throws(AgentsError) -> LogEvent {
        // 2. ts, or seed 000's timestamp.
        var tsField = LogField.ts
        var tsRaw = record[.ts]
        if tsRaw.isNull {
            tsField = .timestamp
            tsRaw = record[.timestamp]
        }
        if tsRaw.isNull { throw malformed(arrivalID, .ts, .missing) }
        guard let ts = tsRaw.withUTF8(Timestamp.parse(utf8:)) ?? nil else {
            throw malformed(arrivalID, tsField, .notATimestamp, tsRaw)
        }

        // 3. Message-only records: the only case that copies the record.
        let message = record[.message]
        if record[.ap].isNull, record[.eventType].isNull, message.isText, !message.isNull {
            let text = message.text ?? ""
            var filled = record
            for pattern in patterns {
                guard let found = pattern.fields(in: text) else { continue }
                for field in LogField.messageFields where filled[field].isNull {
                    if let value = found[field.rawValue] { filled[field] = .string(value) }
                }
                break
            }
            return try event(filled, ts: ts, message: text, arrivalID: arrivalID)
        }
        return try event(record, ts: ts, message: nil, arrivalID: arrivalID)
    }

    /// Rules 4–10 on a record whose message fields are filled in; `message` is the message text when it was
    /// already decoded.
    private func event(_ record: RawRecord, ts: Int64, message messageText: String?, arrivalID: Int64)
        throws(AgentsError) -> LogEvent
    {
        let ap = record[.ap]
        let bssid = record[.bssid]
        let clientMAC = record[.clientMAC]
        let ssid = record[.ssid]
        let eventType = record[.eventType]
        let message = record[.message]

        // 4. Text fields are text.
        func text(_ value: RawField, _ field: LogField) throws(AgentsError) {
            if !value.isNull, !value.isText { throw malformed(arrivalID, field, .notText, value) }
        }
        try text(ap, .ap)
        try text(bssid, .bssid)
        try text(clientMAC, .clientMAC)
        try text(ssid, .ssid)
        try text(eventType, .eventType)
        try text(message, .message)

        // 5. ap.
        guard !ap.isNull, let apText = ap.text else { throw malformed(arrivalID, .ap, .missing) }

        // 6. id.
        let id: Int64
        let idRaw = record[.id]
        switch idRaw {
        case .integer(let value): id = value
        case .bool, .number: throw malformed(arrivalID, .id, .notAnInteger, idRaw)
        case .null, .string, .utf8:
            if idRaw.isNull {
                id = arrivalID
            } else {
                switch idRaw.withUTF8(LogRecordParser.integer) ?? .invalid {
                case .value(let value): id = value
                case .overflow: throw malformed(arrivalID, .id, .outOfRange, idRaw)
                case .invalid: throw malformed(arrivalID, .id, .notAnInteger, idRaw)
                }
            }
        }

        // 7. MACs.
        let bssidValue = try mac(bssid, .bssid, arrivalID)
        let clientValue = try mac(clientMAC, .clientMAC, arrivalID)

        // 8. event_type.
        let type = eventType.isNull ? .missing : eventType.withUTF8(LogEventType.init(utf8:)) ?? .missing

        // 9. level.
        let level: LogLevel
        switch record[.level] {
        case .integer(let severity): level = LogLevel(syslogSeverity: severity)
        case let raw: level = raw.withUTF8(LogLevel.init(utf8:)) ?? .info
        }

        // 10. Measurements.
        let signal = try measurement(record[.signalDBm], .signalDBm, arrivalID)
        let rate = try measurement(record[.dataRateMbps], .dataRateMbps, arrivalID)
        let loss = try measurement(record[.packetLoss], .packetLoss, arrivalID)

        var keptMessage: String? = nil
        if keepsMessages, !message.isNull { keptMessage = messageText ?? message.text }
        return LogEvent(
            id: id, ts: ts, ap: apText, bssid: bssidValue, clientMAC: clientValue, ssid: ssid.isNull ? nil : ssid.text,
            eventType: type, level: level, signalDBm: signal, dataRateMbps: rate, packetLoss: loss,
            message: keptMessage)
    }

    private func malformed(
        _ arrivalID: Int64, _ field: LogField, _ reason: MalformedRecord.Reason, _ value: RawField? = nil
    ) -> AgentsError {
        AgentsError(
            malformed: MalformedRecord(arrivalID: arrivalID, field: field, reason: reason, value: value?.excerpt))
    }

    private func mac(_ raw: RawField, _ field: LogField, _ arrivalID: Int64) throws(AgentsError) -> MACAddress? {
        if raw.isNull { return nil }
        guard let parsed = raw.withUTF8(MACAddress.parse(utf8:)) ?? nil else {
            throw malformed(arrivalID, field, .notAMACAddress, raw)
        }
        return parsed
    }

    private func measurement(_ raw: RawField, _ field: LogField, _ arrivalID: Int64) throws(AgentsError) -> Double? {
        switch raw {
        case .null: return nil
        case .bool: throw malformed(arrivalID, field, .notANumber, raw)
        case .integer(let value): return Double(value)
        case .number(let value):
            guard value.isFinite else { throw malformed(arrivalID, field, .notFinite, raw) }
            return value
        case .string, .utf8:
            if raw.isNull { return nil }
            guard let value = raw.withUTF8(LogRecordParser.decimal) ?? nil else {
                throw malformed(arrivalID, field, .notANumber, raw)
            }
            guard value.isFinite else { throw malformed(arrivalID, field, .notFinite, raw) }
            return value
        }
    }
}
