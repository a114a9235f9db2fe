/// A fully-qualified Python name as it appears in GLOBAL / STACK_GLOBAL: `module.qualname`.
public struct GlobalName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The module, e.g. `sklearn.ensemble._iforest`.
    public var module: String
    /// The qualified name inside the module, e.g. `IsolationForest`.
    public var name: String

    /// Creates a name.
    public init(_ module: String, _ name: String) {
        self.module = module
        self.name = name
    }

    /// `module.name`.
    public var description: String { "\(module).\(name)" }

    /// Orders by module, then by name.
    public static func < (lhs: GlobalName, rhs: GlobalName) -> Bool {
        (lhs.module, lhs.name) < (rhs.module, rhs.name)
    }
}

/// The plain value tree produced by unpickling. Nothing in it can execute: class references are names,
/// and instances are records of (class name, constructor arguments, state).
public enum PickleValue: Sendable {
    /// Python `None`.
    case none
    /// Python `bool` (also numpy `bool_` scalars).
    case bool(Bool)
    /// Python `int` that fits 64 bits (also numpy integer scalars).
    case int(Int)
    /// Python `int` beyond 64 bits: little-endian two's complement bytes.
    case bigInt([UInt8])
    /// Python `float` (also numpy floating scalars).
    case float(Double)
    /// Python `str`.
    case string(String)
    /// Python `bytes`, `bytearray` or a pickle buffer.
    case bytes([UInt8])
    /// Python `list`.
    case list([PickleValue])
    /// Python `tuple`.
    case tuple([PickleValue])
    /// Python `set` or `frozenset`.
    case set([PickleValue])
    /// Python `dict`, in insertion order.
    case dict([PickleDictEntry])
    /// A reference to an allowed class or function, not called.
    case global(GlobalName)
    /// An instance of an allowed class: its class, constructor arguments and `__setstate__` state.
    indirect case object(PickleObject)
    /// A numpy array (boxed: keeps every `PickleValue` small and cheap to copy).
    indirect case array(NDArray)
    /// A numpy dtype.
    indirect case dtype(DType)
}

/// One key/value pair of a pickled dict.
public struct PickleDictEntry: Sendable {
    /// The key.
    public var key: PickleValue
    /// The value.
    public var value: PickleValue

    /// Creates an entry.
    public init(key: PickleValue, value: PickleValue) {
        self.key = key
        self.value = value
    }
}

/// An instance of an allowed class, reconstructed as data.
public struct PickleObject: Sendable {
    /// The class.
    public var className: GlobalName
    /// Arguments given to the constructor (NEWOBJ / REDUCE), possibly empty.
    public var args: [PickleValue]
    /// The state given by BUILD, or `nil` when there was none.
    public var state: PickleValue?

    /// Creates an object record.
    public init(className: GlobalName, args: [PickleValue] = [], state: PickleValue? = nil) {
        self.className = className
        self.args = args
        self.state = state
    }

    /// The value of `key` when the state is a dict keyed by strings (the usual `__dict__`).
    public subscript(key: String) -> PickleValue? {
        state?[key]
    }
}

extension PickleValue {
    /// The value under a string key of a dict (or of an object's dict state).
    public subscript(key: String) -> PickleValue? {
        switch self {
        case .dict(let entries):
            for entry in entries {
                if case .string(let k) = entry.key, k == key { return entry.value }
            }
            return nil
        case .object(let object):
            return object[key]
        case .tuple(let items) where items.count == 2:
            // BUILD state `(dict_state, slot_state)`.
            return items[0][key] ?? items[1][key]
        default:
            return nil
        }
    }

    /// `true` when the value is `None`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// A Python int (or bool) as `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d.rounded(.towardZero) == d && abs(d) < 9.0e18 ? Int(d) : nil
        case .array(let a) where a.count == 1: return (try? a.int64Values())?.first.map(Int.init)
        default: return nil
        }
    }

    /// A Python float or int as `Double`; a one-element numpy array counts too.
    public var doubleValue: Double? {
        switch self {
        case .float(let d): return d
        case .int(let v): return Double(v)
        case .bool(let b): return b ? 1 : 0
        case .array(let a) where a.count == 1: return (try? a.doubleValues())?.first
        default: return nil
        }
    }

    /// A Python bool (or 0/1 int).
    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .int(let v) where v == 0 || v == 1: return v == 1
        default: return nil
        }
    }

    /// A Python str.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The items of a list or tuple.
    public var sequence: [PickleValue]? {
        switch self {
        case .list(let items), .tuple(let items): return items
        default: return nil
        }
    }

    /// The object record, if this is an instance.
    public var object: PickleObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, if this is a numpy array.
    public var array: NDArray? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A short human-readable name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .set: return "set"
        case .dict: return "dict"
        case .global(let g): return "reference to \(g)"
        case .object(let o): return "\(o.className.name) object"
        case .array(let a): return "ndarray(\(a.dtype.descr), shape \(a.shape))"
        case .dtype: return "dtype"
        }
    }
}
