extension PickleMachine {
    /// Empties every container reachable from the stack and memo without recursion.
    ///
    /// A hostile stream can nest containers 100,000 deep (or make them reference themselves); releasing such
    /// a graph by ordinary reference counting would recurse once per level and overflow the thread's stack,
    /// and cycles would leak. Moving children out iteratively leaves only flat boxes to release.
    mutating func teardown() {
        var work: [VMValue] = stack + Array(memo.values)
        stack.removeAll()
        memo.removeAll()
        var seen = Set<ObjectIdentifier>()
        while let v = work.popLast() {
            switch v {
            case .leaf: continue
            case .list(let b):
                guard seen.insert(ObjectIdentifier(b)).inserted else { continue }
                work.append(contentsOf: b.items)
                b.items = []
            case .tuple(let b):
                guard seen.insert(ObjectIdentifier(b)).inserted else { continue }
                work.append(contentsOf: b.items)
                b.items = []
            case .dict(let b):
                guard seen.insert(ObjectIdentifier(b)).inserted else { continue }
                for (k, val) in b.entries {
                    work.append(k)
                    work.append(val)
                }
                b.entries = []
            case .set(let b):
                guard seen.insert(ObjectIdentifier(b)).inserted else { continue }
                work.append(contentsOf: b.items)
                b.items = []
            case .object(let b):
                guard seen.insert(ObjectIdentifier(b)).inserted else { continue }
                work.append(contentsOf: b.args)
                b.args = []
                if let s = b.state { work.append(s) }
                b.state = nil
            }
        }
    }
}
