/// A forest re-laid out for fast, exact scoring.
///
/// Every tree is padded to a *perfect* binary tree of the forest's maximum depth `D`: internal node `i` has
/// children `2i+1` and `2i+2`, and a leaf that sits higher in the original tree has its value copied into every
/// slot below it, so descent is exactly `D` branch-free steps. Thresholds are stored as the largest `Float`
/// not above the fitted float64 threshold: for a float32 input `x`, `x <= t32` exactly when
/// `Double(x) <= t64`, so decisions are identical to scikit-learn's. Rows containing NaN take the node-by-node
/// walk (`IsolationTree.leaf`) because NaN follows each node's `missing_go_to_left`.
/// Per-row sums are accumulated in tree order, as numpy does, so results are bit-identical.
struct CompiledForest: Sendable {
    struct Node: Sendable {
        var threshold: Float
        var feature: Int32
    }

    /// Above this depth the padded layout is too large (2^D slots per tree); the node walk is used instead.
    static let maxPerfectDepth = 12

    let trees: [IsolationTree]
    let nFeatures: Int
    let depth: Int
    let perfect: Bool
    let nodes: [Node]
    let leaves: [Double]

    init(trees: [IsolationTree], nFeatures: Int) {
        self.trees = trees
        self.nFeatures = nFeatures
        let d = trees.map(\.maxDepth).max() ?? 0
        self.depth = d
        self.perfect = d <= CompiledForest.maxPerfectDepth
        guard perfect else {
            nodes = []
            leaves = []
            return
        }
        let internalCount = (1 << d) - 1
        let leafCount = 1 << d
        var nodes = [Node](repeating: Node(threshold: 0, feature: 0), count: internalCount * trees.count)
        var leaves = [Double](repeating: 0, count: leafCount * trees.count)
        for (t, tree) in trees.enumerated() {
            let nb = t * internalCount, lb = t * leafCount
            // (original node, perfect index, level)
            var stack: [(Int, Int, Int)] = [(0, 0, 0)]
            while let (node, slot, level) = stack.popLast() {
                if tree.left[node] == -1 {
                    // Fill every leaf slot under this position with the leaf's depth term.
                    let span = 1 << (d - level)
                    var first = slot
                    for _ in level..<d { first = 2 * first + 1 }
                    let start = first - internalCount
                    for j in start..<start + span { leaves[lb + j] = tree.depthTerm[node] }
                    continue
                }
                nodes[nb + slot] = Node(
                    threshold: CompiledForest.floatThreshold(tree.threshold[node]), feature: tree.feature[node])
                stack.append((Int(tree.left[node]), 2 * slot + 1, level + 1))
                stack.append((Int(tree.right[node]), 2 * slot + 2, level + 1))
            }
        }
        self.nodes = nodes
        self.leaves = leaves
    }

    /// The largest Float that is `<=` the Double threshold (NaN stays NaN: every comparison is false).
    static func floatThreshold(_ t: Double) -> Float {
        var f = Float(t)
        if Double(f) > t { f = f.nextDown }
        return f
    }

    /// Summed depth terms for every row.
    func depthSums(_ x: FeatureMatrix) -> [Double] {
        var out = [Double](repeating: 0, count: x.rows)
        guard x.rows > 0 else { return out }
        out.withUnsafeMutableBufferPointer { outBuf in
            x.values.withUnsafeBufferPointer { inBuf in
                // Invariant: rows > 0, so the output buffer is non-empty.
                scoreRange(0, x.rows, input: inBuf.baseAddress, output: outBuf.baseAddress!)
            }
        }
        return out
    }

