/// A scikit-learn `major.minor[.patch]` version, for behaviour that changed between releases.
struct SklearnVersion: Comparable, Sendable {
    let major: Int
    let minor: Int

    init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses "1.6.1", "1.7.0rc1", "0.24.2"; nil for nil or unparseable strings.
    init?(_ string: String?) {
        guard let parts = string?.split(separator: "."), parts.count >= 2, let major = Int(parts[0]) else { return nil }
        let minorDigits = parts[1].prefix { $0.isNumber }
        guard let minor = Int(minorDigits) else { return nil }
        self.init(major, minor)
    }

    static func < (a: SklearnVersion, b: SklearnVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
}
