/// The one error type of the Pickle module: what failed, where (byte offset), the offending value and the remedy.
///
/// `code` is stable and machine-readable; callers (the registry, the CLI, the server) map it to their own
/// error codes and exit statuses in one place each.
public struct PickleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case disallowedGlobal = "disallowed_global"
            case disallowedOpcode = "disallowed_opcode"
            case corrupt = "corrupt"
            case truncated = "truncated"
            case limitExceeded = "limit_exceeded"
            case unsupportedCompression = "unsupported_compression"
            case unsupportedFeature = "unsupported_feature"
            case io = "io_error"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// The stream references a global (`module.qualname`) that is not on the allowlist.
        public static let disallowedGlobal = Code(.disallowedGlobal)
        /// An opcode that can execute code or reach outside the stream (PERSID, EXT*) was found.
        public static let disallowedOpcode = Code(.disallowedOpcode)
        /// The stream is malformed: unknown opcode, bad argument, stack underflow, wrong types.
        public static let corrupt = Code(.corrupt)
        /// The stream ended before STOP or before an announced payload was complete.
        public static let truncated = Code(.truncated)
        /// A configured limit (depth, memo, bytes, array size, decompressed size) was exceeded.
        public static let limitExceeded = Code(.limitExceeded)
        /// The file is compressed with a method Warden does not read (lz4, unknown magic).
        public static let unsupportedCompression = Code(.unsupportedCompression)
        /// A legal pickle construct that this reader does not support (e.g. joblib < 0.10 companion files).
        public static let unsupportedFeature = Code(.unsupportedFeature)
        /// The file could not be read from disk.
        public static let io = Code(.io)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `disallowed_global`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// A sentence saying what failed and, where useful, the remedy.
    public var message: String
    /// The byte offset in the (decompressed) pickle stream where the problem was detected, if known.
    public var offset: Int?
    /// For `disallowedGlobal`: the refused `module.qualname`.
    public var global: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, offset: Int? = nil, global: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.global = global
    }

    /// The message with the byte offset appended when known.
    public var description: String {
        if let offset { return "\(message) (at byte \(offset))" }
        return message
    }
}
