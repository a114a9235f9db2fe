/// The one error type of the DriftService module: what failed, the offending value and the remedy.
public struct DriftServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case noReference = "no_reference"
            case noBaseline = "no_baseline"
            case insufficientData = "insufficient_data"
            case invalidReference = "invalid_reference"
            case corruptPayload = "corrupt_payload"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// A drift check needs a reference profile and the version has none.
        public static let noReference = Code(.noReference)
        /// Seed 004's drift needs a captured score baseline and the version has none.
        public static let noBaseline = Code(.noBaseline)
        /// There are too few recorded predictions or reference rows.
        public static let insufficientData = Code(.insufficientData)
        /// A reference upload (CSV) cannot be used.
        public static let invalidReference = Code(.invalidReference)
        /// A stored payload cannot be read.
        public static let corruptPayload = Code(.corruptPayload)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `no_reference`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
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
