/// Who found an anomaly: the model, one or more rules, or both; with the names of the rules that matched.
///
/// Encoded as `{"source": "model" | "rule" | "both", "rules": ["deauth_flood", ...]}`.
public struct Detection: Sendable, Hashable, Codable {
    /// Where the detection came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The model flagged the window; no rule matched.
        case model
        /// Rules matched; the model did not flag the window.
        case rule
        /// The model flagged the window and rules matched.
        case both
    }

    /// Where the detection came from.
    public var source: Source
    /// The rules that matched, in rule order (empty for ``Source/model``).
    public var rules: [String]

    /// Creates a detection.
    public init(source: Source, rules: [String]) {
        self.source = source
        self.rules = rules
    }
}
