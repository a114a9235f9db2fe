/// The one error type of the DriftService module: what failed, the offending value and the remedy.
public struct DriftServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A drift check needs a reference profile and the version has none.
        case noReference = "no_reference"
        /// Seed 004's drift needs a captured score baseline and the version has none.
        case noBaseline = "no_baseline"
        /// There are too few recorded predictions or reference rows.
        case insufficientData = "insufficient_data"
        /// A reference upload (CSV) cannot be used.
        case invalidReference = "invalid_reference"
        /// A stored payload cannot be read.
        case corruptPayload = "corrupt_payload"
    }

    /// The category.
    public var code: Code
    /// A sentence naming what failed and the remedy.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
