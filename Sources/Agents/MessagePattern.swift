/// A way to read event fields from the text of a message-only record (`ts` + `message`).
///
/// ``LogRecordParser`` tries its patterns in order; the first that yields at least one field wins. Only the
/// fields a message may set count (``LogField/messageFields``: never `ts` or `id`), and a field the record itself
/// sets wins over the message's value. An empty value is null.
///
/// - ``keyValue``: the contract's default, `key=value` pairs (`event_type=deauth ap=ap-12 ssid="Guest WiFi"`).
///   A pair starts at the beginning of the text or after whitespace; the key is `[A-Za-z_][A-Za-z0-9_]*`
///   (case-sensitive); the value is a double-quoted string in which a backslash escapes the next character
///   (`\"` is `"`, `\\` is `\`), tried first, else the run of non-whitespace after `=` (possibly empty). Keys
///   outside the message fields are skipped (their values are still consumed); a repeated key: the last wins.
///   Whitespace is Unicode whitespace, as Python's `str.isspace`.
/// - ``regex(_:)``: a regular expression whose named groups are field names, e.g.
///   `(?<ap>ap-\d+) .* deauth from (?<client_mac>[0-9a-f:]{17})`; the first match anywhere in the text is used
///   (Python's `re.search`), matched by Unicode scalars; groups that did not take part are skipped. Compiled once.
///
/// Codable for configuration files as `{"kind": "key_value"}` or `{"kind": "regex", "pattern": "..."}`.
public struct MessagePattern: Sendable, Codable, CustomStringConvertible {
    private enum Kind: @unchecked Sendable {
        case keyValue
        // Regex values are immutable once compiled; matching does not mutate them.
        case regex(source: String, regex: Regex<AnyRegexOutput>, fields: [LogField])
    }

    private let kind: Kind

    private init(kind: Kind) { self.kind = kind }

    /// The contract's default `key=value` pattern.
    public static let keyValue = MessagePattern(kind: .keyValue)

    /// A regular expression (Swift `Regex` syntax, which also accepts Python's `(?P<name>...)`) whose named
    /// groups are field names.
    ///
    /// - Throws: ``AgentsError/Code/invalidPattern`` when the expression does not compile or has no named group
    ///   that is a message field (`ap`, `bssid`, `client_mac`, `ssid`, `event_type`, `level`, `signal_dbm`,
    ///   `data_rate_mbps`, `packet_loss`).
    public static func regex(_ pattern: String) throws(AgentsError) -> MessagePattern {
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw AgentsError(
                .invalidPattern, "message pattern '\(pattern)' does not compile; fix its syntax", cause: error)
        }
        let fields = LogField.messageFields.filter { compiled.contains(captureNamed: $0.name) }
        guard !fields.isEmpty else {
            throw AgentsError(
                .invalidPattern,
                "message pattern '\(pattern)' has no named group for a field; name groups after the fields, "
                    + "e.g. (?<ap>...) or (?<event_type>...)")
        }
        return MessagePattern(kind: .regex(source: pattern, regex: compiled, fields: fields))
    }

    /// `key=value`, or the regular expression's source.
    public var description: String {
        switch kind {
        case .keyValue: return "key=value"
        case .regex(let source, _, _): return source
        }
    }

    /// The fields this pattern reads from `text`, indexed by ``LogField/rawValue``; nil when it reads none.
    func fields(in text: String) -> [Substring?]? {
        switch kind {
        case .keyValue:
            return MessagePattern.keyValues(in: text)
        case .regex(_, let regex, let fields):
            guard let match = try? regex.firstMatch(in: text) else { return nil }
            var found = [Substring?](repeating: nil, count: LogField.allCases.count)
            var any = false
            for field in fields {
                if let value = match.output[field.name]?.substring {
                    found[field.rawValue] = value
                    any = true
                }
            }
            return any ? found : nil
        }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case kind
        case pattern
    }

    /// Decodes `{"kind": "key_value"}` or `{"kind": "regex", "pattern": "..."}`, compiling the expression.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "key_value":
            self = .keyValue
        case "regex":
            let source = try container.decode(String.self, forKey: .pattern)
            do {
                self = try .regex(source)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .pattern, in: container, debugDescription: error.message)
            }
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown message pattern kind '\(kind)'; use key_value or regex")
        }
    }

    /// Encodes the kind and, for a regular expression, its source.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case .keyValue:
            try container.encode("key_value", forKey: .kind)
        case .regex(let source, _, _):
            try container.encode("regex", forKey: .kind)
            try container.encode(source, forKey: .pattern)
        }
    }
}
