/// How urgent an anomaly is, ordered `low < medium < high < critical`.
public enum AnomalySeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Worth a look.
    case low
    /// Investigate.
    case medium
    /// Act soon.
    case high
    /// Act now.
    case critical

    private var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        case .critical: return 3
        }
    }

    /// Orders by urgency.
    public static func < (lhs: AnomalySeverity, rhs: AnomalySeverity) -> Bool { lhs.rank < rhs.rank }
}
