/// A PostgreSQL identifier (a table, schema or column name) checked to be a plain name and always written quoted.
///
/// Accepted: 1 to 63 bytes (PostgreSQL's limit), an ASCII letter or `_` first, then letters, digits, `_` or `$`.
/// The name is used exactly as given, double-quoted in SQL, so it is case-sensitive: a table created as
/// `CREATE TABLE WiFi_Logs` is stored as `wifi_logs` and must be configured so. Nothing configured reaches SQL
/// without passing through here.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The name as configured.
    public let name: String

    /// Checks a name.
    ///
    /// - Parameters:
    ///   - name: the identifier.
    ///   - what: what the name is for (`table`, `columns.signal_dbm`), for the error message.
    /// - Throws: ``LogSourcePostgresError/Code/invalidConfiguration`` naming the setting and the rule.
    public init(_ name: String, for what: String) throws(LogSourcePostgresError) {
        let bytes = Array(name.utf8)
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard let first = bytes.first, isLetter(first), bytes.count <= 63,
            bytes.allSatisfy({ isLetter($0) || isDigit($0) || $0 == 0x24 })
        else {
            throw LogSourcePostgresError(
                .invalidConfiguration,
                "\(what) is \(SQLIdentifier.excerpt(name)); use a plain PostgreSQL name of 1 to 63 characters: a "
                    + "letter or _ first, then letters, digits, _ or $ (names are case-sensitive)")
        }
        self.name = name
    }

    /// The name double-quoted for SQL (`"wifi_logs"`); the rules above leave nothing to escape.
    public var quoted: String { "\"" + name + "\"" }

    /// The name.
    public var description: String { name }

    private static func excerpt(_ text: String) -> String {
        let cut = text.count > 70 ? String(text.prefix(70)) + "…" : text
        return "\"" + cut + "\""
    }
}
