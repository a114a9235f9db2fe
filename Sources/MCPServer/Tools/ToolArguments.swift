import Agents
public import DataFormats
public import WardenApp

/// A tool call's arguments, checked against the tool's parameters: only declared names, every required one, each
/// of its type. Reading them cannot fail afterwards; a missing optional argument reads as nil.
public struct ToolArguments: Sendable {
    /// The arguments as sent.
    public let values: [String: JSONValue]

    /// Checks `arguments` (absent, or a JSON object) against `parameters`.
    ///
    /// - Throws: ``AppError`` `invalid_request` naming the argument, what was expected and what came.
    public init(_ arguments: JSONValue?, parameters: [ToolParameter], tool: String) throws(AppError) {
        let values: [String: JSONValue]
        switch arguments {
        case nil, .null?: values = [:]
        case .object(let o)?: values = o
        case let other?:
            throw AppError(
                .invalidRequest, "the arguments of \(tool) must be an object, not \(Self.describe(other))")
        }
        let names = parameters.map(\.name)
        for key in values.keys.sorted() where !names.contains(key) {
            throw AppError(
                .invalidRequest,
                "\(tool) takes no argument '\(key)'; its arguments are "
                    + (names.isEmpty ? "none" : names.joined(separator: ", ")),
                details: ["argument": .string(key)])
        }
        for p in parameters {
            guard let value = values[p.name], !value.isNull else {
                if p.required {
                    throw AppError(
                        .invalidRequest, "\(tool) needs the argument '\(p.name)': \(p.description)",
                        details: ["argument": .string(p.name)])
                }
                continue
            }
            if let problem = Self.problem(value, p.kind) {
                throw AppError(
                    .invalidRequest, "the argument '\(p.name)' of \(tool) \(problem)",
                    details: ["argument": .string(p.name)])
            }
        }
        self.values = values
    }

    /// What is wrong with a value for a kind, nil when nothing is.
    static func problem(_ value: JSONValue, _ kind: ToolParameter.Kind) -> String? {
        switch kind {
        case .string:
            guard let s = value.string else { return "must be a string, not \(describe(value))" }
            return s.allSatisfy(\.isWhitespace) ? "must not be empty" : nil
        case .choice(let allowed):
            guard let s = value.string, allowed.contains(s) else {
                return "must be one of \(allowed.joined(separator: ", ")), not \(describe(value))"
            }
            return nil
        case .integer(let range):
            guard let i = value.int else { return "must be a whole number, not \(describe(value))" }
            return range.contains(i) ? nil : "must be from \(range.lowerBound) to \(range.upperBound), not \(i)"
        case .boolean:
            return value.bool == nil ? "must be true or false, not \(describe(value))" : nil
        case .strings(let allowed):
            guard let a = value.array, !a.isEmpty else { return "must be a non-empty list of strings" }
            for item in a where !(item.string.map(allowed.contains) ?? false) {
                return "must list names among \(allowed.joined(separator: ", ")), not \(describe(item))"
            }
            return nil
        case .time:
            guard let s = value.string else { return "must be an ISO 8601 time, not \(describe(value))" }
            return Timestamp(iso8601: s) == nil
                ? "must be an ISO 8601 time such as 2026-01-05T10:00:00Z, not '\(s.prefix(40))'" : nil
        case .rows:
            guard let a = value.array else { return "must be a list of rows, not \(describe(value))" }
            if a.isEmpty { return "must hold at least one row" }
            if let i = a.firstIndex(where: { $0.object == nil }) {
                return "must hold objects {feature: value}; row \(i) is \(describe(a[i]))"
            }
            return nil
        }
    }

    /// A value as messages name it.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): "the number \(i)"
        case .double(let d): "the number \(d)"
        case .string(let s): "the string '\(s.prefix(40))'"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// A string argument, nil when absent.
    public func string(_ name: String) -> String? { values[name]?.string }

    /// A whole-number argument, nil when absent.
    public func int(_ name: String) -> Int? { values[name]?.int }

    /// A time argument as µs since the epoch, nil when absent.
    public func time(_ name: String) -> Int64? {
        values[name]?.string.flatMap { Timestamp(iso8601: $0)?.microseconds }
    }

    /// A boolean argument, nil when absent.
    public func bool(_ name: String) -> Bool? { values[name]?.bool }

    /// A list argument, nil when absent.
    public func array(_ name: String) -> [JSONValue]? { values[name]?.array }

    /// A list-of-strings argument, empty when absent.
    public func strings(_ name: String) -> [String] { values[name]?.array?.compactMap(\.string) ?? [] }
}
