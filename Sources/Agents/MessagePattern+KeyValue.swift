extension MessagePattern {
    /// The message fields set by `key=value` pairs in `text` (see ``MessagePattern/keyValue``), indexed by
    /// ``LogField/rawValue``; nil when there is none.
    static func keyValues(in text: String) -> [Substring?]? {
        var found: [Substring?]? = nil
        let scalars = text.unicodeScalars
        let end = scalars.endIndex
        var i = scalars.startIndex
        var afterSpace = true  // the start of the text counts as "after whitespace"
        while i < end {
            let c = scalars[i]
            if afterSpace, isKeyStart(c) {
                var j = scalars.index(after: i)
                while j < end, isKeyChar(scalars[j]) { j = scalars.index(after: j) }
                if j < end, scalars[j] == "=" {
                    let valueStart = scalars.index(after: j)
                    var value: (Substring, String.Index)? = nil
                    if valueStart < end, scalars[valueStart] == "\"" {
                        value = quoted(text, from: valueStart)
                    }
                    if value == nil {
                        var m = valueStart
                        while m < end, !isSpace(scalars[m]) { m = scalars.index(after: m) }
                        value = (text[valueStart..<m], m)
                    }
                    guard let (v, next) = value else { break }  // unreachable: the unquoted form always matches
                    if let field = LogField(name: text[i..<j]), field.isMessageField {
                        if found == nil { found = [Substring?](repeating: nil, count: LogField.allCases.count) }
                        found?[field.rawValue] = v
                    }
                    i = next
                    afterSpace = false  // the pair's last character is not whitespace
                    continue
                }
            }
            afterSpace = isSpace(c)
            i = scalars.index(after: i)
        }
        return found
    }

    /// The unescaped contents of the double-quoted string starting at `quote`, and the index after its closing
    /// quote; nil when it is not closed.
    private static func quoted(_ text: String, from quote: String.Index) -> (Substring, String.Index)? {
        let scalars = text.unicodeScalars
        let end = scalars.endIndex
        let start = scalars.index(after: quote)
        var m = start
        var escaped = false
        while m < end {
            let c = scalars[m]
            if c == "\\" {
                let next = scalars.index(after: m)
                guard next < end else { return nil }
                escaped = true
                m = scalars.index(after: next)
                continue
            }
            if c == "\"" {
                let after = scalars.index(after: m)
                guard escaped else { return (text[start..<m], after) }
                var unescaped = String.UnicodeScalarView()
                var k = start
                while k < m {
                    if scalars[k] == "\\" { k = scalars.index(after: k) }
                    unescaped.append(scalars[k])
                    k = scalars.index(after: k)
                }
                return (String(unescaped)[...], after)
            }
            m = scalars.index(after: m)
        }
        return nil
    }

    @inline(__always) private static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || c == "_"
    }

    @inline(__always) private static func isKeyChar(_ c: Unicode.Scalar) -> Bool {
        isKeyStart(c) || (c >= "0" && c <= "9")
    }

    /// Python's `str.isspace` (and `re`'s `\s` for text patterns).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
