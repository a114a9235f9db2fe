public import Foundation

/// One import attempt: a row of the import history (seed 001's "Import History").
public struct ImportEvent: Sendable, Equatable, Codable {
    /// How the attempt ended.
    public enum Outcome: String, Sendable, Equatable, Codable, CaseIterable {
        /// The version was registered.
        case imported
        /// Validation refused the package.
        case rejected
        /// The attempt failed for another reason (I/O, duplicate version, ...).
        case failed
    }

    /// The model.
    public var model: String
    /// Where the package came from.
    public var source: String
    /// The version, when it could be read.
    public var version: String?
    /// How it ended.
    public var outcome: Outcome
    /// When it happened.
    public var at: Date
    /// Details, e.g. the refusal's error code and message.
    public var message: String?

    /// Creates an event.
    public init(model: String, source: String, version: String?, outcome: Outcome, at: Date, message: String? = nil) {
        self.model = model
        self.source = source
        self.version = version
        self.outcome = outcome
        self.at = at
        self.message = message
    }
}
