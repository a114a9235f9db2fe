public import Foundation

/// The current serving mode and since when: a value-type state machine the server keeps behind a lock.
///
/// ```swift
/// var state = ModeState()
/// let transition = state.enter(.maintenance, at: Date())   // audit when transition.changed
/// ```
public struct ModeState: Sendable, Equatable {
    /// The outcome of ``ModeState/enter(_:at:)``.
    public struct Transition: Sendable, Equatable {
        /// The mode before.
        public var from: ServingMode
        /// The mode after.
        public var to: ServingMode
        /// Whether the mode changed; `false` when entering the current mode.
        public var changed: Bool

        /// Creates a transition.
        public init(from: ServingMode, to: ServingMode, changed: Bool) {
            self.from = from
            self.to = to
            self.changed = changed
        }
    }

    /// The current mode.
    public private(set) var mode: ServingMode
    /// When the current mode was entered.
    public private(set) var since: Date

    /// Creates a state.
    /// - Parameters:
    ///   - mode: The starting mode, by default inference.
    ///   - since: When it was entered.
    public init(mode: ServingMode = .inference, since: Date = Date()) {
        self.mode = mode
        self.since = since
    }

    /// Enters a mode. Entering the current mode is a no-op: ``since`` keeps its value and `changed` is `false`.
    /// - Parameters:
    ///   - mode: The mode to enter.
    ///   - at: The time of the change.
    /// - Returns: The transition, for the caller to log or audit.
    public mutating func enter(_ mode: ServingMode, at: Date) -> Transition {
        let from = self.mode
        guard mode != from else { return Transition(from: from, to: from, changed: false) }
        self.mode = mode
        self.since = at
        return Transition(from: from, to: mode, changed: true)
    }

    /// Whether the current mode permits an action.
    /// - Parameter action: The kind of action.
    public func permits(_ action: ModeAction) -> Bool {
        mode.permits(action)
    }
}