    /// Scores rows `[start, end)` into `output[start..<end]`.
    private func scoreRange(
        _ start: Int, _ end: Int, input: UnsafePointer<Double>?, output: UnsafeMutablePointer<Double>
    ) {
        let block = 64
        let nf = nFeatures
        var rowsF = [Float](repeating: 0, count: block * max(nf, 1))
        var fast = [Int](repeating: 0, count: block)
        var acc = [Double](repeating: 0, count: block)
        var r0 = start
        while r0 < end {
            let count = min(block, end - r0)
            var nFast = 0
            rowsF.withUnsafeMutableBufferPointer { rf in
                for i in 0..<count {
                    var hasNaN = false
                    if let input {
                        let src = input + (r0 + i) * nf
                        for c in 0..<nf {
                            let v = Float(src[c])
                            rf[i * nf + c] = v
                            hasNaN = hasNaN || v.isNaN
                        }
                    }
                    if hasNaN || !perfect {
                        // Exact node walk for NaN rows (and for forests too deep for the padded layout).
                        var sum = 0.0
                        // Invariant: rf is non-empty (block * max(nf, 1) elements).
                        let row = UnsafePointer(rf.baseAddress! + i * nf)
                        for tree in trees { sum += tree.depthTerm[tree.leaf(row)] }
                        output[r0 + i] = sum
                    } else {
                        fast[nFast] = i
                        nFast += 1
                    }
                }
            }
            if nFast > 0 {
                rowsF.withUnsafeBufferPointer { rf in
                    fast.withUnsafeBufferPointer { fastIdx in
                        acc.withUnsafeMutableBufferPointer { a in
                            // Invariant: rf and a are non-empty (sized by `block`).
                            accumulate(rows: rf.baseAddress!, index: fastIdx, count: nFast, acc: a.baseAddress!)
                        }
                    }
                }
                for j in 0..<nFast { output[r0 + fast[j]] = acc[j] }
            }
            r0 += count
        }
    }

    /// Adds every tree's leaf value, in tree order, for `count` rows selected by `index`, four rows in flight.
    @inline(__always)
    private func accumulate(
        rows: UnsafePointer<Float>, index: UnsafeBufferPointer<Int>, count: Int, acc: UnsafeMutablePointer<Double>
    ) {
        let nf = nFeatures
        let d = depth
        let internalCount = (1 << d) - 1
        let leafCount = 1 << d
        for j in 0..<count { acc[j] = 0 }
        if d == 0 {
            // Every tree is a single leaf.
            for t in 0..<trees.count { for j in 0..<count { acc[j] += leaves[t] } }
            return
        }
        nodes.withUnsafeBufferPointer { nodeBuf in
            leaves.withUnsafeBufferPointer { leafBuf in
                // Invariant: d > 0, so both arrays are non-empty.
                let nodePtr = nodeBuf.baseAddress!, leafPtr = leafBuf.baseAddress!
                for t in 0..<trees.count {
                    let tn = nodePtr + t * internalCount
                    // Leaf slot k sits at perfect index internalCount + k.
                    let tl = leafPtr + t * leafCount - internalCount
                    var j = 0
                    while j + 4 <= count {
                        let x0 = rows + index[j] * nf, x1 = rows + index[j + 1] * nf
                        let x2 = rows + index[j + 2] * nf, x3 = rows + index[j + 3] * nf
                        var i0 = 0, i1 = 0, i2 = 0, i3 = 0
                        for _ in 0..<d {
                            let n0 = tn[i0], n1 = tn[i1], n2 = tn[i2], n3 = tn[i3]
                            i0 = 2 &* i0 &+ (x0[Int(n0.feature)] <= n0.threshold ? 1 : 2)
                            i1 = 2 &* i1 &+ (x1[Int(n1.feature)] <= n1.threshold ? 1 : 2)
                            i2 = 2 &* i2 &+ (x2[Int(n2.feature)] <= n2.threshold ? 1 : 2)
                            i3 = 2 &* i3 &+ (x3[Int(n3.feature)] <= n3.threshold ? 1 : 2)
                        }
                        acc[j] += tl[i0]
                        acc[j + 1] += tl[i1]
                        acc[j + 2] += tl[i2]
                        acc[j + 3] += tl[i3]
                        j += 4
                    }
                    while j < count {
                        let x0 = rows + index[j] * nf
                        var i0 = 0
                        for _ in 0..<d {
                            let n0 = tn[i0]
                            i0 = 2 &* i0 &+ (x0[Int(n0.feature)] <= n0.threshold ? 1 : 2)
                        }
                        acc[j] += tl[i0]
                        j += 1
                    }
                }
            }
        }
    }
}
