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
        // (original node, perfect index, level), reused across trees.
        var stack: [(Int, Int, Int)] = []
        stack.reserveCapacity(2 * (d + 1))
        for (t, tree) in trees.enumerated() {
            let nb = t * internalCount, lb = t * leafCount
            stack.append((0, 0, 0))
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
        let rows = x.rows
        guard rows > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: rows) { out, initialized in
            x.values.withUnsafeBufferPointer { input in
                // Invariant: rows > 0, so both buffers have base addresses (columns == nFeatures >= 1).
                scoreRange(rows: rows, input: input.baseAddress!, output: out.baseAddress!)
            }
            initialized = rows
        }
    }

    /// Rows are taken in blocks: each block is rounded to float32 once, rows containing NaN are walked node by
    /// node, and the rest are compacted and run through the padded trees with several descents in flight.
    private func scoreRange(rows: Int, input: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>) {
        // Small requests get small scratch buffers, which withUnsafeTemporaryAllocation can place on the stack.
        let block = min(128, rows)
        let nf = nFeatures
        withUnsafeTemporaryAllocation(of: Float.self, capacity: block * nf) { rowsF in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: block) { slot in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: block) { acc in
                    // Invariant: capacities are positive, so base addresses exist.
                    let xf = rowsF.baseAddress!, dest = slot.baseAddress!, sums = acc.baseAddress!
                    var r0 = 0
                    while r0 < rows {
                        let count = min(block, rows - r0)
                        var nFast = 0
                        for i in 0..<count {
                            let src = input + (r0 + i) * nf
                            let dst = xf + nFast * nf
                            var hasNaN = false
                            for c in 0..<nf {
                                let v = Float(src[c])
                                dst[c] = v
                                hasNaN = hasNaN || v.isNaN
                            }
                            if hasNaN || !perfect {
                                var sum = 0.0
                                for tree in trees { sum += tree.depthTerm[tree.leaf(dst)] }
                                output[r0 + i] = sum
                            } else {
                                dest[nFast] = r0 + i
                                nFast += 1
                            }
                        }
                        if nFast > 0 {
                            accumulate(rows: xf, count: nFast, acc: sums)
                            for j in 0..<nFast { output[dest[j]] = sums[j] }
                        }
                        r0 += count
                    }
                }
            }
        }
    }

    /// Adds every tree's leaf value, in tree order, to `acc[j]` for `count` contiguous float32 rows:
    /// eight rows descend the same tree together; leftover rows descend eight trees at once.
    @inline(__always)
    private func accumulate(rows: UnsafePointer<Float>, count: Int, acc: UnsafeMutablePointer<Double>) {
        let nf = nFeatures
        let d = depth
        let internalCount = (1 << d) - 1
        let leafCount = 1 << d
        let treeCount = trees.count
        for j in 0..<count { acc[j] = 0 }
        if d == 0 {
            // Every tree is a single leaf.
            for t in 0..<treeCount { for j in 0..<count { acc[j] += leaves[t] } }
            return
        }
        nodes.withUnsafeBufferPointer { nodeBuf in
            leaves.withUnsafeBufferPointer { leafBuf in
                // Invariant: d > 0, so both arrays are non-empty.
                let nodePtr = nodeBuf.baseAddress!, leafPtr = leafBuf.baseAddress!
                let grouped = count & ~7
                for t in 0..<treeCount {
                    let tn = nodePtr + t * internalCount
                    // Leaf slot k sits at perfect index internalCount + k.
                    let tl = leafPtr + t * leafCount - internalCount
                    var j = 0
                    while j < grouped {
                        let x0 = rows + j * nf, x1 = x0 + nf, x2 = x1 + nf, x3 = x2 + nf
                        let x4 = x3 + nf, x5 = x4 + nf, x6 = x5 + nf, x7 = x6 + nf
                        var i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0
                        for _ in 0..<d {
                            let n0 = tn[i0], n1 = tn[i1], n2 = tn[i2], n3 = tn[i3]
                            let n4 = tn[i4], n5 = tn[i5], n6 = tn[i6], n7 = tn[i7]
                            i0 = 2 &* i0 &+ (x0[Int(n0.feature)] <= n0.threshold ? 1 : 2)
                            i1 = 2 &* i1 &+ (x1[Int(n1.feature)] <= n1.threshold ? 1 : 2)
                            i2 = 2 &* i2 &+ (x2[Int(n2.feature)] <= n2.threshold ? 1 : 2)
                            i3 = 2 &* i3 &+ (x3[Int(n3.feature)] <= n3.threshold ? 1 : 2)
                            i4 = 2 &* i4 &+ (x4[Int(n4.feature)] <= n4.threshold ? 1 : 2)
                            i5 = 2 &* i5 &+ (x5[Int(n5.feature)] <= n5.threshold ? 1 : 2)
                            i6 = 2 &* i6 &+ (x6[Int(n6.feature)] <= n6.threshold ? 1 : 2)
                            i7 = 2 &* i7 &+ (x7[Int(n7.feature)] <= n7.threshold ? 1 : 2)
                        }
                        acc[j] += tl[i0]
                        acc[j + 1] += tl[i1]
                        acc[j + 2] += tl[i2]
                        acc[j + 3] += tl[i3]
                        acc[j + 4] += tl[i4]
                        acc[j + 5] += tl[i5]
                        acc[j + 6] += tl[i6]
                        acc[j + 7] += tl[i7]
                        j += 8
                    }
                }
                // Leftover rows: eight trees in flight for one row, added in tree order.
                for j in grouped..<count {
                    let x = rows + j * nf
                    var sum = 0.0
                    var t = 0
                    while t + 8 <= treeCount {
                        let b = nodePtr + t * internalCount
                        let t0 = b, t1 = t0 + internalCount, t2 = t1 + internalCount, t3 = t2 + internalCount
                        let t4 = t3 + internalCount, t5 = t4 + internalCount, t6 = t5 + internalCount
                        let t7 = t6 + internalCount
                        var i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0
                        for _ in 0..<d {
                            let n0 = t0[i0], n1 = t1[i1], n2 = t2[i2], n3 = t3[i3]
                            let n4 = t4[i4], n5 = t5[i5], n6 = t6[i6], n7 = t7[i7]
                            i0 = 2 &* i0 &+ (x[Int(n0.feature)] <= n0.threshold ? 1 : 2)
                            i1 = 2 &* i1 &+ (x[Int(n1.feature)] <= n1.threshold ? 1 : 2)
                            i2 = 2 &* i2 &+ (x[Int(n2.feature)] <= n2.threshold ? 1 : 2)
                            i3 = 2 &* i3 &+ (x[Int(n3.feature)] <= n3.threshold ? 1 : 2)
                            i4 = 2 &* i4 &+ (x[Int(n4.feature)] <= n4.threshold ? 1 : 2)
                            i5 = 2 &* i5 &+ (x[Int(n5.feature)] <= n5.threshold ? 1 : 2)
                            i6 = 2 &* i6 &+ (x[Int(n6.feature)] <= n6.threshold ? 1 : 2)
                            i7 = 2 &* i7 &+ (x[Int(n7.feature)] <= n7.threshold ? 1 : 2)
                        }
                        let l = leafPtr + t * leafCount - internalCount
                        sum += l[i0]
                        sum += l[leafCount + i1]
                        sum += l[2 * leafCount + i2]
                        sum += l[3 * leafCount + i3]
                        sum += l[4 * leafCount + i4]
                        sum += l[5 * leafCount + i5]
                        sum += l[6 * leafCount + i6]
                        sum += l[7 * leafCount + i7]
                        t += 8
                    }
                    while t < treeCount {
                        let tn = nodePtr + t * internalCount
                        var i = 0
                        for _ in 0..<d {
                            let n = tn[i]
                            i = 2 &* i &+ (x[Int(n.feature)] <= n.threshold ? 1 : 2)
                        }
                        sum += leafPtr[t * leafCount - internalCount + i]
                        t += 1
                    }
                    acc[j] = sum
                }
            }
        }
    }
}

extension CompiledForest {
    /// Bytes held by the padded layout (node and leaf arrays; the trees are counted by their owner).
    var estimatedMemoryBytes: Int {
        nodes.count * MemoryLayout<Node>.stride + leaves.count * MemoryLayout<Double>.stride
    }
}

extension IsolationForest {
    /// An estimate of the bytes the loaded forest holds: every tree's node arrays plus the compiled layout
    /// (array storage only; object headers and the `featureNames` strings are left out). Exposed as
    /// `model_memory_bytes`.
    public var estimatedMemoryBytes: Int {
        let perNode =
            3 * MemoryLayout<Int32>.stride + 2 * MemoryLayout<Double>.stride + MemoryLayout<Bool>.stride
        return trees.reduce(0) { $0 + $1.left.count * perNode } + compiled.estimatedMemoryBytes
    }
}
