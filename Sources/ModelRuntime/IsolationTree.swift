/// One fitted isolation tree in scikit-learn's node order, with the per-leaf depth term precomputed.
///
/// `feature` holds *global* column indices: the tree's `estimators_features_` subset is already applied.
public struct IsolationTree: Sendable {
    /// Left child per node, or -1 for a leaf.
    public let left: [Int32]
    /// Right child per node, or -1 for a leaf.
    public let right: [Int32]
    /// Global column index per internal node.
    public let feature: [Int32]
    /// Split threshold per internal node (float64, as fitted).
    public let threshold: [Double]
    /// Where NaN goes at each internal node (`missing_go_to_left`).
    public let nanGoesLeft: [Bool]
    /// Per node: `decision_path_length + c(n_node_samples) - 1.0`, scikit-learn's per-tree depth term.
    public let depthTerm: [Double]
    /// Depth of the deepest leaf (root = 0).
    public let maxDepth: Int

    /// Creates a tree after checking that the arrays describe a proper binary tree.
    ///
    /// - Throws: `corruptModel` when a child index is out of range, a node is reached twice (a cycle or a
    ///   shared subtree), a node is unreachable from the root, or the depth exceeds 64.
    public init(
        left: [Int32], right: [Int32], feature: [Int32], threshold: [Double], nanGoesLeft: [Bool],
        depthTerm: [Double], nFeatures: Int
    ) throws(ModelRuntimeError) {
        let n = left.count
        guard n > 0, right.count == n, feature.count == n, threshold.count == n, nanGoesLeft.count == n,
            depthTerm.count == n
        else { throw ModelRuntimeError(.corruptModel, "isolation tree arrays have inconsistent lengths") }
        var visited = [Bool](repeating: false, count: n)
        var stack: [(Int, Int)] = [(0, 0)]
        var deepest = 0
        var reached = 0
        while let (node, depth) = stack.popLast() {
            guard !visited[node] else {
                throw ModelRuntimeError(.corruptModel, "isolation tree node \(node) is reached twice: not a tree")
            }
            visited[node] = true
            reached += 1
            deepest = max(deepest, depth)
            guard depth <= 64 else { throw ModelRuntimeError(.corruptModel, "isolation tree deeper than 64 levels") }
            let l = Int(left[node]), r = Int(right[node])
            if l == -1 && r == -1 { continue }
            guard (0..<n).contains(l), (0..<n).contains(r) else {
                throw ModelRuntimeError(.corruptModel, "isolation tree node \(node) has children \(l), \(r) out of 0..<\(n)")
            }
            guard (0..<nFeatures).contains(Int(feature[node])) else {
                throw ModelRuntimeError(
                    .corruptModel, "isolation tree node \(node) splits on feature \(feature[node]) of \(nFeatures)")
            }
            stack.append((r, depth + 1))
            stack.append((l, depth + 1))
        }
        guard reached == n else {
            throw ModelRuntimeError(.corruptModel, "isolation tree has \(n - reached) nodes unreachable from the root")
        }
        self.left = left
        self.right = right
        self.feature = feature
        self.threshold = threshold
        self.nanGoesLeft = nanGoesLeft
        self.depthTerm = depthTerm
        self.maxDepth = deepest
    }

    /// The leaf a row reaches, exactly as scikit-learn's `_apply_dense`: NaN follows `missing_go_to_left`,
    /// otherwise the float32 value, widened to float64, goes left when `<= threshold`.
    @inline(__always)
    public func leaf(_ row: UnsafePointer<Float>) -> Int {
        var node = 0
        while left[node] != -1 {
            let v = row[Int(feature[node])]
            if v.isNaN {
                node = Int(nanGoesLeft[node] ? left[node] : right[node])
            } else {
                node = Int(Double(v) <= threshold[node] ? left[node] : right[node])
            }
        }
        return node
    }
}
