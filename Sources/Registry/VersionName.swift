/// A checked version string and what it means for ordering.
///
/// Accepted forms:
/// - timestamps: `20241201_143022` (seed 003), `20241221-143022` and `train-20241221-143022` (seed 004), where the
///   date and time must be valid (month 1–12, day 1–31, hour < 24, minute and second < 60);
/// - semantic versions: `1.0.0`, `2.1.3-beta`, `1.0.0-rc.1+build.5` (SemVer 2.0.0, no leading zeros).
///
/// Whatever the form, a version longer than 128 characters, containing `..`, or containing a character outside
/// `[A-Za-z0-9._+-]` is refused, because version names become path components and URL segments.
///
/// ```swift
/// let v = try VersionName("20241201_143022")
/// ```
public struct VersionName: Sendable, Hashable, CustomStringConvertible {
    /// The kind of a version string.
    public enum Kind: Sendable, Hashable {
        /// A timestamp; `key` is `YYYYMMDDHHMMSS` as a number, `prefix` the optional `prefix-`.
        case timestamp(key: Int, prefix: String?)
        /// A semantic version.
        case semantic(SemanticVersion)
    }

    /// The longest accepted version string.
    public static let maxLength = 128

    /// The text as given.
    public let text: String
    /// What the text was recognised as.
    public let kind: Kind

    /// Checks a version string.
    ///
    /// - Throws: `RegistryError` with code `invalid_version`, naming the value and the accepted forms.
    public init(_ text: String) throws(RegistryError) {
        try VersionName.checkSafe(text, what: "version")
        self.text = text
        if let ts = VersionName.timestamp(text) {
            kind = ts
        } else if let sv = SemanticVersion(text) {
            kind = .semantic(sv)
        } else {
            throw RegistryError(
                .invalidVersion,
                "version '\(text)' is not an accepted form; use YYYYMMDD_HHMMSS, YYYYMMDD-HHMMSS, "
                    + "prefix-YYYYMMDD-HHMMSS or a semantic version such as 1.0.0 or 2.1.3-beta",
                version: text)
        }
    }

    /// The text.
    public var description: String { text }

    /// Whether two versions are of the same kind (both timestamps or both semantic versions).
    public func isSameKind(as other: VersionName) -> Bool {
        switch (kind, other.kind) {
        case (.timestamp, .timestamp), (.semantic, .semantic): return true
        default: return false
        }
    }

    /// Orders two versions of the same kind: timestamps by time, semantic versions by SemVer precedence; ties
    /// (equal time, or versions differing only in build metadata or prefix) by text. Nil for different kinds.
    public func precedes(_ other: VersionName) -> Bool? {
        switch (kind, other.kind) {
        case (.timestamp(let a, _), .timestamp(let b, _)):
            return a != b ? a < b : text < other.text
        case (.semantic(let a), .semantic(let b)):
            if a < b { return true }
            if b < a { return false }
            return text < other.text
        default:
            return nil
        }
    }

    /// Refuses text that is unsafe in a path or URL: empty, over 128 characters, `..`, or a character outside
    /// `[A-Za-z0-9._+-]`.
    static func checkSafe(_ text: String, what: String) throws(RegistryError) {
        let code: RegistryError.Code = what == "version" ? .invalidVersion : .invalidModelName
        func fail(_ why: String) -> RegistryError {
            RegistryError(
                code, "\(what) '\(text)' \(why); use 1–128 characters from A-Z a-z 0-9 . _ + -",
                version: what == "version" ? text : nil)
        }
        if text.isEmpty { throw fail("is empty") }
        if text.utf8.count > maxLength { throw fail("is longer than \(maxLength) characters") }
        if text.contains("..") { throw fail("contains '..'") }
        for b in text.utf8 {
            let ok =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2E || b == 0x5F || b == 0x2B || b == 0x2D
            if !ok { throw fail("contains a character outside [A-Za-z0-9._+-]") }
        }
    }

