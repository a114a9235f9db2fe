/// Writing JSON string literals: the one escaping every JSON writer of Warden uses (quote, backslash, `\n`, `\r`,
/// `\t`, other control characters as `\u00XX`; everything else verbatim).
public enum JSONString {
    /// Appends `s` as a JSON string literal.
    ///
    /// - Parameters:
    ///   - s: The string.
    ///   - out: The text to append to.
    public static func append(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    /// `s` as a JSON string literal, e.g. `"a\"b"` for `a"b`.
    public static func quoted(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }
}
