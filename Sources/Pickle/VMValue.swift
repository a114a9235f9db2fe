/// Values on the machine's stack while a stream is being executed.
///
/// Containers are reference types here because pickle mutates them after they are memoized
/// (EMPTY_LIST, MEMOIZE, ..., APPENDS); `ValueFreezer` turns them into immutable `PickleValue`s at STOP.
enum VMValue {
    case leaf(PickleValue)
    case list(ListBox)
    case tuple(TupleBox)
    case dict(DictBox)
    case set(SetBox)
    case object(ObjectBox)
}

final class ListBox {
    var items: [VMValue]
    init(_ items: [VMValue] = []) { self.items = items }
}

final class TupleBox {
    var items: [VMValue]
    init(_ items: [VMValue]) { self.items = items }
}

final class DictBox {
    var entries: [(VMValue, VMValue)] = []
}

final class SetBox {
    var items: [VMValue] = []
}

/// An instance under construction: a data class, or a numpy dtype/array awaiting its BUILD state.
final class ObjectBox {
    let name: GlobalName
    let role: GlobalPolicy.Role
    var args: [VMValue]
    var state: VMValue?
    /// Set once a dtype / array / wrapper has been turned into data.
    var resolved: PickleValue?

    init(name: GlobalName, role: GlobalPolicy.Role, args: [VMValue]) {
        self.name = name
        self.role = role
        self.args = args
    }
}

extension VMValue {
    var kindName: String {
        switch self {
        case .leaf(let v): return v.kindName
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .object(let o): return "\(o.name) object"
        }
    }

    var tupleItems: [VMValue]? {
        switch self {
        case .tuple(let t): return t.items
        case .list(let l): return l.items
        default: return nil
        }
    }

    var string: String? {
        if case .leaf(.string(let s)) = self { return s }
        return nil
    }

    var int: Int? {
        switch self {
        case .leaf(.int(let v)): return v
        case .leaf(.bool(let b)): return b ? 1 : 0
        default: return nil
        }
    }

    var isNone: Bool {
        if case .leaf(.none) = self { return true }
        return false
    }

    func dictValue(_ key: String) -> VMValue? {
        guard case .dict(let d) = self else { return nil }
        for (k, v) in d.entries where k.string == key { return v }
        return nil
    }
}
