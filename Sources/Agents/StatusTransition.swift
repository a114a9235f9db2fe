/// One recorded move of an anomaly's status: from where, to where, who moved it, when, and why.
public struct StatusTransition: Sendable, Hashable, Codable {
    /// The status before.
    public var from: AnomalyStatus
    /// The status after.
    public var to: AnomalyStatus
    /// Who moved it (a user or API key name).
    public var by: String
    /// When.
    public var at: Timestamp
    /// Why, when given.
    public var note: String?

    /// Creates a transition record.
    public init(from: AnomalyStatus, to: AnomalyStatus, by: String, at: Timestamp, note: String? = nil) {
        self.from = from
        self.to = to
        self.by = by
        self.at = at
        self.note = note
    }
}
