/// The server's operating mode, which decides what kinds of action it accepts (seed 004).
public enum ServingMode: String, Sendable, Codable, CaseIterable {
    /// Serving predictions; lifecycle changes allowed, registry writes refused.
    case inference
    /// Importing and saving models; predictions refused.
    case training
    /// Migrations, backups and cleanup; predictions and registry changes refused.
    case maintenance
}

/// The kinds of action a mode permits or refuses; every route names one.
public enum ModeAction: String, Sendable, CaseIterable {
    /// Reading anything: always allowed.
    case read
    /// Predictions: inference only.
    case predict
    /// Deploy, rollback, promote, activate, deactivate: inference and training.
    case lifecycle
    /// Import, save, delete, tag, baseline writes: training only.
    case registryWrite
    /// Migrations, backups, cleanup: maintenance only.
    case maintenance
    /// Modes, keys, audit: always allowed, so an operator can always leave a mode.
    case administer
}

extension ServingMode {
    /// Whether this mode permits an action.
    /// - Parameter action: The kind of action a route performs.
    /// - Returns: `true` when the action may run in this mode.
    public func permits(_ action: ModeAction) -> Bool {
        switch action {
        case .read, .administer: true
        case .predict: self == .inference
        case .lifecycle: self == .inference || self == .training
        case .registryWrite: self == .training
        case .maintenance: self == .maintenance
        }
    }

    /// The modes that permit an action, in declaration order; for error messages that name the remedy.
    /// - Parameter action: The kind of action.
    public static func allowedModes(for action: ModeAction) -> [ServingMode] {
        allCases.filter { $0.permits(action) }
    }
}
