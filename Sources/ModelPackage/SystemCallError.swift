#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call, kept as the cause of a ``ModelPackageError`` (and of the registry's storage errors):
/// `open(2) failed: No such file or directory (errno 2)`, or only `strerror`'s text when the call is not named.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call, e.g. `open`; nil when not named.
    public var call: String?
    /// The `errno` value the call left.
    public var code: Int32

    /// The failure of `call` with the current `errno`; create it right after the call, before anything else can
    /// change `errno`.
    ///
    /// - Parameter call: The call's name, e.g. `open`; nil to describe only the error.
    public init(_ call: String?) {
        self.init(call, code: errno)
    }

    /// The failure of `call` with `errno` `code`.
    ///
    /// - Parameters:
    ///   - call: The call's name, e.g. `open`; nil to describe only the error.
    ///   - code: The `errno` value.
    public init(_ call: String?, code: Int32) {
        self.call = call
        self.code = code
    }

    /// `open(2) failed: No such file or directory (errno 2)`, or `No such file or directory` without a call.
    public var description: String {
        let text = String(cString: strerror(code))
        guard let call else { return text }
        return "\(call)(2) failed: \(text) (errno \(code))"
    }
}
