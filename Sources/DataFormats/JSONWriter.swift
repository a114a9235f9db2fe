/// Writes ``JSONValue`` trees and bare numbers as compact JSON text: no whitespace, object keys sorted, doubles in
/// their shortest round-trip form (as Python's `repr`), integers as integers.
///
/// JSON has no spelling for NaN and the infinities; ``NonFiniteNumbers`` picks one (`null` unless asked).
///
/// ```swift
/// JSONWriter.text(.object(["b": .double(0.1), "a": .int(3), "c": .double(.nan)]))  // {"a":3,"b":0.1,"c":null}
/// ```
public enum JSONWriter {
    /// How NaN and the infinities are written.
    public enum NonFiniteNumbers: Sendable {
        /// `null`: valid JSON that every reader accepts (the API's choice).
        case null
        /// The strings `"NaN"`, `"Infinity"`, `"-Infinity"`, which ``JSONValue/double`` reads back (the CLI's choice).
        case strings
        /// The bare literals `NaN`, `Infinity`, `-Infinity` that Python's `json` writes and reads (not strict JSON).
        case literals
    }

    /// `value` as compact JSON text.
    ///
    /// - Parameters:
    ///   - value: The tree to write.
    ///   - nonFinite: How NaN and the infinities are written.
    public static func text(_ value: JSONValue, nonFinite: NonFiniteNumbers = .null) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, into: &out, nonFinite: nonFinite)
        return out
    }

    /// Appends `value` as compact JSON text.
    ///
    /// - Parameters:
    ///   - value: The tree to write.
    ///   - out: The text to append to.
    ///   - nonFinite: How NaN and the infinities are written.
    public static func write(_ value: JSONValue, into out: inout String, nonFinite: NonFiniteNumbers = .null) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): number(d, into: &out, nonFinite: nonFinite)
        case .string(let s): JSONString.append(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                write(v, into: &out, nonFinite: nonFinite)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, key) in o.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSONString.append(key, to: &out)
                out += ":"
                write(o[key] ?? .null, into: &out, nonFinite: nonFinite)
            }
            out += "}"
        }
    }

    /// Appends a double in its shortest round-trip form (`0.1`, `3.0`, `1e-07`).
    ///
    /// - Parameters:
    ///   - d: The number.
    ///   - out: The text to append to.
    ///   - nonFinite: How NaN and the infinities are written.
    public static func number(_ d: Double, into out: inout String, nonFinite: NonFiniteNumbers = .null) {
        guard d.isFinite else {
            switch nonFinite {
            case .null: out += "null"
            case .strings: out += d.isNaN ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\""
            case .literals: out += d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity"
            }
            return
        }
        out += d.description
    }

    /// A double as JSON text; see ``number(_:into:nonFinite:)``.
    public static func number(_ d: Double, nonFinite: NonFiniteNumbers = .null) -> String {
        var out = ""
        number(d, into: &out, nonFinite: nonFinite)
        return out
    }

    /// Appends an array of doubles, each as ``number(_:into:nonFinite:)`` writes it.
    ///
    /// - Parameters:
    ///   - values: The numbers.
    ///   - out: The text to append to.
    ///   - nonFinite: How NaN and the infinities are written.
    public static func numbers(_ values: [Double], into out: inout String, nonFinite: NonFiniteNumbers = .null) {
        out += "["
        for (i, d) in values.enumerated() {
            if i > 0 { out += "," }
            number(d, into: &out, nonFinite: nonFinite)
        }
        out += "]"
    }

    /// An array of doubles as JSON text; see ``numbers(_:into:nonFinite:)``.
    public static func numbers(_ values: [Double], nonFinite: NonFiniteNumbers = .null) -> String {
        var out = ""
        numbers(values, into: &out, nonFinite: nonFinite)
        return out
    }

    /// Appends an array of integers.
    ///
    /// - Parameters:
    ///   - values: The integers.
    ///   - out: The text to append to.
    public static func ints(_ values: [Int], into out: inout String) {
        out += "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            out += String(v)
        }
        out += "]"
    }
}
