/// The one error type of the Pickle module: what failed, where (byte offset), the offending value and the remedy.
///
/// `code` is stable and machine-readable; callers (the registry, the CLI, the server) map it to their own
/// error codes and exit statuses in one place each.
public struct PickleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The stream references a global (`module.qualname`) that is not on the allowlist.
        case disallowedGlobal = "disallowed_global"
        /// An opcode that can execute code or reach outside the stream (PERSID, EXT*) was found.
        case disallowedOpcode = "disallowed_opcode"
        /// The stream is malformed: unknown opcode, bad argument, stack underflow, wrong types.
        case corrupt = "corrupt"
        /// The stream ended before STOP or before an announced payload was complete.
        case truncated = "truncated"
        /// A configured limit (depth, memo, bytes, array size, decompressed size) was exceeded.
        case limitExceeded = "limit_exceeded"
        /// The file is compressed with a method Warden does not read (lz4, unknown magic).
        case unsupportedCompression = "unsupported_compression"
        /// A legal pickle construct that this reader does not support (e.g. joblib < 0.10 companion files).
        case unsupportedFeature = "unsupported_feature"
        /// The file could not be read from disk.
        case io = "io_error"
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
