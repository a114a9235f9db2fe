extension PickleMachine {
    /// Empties every container reachable from the stack and memo without recursion.
    ///
    /// A hostile stream can nest containers 100,000 deep (or make them reference themselves); releasing such
    /// a graph by ordinary reference counting would recurse once per level and overflow the thread's stack,
    /// and cycles would leak. Moving children out iteratively leaves only flat boxes to release. A box is emptied
    /// on its first visit, so a second visit (shared or cyclic references) finds nothing to push.
    func teardown() {
        var work: [VMValue] = stack + Array(memo.values)
        stack.removeAll()
        memo.removeAll()
        while let v = work.popLast() {
            switch v {
            case .leaf: continue
            case .list(let b):
                work.append(contentsOf: b.items)
                b.items = []
            case .tuple(let b):
                work.append(contentsOf: b.items)
                b.items = []
            case .dict(let b):
                for (k, val) in b.entries {
                    work.append(k)
                    work.append(val)
                }
                b.entries = []
            case .set(let b):
                work.append(contentsOf: b.items)
                b.items = []
            case .object(let b):
                work.append(contentsOf: b.args)
                b.args = []
                if let s = b.state { work.append(s) }
                b.state = nil
            }
        }
    }
}
