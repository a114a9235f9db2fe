import Pickle

/// A JSON-representable estimator parameter, as `warden inspect` shows it.
public enum ParameterValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ParameterValue])

    init?(_ v: PickleValue) {
        switch v {
        case .none: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .float(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list(let items), .tuple(let items):
            var out: [ParameterValue] = []
            for i in items.prefix(64) {
                guard let p = ParameterValue(i) else { return nil }
                out.append(p)
            }
            self = .list(out)
        case .object(let o): self = .string("<\(o.className.name)>")
        case .global(let g): self = .string("<\(g)>")
        default: return nil
        }
    }

    /// Encodes as a plain JSON value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d):
            if d.isFinite { try c.encode(d) } else { try c.encode(String(d)) }
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        }
    }

    /// Decodes a plain JSON value.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            self = .list(try c.decode([ParameterValue].self))
        }
    }
}