    /// Checks text that names a version to look up (a request's path or query parameter): the rule every stored
    /// version meets (1–128 characters of `[A-Za-z0-9._+-]`, no `..`), not the accepted forms, so a well-formed
    /// name that does not exist is still "not found" rather than invalid.
    ///
    /// - Throws: `RegistryError` with code `invalid_version`.
    public static func checkReference(_ text: String) throws(RegistryError) {
        try checkSafe(text, what: "version")
    }

    /// Checks a model name: the same safe character rule as versions, any shape.
    ///
    /// - Throws: `RegistryError` with code `invalid_model_name`.
    public static func checkModelName(_ name: String) throws(RegistryError) {
        try checkSafe(name, what: "model name")
    }

    private static func timestamp(_ text: String) -> Kind? {
        let b = Array(text.utf8)
        // YYYYMMDD?HHMMSS is 15 bytes; anything longer must be `prefix-` + YYYYMMDD-HHMMSS.
        guard b.count >= 15 else { return nil }
        let tail = Array(b[(b.count - 15)...])
        let sep = tail[8]
        guard sep == 0x5F || sep == 0x2D else { return nil }
        var prefix: String?
        if b.count > 15 {
            guard sep == 0x2D, b.count >= 17, b[b.count - 16] == 0x2D else { return nil }
            prefix = String(decoding: b[..<(b.count - 16)], as: UTF8.self)
        }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard tail[i] >= 0x30 && tail[i] <= 0x39 else { return nil }
                v = v * 10 + Int(tail[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11),
            let mi = num(11..<13), let s = num(13..<15), y >= 1, (1...12).contains(mo), (1...31).contains(d),
            h < 24, mi < 60, s < 60
        else { return nil }
        let key = ((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi) * 100 + s
        return .timestamp(key: key, prefix: prefix)
    }
}

/// A SemVer 2.0.0 version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
public struct SemanticVersion: Sendable, Hashable, Comparable {
    /// Major, minor, patch.
    public var major: Int, minor: Int, patch: Int
    /// Dot-separated pre-release identifiers (empty for a release).
    public var prerelease: [String]
    /// Dot-separated build metadata (ignored by precedence).
    public var build: [String]

    /// Parses a semantic version; nil when the text is not one.
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(
                String.init)
            rest = rest[..<plus]
            guard build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(SemanticVersion.isIdentifierCharacter) }) else {
                return nil
            }
        }
        var pre: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            pre = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(
                String.init)
            rest = rest[..<dash]
            for id in pre {
                guard !id.isEmpty, id.allSatisfy(SemanticVersion.isIdentifierCharacter) else { return nil }
                if id.allSatisfy(\.isASCIIDigit), id.count > 1, id.first == "0" { return nil }
            }
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in core {
            guard !part.isEmpty, part.count <= 18, part.allSatisfy(\.isASCIIDigit),
                part.count == 1 || part.first != "0", let n = Int(part)
            else { return nil }
            numbers.append(n)
        }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
        prerelease = pre
        self.build = build
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isASCIIDigit || c == "-" || (c.isASCII && c.isLetter)
    }

    /// SemVer precedence: core numbers, then a release above its pre-releases, then identifiers pairwise
    /// (numeric below alphanumeric, numbers numerically, text by ASCII), then fewer identifiers first.
    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        if a.prerelease.isEmpty || b.prerelease.isEmpty { return !a.prerelease.isEmpty && b.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            let xn = x.allSatisfy(\.isASCIIDigit) ? Int(x) : nil
            let yn = y.allSatisfy(\.isASCIIDigit) ? Int(y) : nil
            switch (xn, yn) {
            case (let i?, let j?): return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }

    /// Equal precedence is not equality: build metadata is ignored by `<` but kept by `==`.
    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        (a.major, a.minor, a.patch, a.prerelease, a.build) == (b.major, b.minor, b.patch, b.prerelease, b.build)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
