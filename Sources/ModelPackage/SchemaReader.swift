import DataFormats

/// Walks a JSON document, checking types and collecting every problem with its path instead of stopping at the
/// first one.
///
/// What a Python `json.dump` writes is read as meant (docs/REGISTRY.md, "What the schemas accept"): `null` in an
/// optional field is the field left out (`"scaler_file": null` is "no scaler"), while `null` in a required field
/// is a problem; an integer is a number wherever a float is documented (`"threshold": 1`), and an integral float
/// is an integer where one is documented (`"batch_size": 1000.0`). Strings are never numbers.
struct SchemaReader {
    /// The file the document came from, e.g. `metadata.json`.
    let file: String
    /// Type and presence problems (`invalid_metadata`).
    var problems: [ValidationIssue] = []
    /// Fields the schema does not define (`unknown_field`).
    var notes: [ValidationIssue] = []

    init(file: String) { self.file = file }

    /// Joins a path and a key, quoting keys that are not plain identifiers (`file_integrity."model.joblib"`).
    static func join(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        let part = plain ? key : "\"\(key)\""
        return path.isEmpty ? part : path + "." + part
    }

    /// A short rendering of a value for messages: `12`, `"30"`, `an object`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i):
            if abs(Double(i)) < 1e15 { return String(i) }
            return String(Double(i))
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            return String(d)
        case .string(let s): return s.count > 40 ? "\"\(s.prefix(40))...\"" : "\"\(s)\""
        case .array(let a): return "an array of \(a.count)"
        case .object: return "an object"
        }
    }

    mutating func problem(_ path: String, _ expected: String, found value: JSONValue?) {
        let found = value.map { "found \(Self.describe($0))" } ?? "it is missing"
        problems.append(
            ValidationIssue(.invalidMetadata, "\(file): \(path) must be \(expected), \(found)", file: file, path: path))
    }

    /// The value under `key`, or nil when the key is absent or `null` (Python's `None`: "not given").
    func present(_ parent: [String: JSONValue], _ key: String) -> JSONValue? {
        guard let value = parent[key], !value.isNull else { return nil }
        return value
    }

    /// Records keys of `object` outside `known` as notes.
    mutating func noteUnknown(_ object: [String: JSONValue], at path: String, known: Set<String>) {
        for key in object.keys.sorted() where !known.contains(key) {
            let p = Self.join(path, key)
            notes.append(
                ValidationIssue(
                    .unknownField, "\(file): \(p) is not part of the package schema (kept, not checked)", file: file,
                    path: p))
        }
    }

    /// An object field; a non-object value is a problem. Missing is a problem only when `required`.
    mutating func object(_ parent: [String: JSONValue], _ key: String, at path: String, required: Bool = false)
        -> [String: JSONValue]?
    {
        let p = Self.join(path, key)
        guard let value = present(parent, key) else {
            if required { problem(p, "an object", found: parent[key]) }
            return nil
        }
        guard case .object(let o) = value else {
            problem(p, "an object", found: value)
            return nil
        }
        return o
    }

    mutating func string(_ parent: [String: JSONValue], _ key: String, at path: String, required: Bool = false)
        -> String?
    {
        let p = Self.join(path, key)
        guard let value = present(parent, key) else {
            if required { problem(p, "a string", found: parent[key]) }
            return nil
        }
        guard case .string(let s) = value else {
            problem(p, "a string", found: value)
            return nil
        }
        return s
    }

    /// A JSON number (Python writes `NaN`/`Infinity` as bare literals, which the parser turns into numbers).
    mutating func double(_ parent: [String: JSONValue], _ key: String, at path: String, required: Bool = false)
        -> Double?
    {
        let p = Self.join(path, key)
        guard let value = present(parent, key) else {
            if required { problem(p, "a number", found: parent[key]) }
            return nil
        }
        guard let d = value.number else {
            problem(p, "a number", found: value)
            return nil
        }
        return d
    }

    /// An integral JSON number, optionally bounded below.
    mutating func int(
        _ parent: [String: JSONValue], _ key: String, at path: String, required: Bool = false, minimum: Int? = nil
    ) -> Int? {
        let p = Self.join(path, key)
        let expected = minimum.map { "an integer >= \($0)" } ?? "an integer"
        guard let value = present(parent, key) else {
            if required { problem(p, expected, found: parent[key]) }
            return nil
        }
        guard let d = value.number, d == d.rounded(), abs(d) < 9e15 else {
            problem(p, expected, found: value)
            return nil
        }
        let i = Int(d)
        if let minimum, i < minimum {
            problem(p, expected, found: value)
            return nil
        }
        return i
    }

    mutating func strings(_ parent: [String: JSONValue], _ key: String, at path: String) -> [String]? {
        let p = Self.join(path, key)
        guard let value = present(parent, key) else { return nil }
        guard case .array(let items) = value else {
            problem(p, "an array of strings", found: value)
            return nil
        }
        var out: [String] = []
        var ok = true
        for (i, item) in items.enumerated() {
            if case .string(let s) = item {
                out.append(s)
            } else {
                problem("\(p)[\(i)]", "a string", found: item)
                ok = false
            }
        }
        return ok ? out : nil
    }

    /// An ISO 8601 timestamp string.
    mutating func date(_ parent: [String: JSONValue], _ key: String, at path: String) -> Timestamp? {
        guard let text = string(parent, key, at: path) else { return nil }
        guard let stamp = Timestamp(iso8601: text) else {
            problem(
                Self.join(path, key), "an ISO 8601 timestamp such as 2024-12-01T14:30:22.123456",
                found: .string(text))
            return nil
        }
        return stamp
    }
}
