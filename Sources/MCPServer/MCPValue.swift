import DataFormats
import Foundation
import MCP

/// Between Warden's JSON values and the SDK's: schemas go out as the SDK's `Value`, and the SDK's declarations
/// (tools, resources, prompts, the initialize result) come back as Warden's JSON, encoded the SDK's way.
enum MCPValue {
    /// Warden's JSON as the SDK's value.
    static func from(_ v: JSONValue) -> Value {
        switch v {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array(let a): .array(a.map(from))
        case .object(let o): .object(o.mapValues(from))
        }
    }

    /// A value of the SDK encoded as the SDK encodes it, as Warden's JSON (null if it cannot be encoded, which the
    /// SDK's own types never are).
    static func json(_ value: some Encodable) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let parsed = try? JSONValue.parse(data) else { return .null }
        return parsed
    }
}
