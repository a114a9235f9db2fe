/// A named rule that recognises one ``AnomalyType``: every condition must hold.
///
/// Codable with snake_case keys (`name`, `type`, `conditions`, `max_severity`), so configuration files can define
/// rules; several rules may share a type (an OR of condition lists).
public struct ClassifierRule: Sendable, Hashable, Codable {
    /// The rule's name, as reported in ``Detection/rules``.
    public var name: String
    /// The anomaly type the rule recognises (never ``AnomalyType/unknown``).
    public var type: AnomalyType
    /// The conditions, all of which must hold.
    public var conditions: [RuleCondition]
    /// The highest severity a window this rule explains may get (contextual findings such as off-hours activity
    /// are capped), or nil for no cap.
    public var maxSeverity: AnomalySeverity?

    /// Creates a rule.
    public init(
        name: String, type: AnomalyType, conditions: [RuleCondition], maxSeverity: AnomalySeverity? = nil
    ) {
        self.name = name
        self.type = type
        self.conditions = conditions
        self.maxSeverity = maxSeverity
    }

    private enum CodingKeys: String, CodingKey {
        case name
        case type
        case conditions
        case maxSeverity = "max_severity"
    }
}
