/// Safety checks and normalisation of one entry name, independent of the other entries.
struct EntryName {
    /// The raw bytes as stored.
    let raw: [UInt8]
    /// The name decoded as UTF-8 (invalid sequences replaced), for `ZipEntry.name`.
    let string: String
    /// The name for messages and `ModelPackageError.entry`: control characters shown as `\xNN`.
    let escaped: String
    /// `escaped` in double quotes for messages, shortened past 120 characters (names can be 64 KiB long).
    var display: String {
        escaped.count <= 120 ? "\"\(escaped)\"" : "\"\(escaped.prefix(100))...\" (\(raw.count) bytes)"
    }
    /// Path components without empty and `.` components.
    let components: [String]
    /// Whether the name ends with `/`.
    let isDirectory: Bool

    init(_ raw: [UInt8]) {
        self.raw = raw
        string = String(decoding: raw, as: UTF8.self)
        var shown = ""
        for scalar in string.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                shown += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        escaped = shown
        components = string.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter {
            $0 != "."
        }
        isDirectory = raw.last == UInt8(ascii: "/")
    }

    /// The key two names collide on: case-folded components (Swift's `String` hashing already treats canonically
    /// equivalent Unicode, e.g. NFC and NFD, as equal).
    var collisionKey: String { components.joined(separator: "/").lowercased() }

    /// Ancestor folder keys of this name (`a`, `a/b` for `a/b/c`).
    var folderKeys: [String] {
        guard components.count > 1 else { return [] }
        return (1..<components.count).map { components[0..<$0].joined(separator: "/").lowercased() }
    }

    /// Reasons the name could escape the destination folder or be misread; empty when safe.
    func problems(limits: ZipLimits) -> [String] {
        var reasons: [String] = []
        if raw.isEmpty { return ["has an empty name"] }
        if !string.utf8.elementsEqual(raw) { reasons.append("its name is not valid UTF-8") }
        if let control = raw.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            let hex = (control < 16 ? "0" : "") + String(control, radix: 16, uppercase: true)
            reasons.append("its name contains the control character 0x\(hex)")
        }
        if raw.contains(UInt8(ascii: "\\")) {
            reasons.append("its name contains a backslash (ZIP names separate folders with '/')")
        }
        if raw.first == UInt8(ascii: "/") { reasons.append("it is an absolute path") }
        if raw.count >= 2, raw[1] == UInt8(ascii: ":"),
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(raw[0] & 0xDF)
        {
            reasons.append("it starts with a Windows drive letter")
        }
        let rawComponents = raw.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if rawComponents.contains(where: { $0.elementsEqual("..".utf8) }) {
            reasons.append("it has a '..' component that climbs out of the destination folder")
        }
        if let longest = rawComponents.map(\.count).max(), longest > limits.maxNameComponentBytes {
            reasons.append(
                "it has a path component of \(longest) bytes (limit \(limits.maxNameComponentBytes))")
        }
        if raw.count > limits.maxNameBytes {
            reasons.append("its name is \(raw.count) bytes long (limit \(limits.maxNameBytes))")
        }
        if reasons.isEmpty && components.isEmpty && !isDirectory {
            reasons.append("it has no file name once '.' components are removed")
        }
        return reasons
    }

    /// Whether the entry is operating-system debris to set aside: `__MACOSX/...` or a `.DS_Store` file.
    var isIgnorable: Bool {
        components.first == "__MACOSX" || (!isDirectory && components.last == ".DS_Store")
    }
}
