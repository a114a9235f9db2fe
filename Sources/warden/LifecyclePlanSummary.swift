import Registry
import WardenApp

/// What a committed lifecycle command changed, as printed.
struct LifecyclePlanSummary: Encodable {
    struct Change: Encodable {
        var version: String
        var from: String
        var to: String
    }

    var model: String
    var command: String
    var version: String
    var changes: [Change]
    var deleted: Bool
    /// False when the command's target state already held.
    var changed: Bool

    init(_ result: LifecycleResult) {
        let plan = result.plan
        changed = result.changed
        model = plan.model
        command = plan.command.name
        version = plan.target
        changes = plan.changes.map { Change(version: $0.version, from: $0.from.rawValue, to: $0.to.rawValue) }
        deleted = plan.deletion != nil
    }
}
