/// The one error type of the DataFormats module: what failed, where (the byte offset, for text) and the remedy.
///
/// `code` is stable and machine-readable; the server maps it to an HTTP status and the CLI to an exit status, each in
/// one place. Codes are a struct, so new formats can add codes without breaking callers that switch over them.
public struct DataFormatsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case invalidJSON = "invalid_json"
            case typeMismatch = "type_mismatch"
            case invalidCSV = "invalid_csv"
            case readFailed = "read_failed"
            case recordTooLarge = "record_too_large"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// The text is not valid JSON (the message names the problem and its byte offset).
        public static let invalidJSON = Code(.invalidJSON)
        /// A ``JSONValue`` does not have the shape a `Decodable` type asked ``JSONValueDecoder`` for.
        public static let typeMismatch = Code(.typeMismatch)
        /// The text is not valid CSV (an unclosed quote, text after a closing quote); the message names the record
        /// and the column.
        public static let invalidCSV = Code(.invalidCSV)
        /// A ``ByteStream`` could not be read (the message names the file and the system's reason).
        public static let readFailed = Code(.readFailed)
        /// One record of a streamed file is longer than the reader's limit (usually an unclosed quote or bracket).
        public static let recordTooLarge = Code(.recordTooLarge)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `invalid_json`.
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
    /// What failed, where, and the remedy.
    public var message: String
    /// The byte offset in the text where the problem was found, when there is text.
    public var offset: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The category.
    ///   - message: What failed, naming the value and where.
    ///   - offset: The byte offset in the text, if any.
    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The message.
    public var description: String { message }
}
