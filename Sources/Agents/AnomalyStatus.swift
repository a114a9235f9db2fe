/// Where an anomaly stands in the operators' workflow.
///
/// `open → acknowledged → resolved | false_positive`, and `open → resolved | false_positive` directly;
/// `resolved` and `false_positive` are final. ``AnomalyWorkflow`` applies the moves and records them.
public enum AnomalyStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// New, nobody has looked at it.
    case open
    /// Someone is looking at it.
    case acknowledged
    /// Dealt with (final).
    case resolved
    /// Not an incident (final); feeds back into thresholds and rules.
    case falsePositive = "false_positive"

    /// Whether no move leaves this status.
    public var isFinal: Bool { self == .resolved || self == .falsePositive }

    /// Whether the workflow allows moving from this status to `next`.
    public func allowsMove(to next: AnomalyStatus) -> Bool {
        switch (self, next) {
        case (.open, .acknowledged), (.open, .resolved), (.open, .falsePositive): return true
        case (.acknowledged, .resolved), (.acknowledged, .falsePositive): return true
        default: return false
        }
    }
}
