public import Foundation

/// One transfer from the training service (seed 002's `transfer_history.json`): a row of the transfer history.
public struct TransferEvent: Sendable, Equatable, Codable {
    /// Where the package came from (the training service path or URL).
    public var source: String
    /// The model.
    public var model: String
    /// The version transferred.
    public var version: String
    /// The outcome as the transfer service reports it, e.g. `imported`, `failed`.
    public var status: String
    /// When it happened.
    public var at: Date
    /// Details, e.g. the error.
    public var message: String?

    /// Creates an event.
    public init(source: String, model: String, version: String, status: String, at: Date, message: String? = nil) {
        self.source = source
        self.model = model
        self.version = version
        self.status = status
        self.at = at
        self.message = message
    }
}
