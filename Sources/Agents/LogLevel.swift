/// The normalised level of a log event.
///
/// Case-insensitively, `emerg`, `emergency`, `alert`, `crit`, `critical`, `err`, `error`, `panic`, `fatal` and
/// the numeric syslog severities 0–3 are ``error``; `warn`, `warning` and 4 are ``warning``; everything else
/// (`notice`, `info`, `informational`, `debug`, 5–7, other numbers, unknown words, a missing level) is ``info``.
public enum LogLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Informational (the default).
    case info
    /// A warning.
    case warning
    /// An error.
    case error

    /// The level of a numeric syslog severity: 0–3 error, 4 warning, anything else info.
    public init(syslogSeverity: Int64) {
        switch syslogSeverity {
        case 0...3: self = .error
        case 4: self = .warning
        default: self = .info
        }
    }

    /// The level of a word or a string of ASCII digits (a syslog severity), case-insensitively.
    public init(word: some StringProtocol) {
        var copy = String(word)
        self = copy.withUTF8 { LogLevel(utf8: $0) }
    }

    /// The level of a word or a string of ASCII digits given as UTF-8 bytes, without allocating.
    public init(utf8 b: UnsafeBufferPointer<UInt8>) {
        if !b.isEmpty, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var value: Int64 = 0
            for byte in b {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(byte - 0x30))
                if o1 || o2 {
                    self = .info
                    return
                }
                value = plus
            }
            self.init(syslogSeverity: value)
            return
        }
        func isWord(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == b.count else { return false }
            let p = word.utf8Start
            for i in 0..<b.count {
                let byte = b[i]
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lower != p[i] { return false }
            }
            return true
        }
        switch b.count {
        case 3: self = isWord("err") ? .error : .info
        case 4: self = isWord("warn") ? .warning : isWord("crit") ? .error : .info
        case 5:
            self =
                isWord("emerg") || isWord("alert") || isWord("error") || isWord("panic") || isWord("fatal")
                ? .error : .info
        case 7: self = isWord("warning") ? .warning : .info
        case 8: self = isWord("critical") ? .error : .info
        case 9: self = isWord("emergency") ? .error : .info
        default: self = .info
        }
    }
}
