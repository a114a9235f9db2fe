/// Turns the machine's arena-held, possibly shared containers into an immutable `PickleValue` tree.
///
/// Shared references are converted once and shared again (Swift arrays are copy-on-write), so memory stays
/// proportional to the stream; but the *expanded* size — what a consumer walking the tree would see — is
/// counted and capped, which defeats "billion laughs" streams. Cycles are refused: model pickles have none.
struct ValueFreezer {
    let limits: PickleLimits
    let arena: Arena
    private var sequenceDone: [(value: PickleValue, expanded: Int)?]
    private var dictDone: [(value: PickleValue, expanded: Int)?]
    private var objectDone: [(value: PickleValue, expanded: Int)?]
    private var sequenceBusy: [Bool]
    private var dictBusy: [Bool]
    private var objectBusy: [Bool]

    init(limits: PickleLimits, arena: Arena) {
        self.limits = limits
        self.arena = arena
        sequenceDone = Array(repeating: nil, count: arena.sequences.count)
        dictDone = Array(repeating: nil, count: arena.dicts.count)
        objectDone = Array(repeating: nil, count: arena.objects.count)
        sequenceBusy = Array(repeating: false, count: arena.sequences.count)
        dictBusy = Array(repeating: false, count: arena.dicts.count)
        objectBusy = Array(repeating: false, count: arena.objects.count)
    }

    mutating func freeze(_ v: VMValue) throws(PickleError) -> PickleValue {
        try freeze(v, depth: 0).value
    }

    private static func cycle() -> PickleError {
        PickleError(.unsupportedFeature, "recursive (self-referencing) structures do not occur in models")
    }

    private func tooDeep() -> PickleError {
        PickleError(.limitExceeded, "value nests deeper than \(limits.maxDepth) levels")
    }

    private func add(_ total: inout Int, _ n: Int) throws(PickleError) {
        total += n
        if total > limits.maxExpandedNodes {
            throw PickleError(
                .limitExceeded,
                "value tree expands to more than \(limits.maxExpandedNodes) nodes (shared references repeated)")
        }
    }

    private mutating func freezeItems(_ items: [VMValue], depth: Int, expanded: inout Int) throws(PickleError)
        -> [PickleValue]
    {
        var out: [PickleValue] = []
        out.reserveCapacity(items.count)
        for item in items {
            let f = try freeze(item, depth: depth + 1)
            try add(&expanded, f.expanded)
            out.append(f.value)
        }
        return out
    }

    private mutating func freeze(_ v: VMValue, depth: Int) throws(PickleError) -> (value: PickleValue, expanded: Int) {
        guard depth <= limits.maxDepth else { throw tooDeep() }
        var expanded = 1
        switch v {
        case .none, .bool, .int, .float, .string, .boxed:
            // Invariant: leafValue is non-nil for exactly these cases.
            return (arena.leafValue(v)!, 1)
        case .list(let i), .tuple(let i), .set(let i):
            if let done = sequenceDone[i] { return done }
            guard !sequenceBusy[i] else { throw Self.cycle() }
            sequenceBusy[i] = true
            let items = try freezeItems(arena.sequences[i], depth: depth, expanded: &expanded)
            sequenceBusy[i] = false
            let value: PickleValue
            switch v {
            case .list: value = .list(items)
            case .tuple: value = .tuple(items)
            default: value = .set(items)
            }
            sequenceDone[i] = (value, expanded)
            return (value, expanded)
        case .dict(let i):
            if let done = dictDone[i] { return done }
            guard !dictBusy[i] else { throw Self.cycle() }
            dictBusy[i] = true
            var out: [PickleDictEntry] = []
            out.reserveCapacity(arena.dicts[i].count)
            for (k, val) in arena.dicts[i] {
                let fk = try freeze(k, depth: depth + 1)
                let fv = try freeze(val, depth: depth + 1)
                try add(&expanded, fk.expanded)
                try add(&expanded, fv.expanded)
                out.append(PickleDictEntry(key: fk.value, value: fv.value))
            }
            dictBusy[i] = false
            dictDone[i] = (.dict(out), expanded)
            return (.dict(out), expanded)
        case .object(let i):
            let record = arena.objects[i]
            if let resolved = record.resolved { return (resolved, 1) }
            if let done = objectDone[i] { return done }
            guard !objectBusy[i] else { throw Self.cycle() }
            if record.role == .numpyReconstruct {
                throw PickleError(.corrupt, "numpy array reconstruction without its BUILD state")
            }
            objectBusy[i] = true
            let args = try freezeItems(record.args, depth: depth, expanded: &expanded)
            var state: PickleValue?
            if let s = record.state {
                let f = try freeze(s, depth: depth + 1)
                try add(&expanded, f.expanded)
                state = f.value
            }
            objectBusy[i] = false
            let value = PickleValue.object(PickleObject(className: record.name, args: args, state: state))
            objectDone[i] = (value, expanded)
            return (value, expanded)
        }
    }
}
