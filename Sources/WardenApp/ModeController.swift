public import Foundation
public import AccessControl
import Synchronization

/// The server's serving mode (seed 004): inference, training or maintenance. Starts in inference.
public final class ModeController: Sendable {
    private let state: Mutex<ModeState>

    /// Creates a controller in `mode`.
    public init(mode: ServingMode = .inference, since: Date = Date()) {
        state = Mutex(ModeState(mode: mode, since: since))
    }

    /// The current mode.
    public var mode: ServingMode { state.withLock { $0.mode } }

    /// When the current mode was entered.
    public var since: Date { state.withLock { $0.since } }

    /// Enters `mode`; returns the transition (unchanged when already in it).
    public func enter(_ mode: ServingMode, at now: Date = Date()) -> ModeState.Transition {
        state.withLock { $0.enter(mode, at: now) }
    }
}
