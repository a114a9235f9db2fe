/// An anomaly's status and the history of how it got there, as a value-type state machine.
///
/// ```swift
/// var workflow = AnomalyWorkflow()
/// try workflow.move(to: .acknowledged, by: "alice", at: now)
/// try workflow.move(to: .falsePositive, by: "alice", at: later, note: "firmware upgrade")
/// try workflow.move(to: .open, by: "bob", at: later)  // throws invalid_transition: false_positive is final
/// ```
public struct AnomalyWorkflow: Sendable, Hashable, Codable {
    /// The current status.
    public private(set) var status: AnomalyStatus
    /// Every move so far, oldest first.
    public private(set) var history: [StatusTransition]

    /// A new, open anomaly.
    public init() {
        status = .open
        history = []
    }

    /// Rebuilds a workflow from its stored history, checking that the history is a valid path from `open`.
    ///
    /// - Throws: ``AgentsError/Code/invalidTransition`` when a move is not allowed or does not start where the
    ///   previous one ended, or when `status` is not where the history ends.
    public init(status: AnomalyStatus, history: [StatusTransition]) throws(AgentsError) {
        var rebuilt = AnomalyWorkflow()
        for t in history {
            guard t.from == rebuilt.status else {
                throw AgentsError(
                    .invalidTransition,
                    "the stored status history moves from \(t.from.rawValue) while the anomaly was "
                        + "\(rebuilt.status.rawValue); repair the stored history")
            }
            try rebuilt.move(to: t.to, by: t.by, at: t.at, note: t.note)
        }
        guard rebuilt.status == status else {
            throw AgentsError(
                .invalidTransition,
                "the stored status is \(status.rawValue) but its history ends at \(rebuilt.status.rawValue); "
                    + "repair the stored history")
        }
        self = rebuilt
    }

    /// Moves the anomaly to `next` and records who moved it, when and why.
    ///
    /// - Parameters:
    ///   - next: the new status.
    ///   - by: who moves it (not empty).
    ///   - at: when.
    ///   - note: why, optionally.
    /// - Returns: the recorded transition.
    /// - Throws: ``AgentsError/Code/invalidTransition`` naming the current and asked status when the workflow
    ///   does not allow the move (a final status, a step back, the same status), or when `by` is empty.
    @discardableResult
    public mutating func move(to next: AnomalyStatus, by: String, at: Timestamp, note: String? = nil)
        throws(AgentsError) -> StatusTransition
    {
        guard !by.isEmpty else {
            throw AgentsError(.invalidTransition, "a status change needs who made it; pass the user or key name")
        }
        guard status.allowsMove(to: next) else {
            let allowed = AnomalyStatus.allCases.filter(status.allowsMove).map(\.rawValue)
            let remedy =
                status.isFinal
                ? "\(status.rawValue) is final; record a new anomaly if the problem comes back"
                : "from \(status.rawValue) move to \(allowed.joined(separator: ", "))"
            throw AgentsError(
                .invalidTransition, "cannot move an anomaly from \(status.rawValue) to \(next.rawValue); \(remedy)")
        }
        let transition = StatusTransition(from: status, to: next, by: by, at: at, note: note)
        history.append(transition)
        status = next
        return transition
    }

    private enum CodingKeys: String, CodingKey {
        case status
        case history
    }

    /// Decodes and checks the history (``init(status:history:)``).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = try c.decode(AnomalyStatus.self, forKey: .status)
        let history = try c.decodeIfPresent([StatusTransition].self, forKey: .history) ?? []
        do {
            try self.init(status: status, history: history)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .history, in: c, debugDescription: error.message)
        }
    }
}
