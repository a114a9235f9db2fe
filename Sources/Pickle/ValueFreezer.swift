/// Turns the machine's mutable, possibly shared containers into an immutable `PickleValue` tree.
///
/// Shared references are converted once and shared again (Swift arrays are copy-on-write), so memory stays
/// proportional to the stream; but the *expanded* size — what a consumer walking the tree would see — is
/// counted and capped, which defeats "billion laughs" streams. Cycles are refused: model pickles have none.
struct ValueFreezer {
    let limits: PickleLimits
    private var done: [ObjectIdentifier: (value: PickleValue, expanded: Int)] = [:]
    private var inProgress = Set<ObjectIdentifier>()

    init(limits: PickleLimits) {
        self.limits = limits
    }

    mutating func freeze(_ v: VMValue) throws(PickleError) -> PickleValue {
        try freeze(v, depth: 0).value
    }

    private mutating func freeze(_ v: VMValue, depth: Int) throws(PickleError) -> (value: PickleValue, expanded: Int) {
        guard depth <= limits.maxDepth else {
            throw PickleError(.limitExceeded, "value nests deeper than \(limits.maxDepth) levels")
        }
        let id: ObjectIdentifier
        switch v {
        case .leaf(let value): return (value, 1)
        case .list(let b): id = ObjectIdentifier(b)
        case .tuple(let b): id = ObjectIdentifier(b)
        case .dict(let b): id = ObjectIdentifier(b)
        case .set(let b): id = ObjectIdentifier(b)
        case .object(let b):
            if let resolved = b.resolved { return (resolved, 1) }
            id = ObjectIdentifier(b)
        }
        if let cached = done[id] { return cached }
        guard inProgress.insert(id).inserted else {
            throw PickleError(.unsupportedFeature, "recursive (self-referencing) structures do not occur in models")
        }
        defer { inProgress.remove(id) }

        var expanded = 1
        func add(_ n: Int) throws(PickleError) {
            expanded += n
            if expanded > limits.maxExpandedNodes {
                throw PickleError(
                    .limitExceeded,
                    "value tree expands to more than \(limits.maxExpandedNodes) nodes (shared references repeated)")
            }
        }
        let result: PickleValue
        switch v {
        case .leaf: preconditionFailure("handled above")
        case .list(let b):
            var out: [PickleValue] = []
            out.reserveCapacity(b.items.count)
            for item in b.items {
                let f = try freeze(item, depth: depth + 1)
                try add(f.expanded)
                out.append(f.value)
            }
            result = .list(out)
        case .tuple(let b):
            var out: [PickleValue] = []
            out.reserveCapacity(b.items.count)
            for item in b.items {
                let f = try freeze(item, depth: depth + 1)
                try add(f.expanded)
                out.append(f.value)
            }
            result = .tuple(out)
        case .set(let b):
            var out: [PickleValue] = []
            for item in b.items {
                let f = try freeze(item, depth: depth + 1)
                try add(f.expanded)
                out.append(f.value)
            }
            result = .set(out)
        case .dict(let b):
            var out: [PickleDictEntry] = []
            out.reserveCapacity(b.entries.count)
            for (k, val) in b.entries {
                let fk = try freeze(k, depth: depth + 1)
                let fv = try freeze(val, depth: depth + 1)
                try add(fk.expanded)
                try add(fv.expanded)
                out.append(PickleDictEntry(key: fk.value, value: fv.value))
            }
            result = .dict(out)
        case .object(let b):
            var args: [PickleValue] = []
            for a in b.args {
                let f = try freeze(a, depth: depth + 1)
                try add(f.expanded)
                args.append(f.value)
            }
            var state: PickleValue?
            if let s = b.state {
                let f = try freeze(s, depth: depth + 1)
                try add(f.expanded)
                state = f.value
            }
            if b.role == .numpyReconstruct {
                throw PickleError(.corrupt, "numpy array reconstruction without its BUILD state")
            }
            result = .object(PickleObject(className: b.name, args: args, state: state))
        }
        done[id] = (result, expanded)
        return (result, expanded)
    }
}
