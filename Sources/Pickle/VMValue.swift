/// Values on the machine's stack while a stream is being executed.
///
/// Containers live in the machine's arena and are referred to by index. Pickle mutates containers after they are
/// memoized (EMPTY_LIST, MEMOIZE, ..., APPENDS), so they need identity; indices give it without reference
/// counting, without recursive deallocation of deeply nested input, and without leaks from cycles.
/// `ValueFreezer` turns the result into an immutable `PickleValue` at STOP.
enum VMValue {
    // Small scalars inline, so the stack's elements stay small and cheap to copy.
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// Any other leaf (bytes, big ints, globals, arrays, dtypes): index into `leaves`.
    case boxed(Int)
    /// Index into `sequences` (lists, tuples and sets share that storage).
    case list(Int)
    case tuple(Int)
    case set(Int)
    /// Index into `dicts`.
    case dict(Int)
    /// Index into `objects`.
    case object(Int)

    var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .boxed: return "value"
        case .list: return "list"
        case .tuple: return "tuple"
        case .set: return "set"
        case .dict: return "dict"
        case .object: return "object"
        }
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var int: Int? {
        switch self {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

/// An instance under construction: a data class, or a numpy dtype/array awaiting its BUILD state.
struct ObjectRecord {
    let name: GlobalName
    let role: GlobalPolicy.Role
    var args: [VMValue]
    var state: VMValue?
    /// Set once a dtype / array / wrapper has been turned into data.
    var resolved: PickleValue?
}

/// The machine's containers.
struct Arena {
    var leaves: [PickleValue] = []
    var sequences: [[VMValue]] = []
    var dicts: [[(VMValue, VMValue)]] = []
    var objects: [ObjectRecord] = []

    /// A leaf value as a stack value: scalars inline, everything else boxed in `leaves`.
    mutating func leaf(_ v: PickleValue) -> VMValue {
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        default:
            leaves.append(v)
            return .boxed(leaves.count - 1)
        }
    }

    /// The leaf value of a stack value, nil for containers and objects.
    func leafValue(_ v: VMValue) -> PickleValue? {
        switch v {
        case .none: return PickleValue.none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .boxed(let i): return leaves[i]
        default: return nil
        }
    }

    mutating func newSequence(_ items: [VMValue] = []) -> Int {
        sequences.append(items)
        return sequences.count - 1
    }

    mutating func newDict(_ entries: [(VMValue, VMValue)] = []) -> Int {
        dicts.append(entries)
        return dicts.count - 1
    }

    mutating func newObject(_ name: GlobalName, _ role: GlobalPolicy.Role, _ args: [VMValue]) -> Int {
        objects.append(ObjectRecord(name: name, role: role, args: args))
        return objects.count - 1
    }

    /// The items of a tuple or list.
    func items(_ v: VMValue) -> [VMValue]? {
        switch v {
        case .tuple(let i), .list(let i): return sequences[i]
        default: return nil
        }
    }

    /// The value under a string key of a dict.
    func dictValue(_ v: VMValue, _ key: String) -> VMValue? {
        guard case .dict(let d) = v else { return nil }
        for (k, val) in dicts[d] where k.string == key { return val }
        return nil
    }
}
