import Pickle

extension IsolationForest {
    /// Rebuilds a fitted IsolationForest from its pickled state (scikit-learn 1.0 to 1.9 layouts).
    init(fields f: ObjectFields) throws(ModelRuntimeError) {
        let nFeatures = try f.int("n_features_in_")
        guard nFeatures > 0 else { throw f.corrupt("n_features_in_", "positive", f.object["n_features_in_"]) }
        let maxSamples = f.has("_max_samples") ? try f.int("_max_samples") : try f.int("max_samples_")
        let maxFeatures = f.has("_max_features") ? try f.int("_max_features") : nFeatures
        guard let estimators = f.object["estimators_"]?.sequence else {
            throw f.corrupt("estimators_", "a list of trees", f.object["estimators_"])
        }
        guard !estimators.isEmpty else { throw f.corrupt("estimators_", "a non-empty list", f.object["estimators_"]) }
        // scikit-learn indexes columns through estimators_features_ only when _max_features != n_features.
        let subsample = maxFeatures != nFeatures
        let featureSets = f.object["estimators_features_"]?.sequence
        if subsample {
            guard let featureSets, featureSets.count == estimators.count else {
                throw f.corrupt("estimators_features_", "one index array per tree", f.object["estimators_features_"])
            }
        }
        let pathLengths = f.object["_decision_path_lengths"]?.sequence
        let averagePaths = f.object["_average_path_length_per_tree"]?.sequence

        var trees: [IsolationTree] = []
        trees.reserveCapacity(estimators.count)
        for (t, estimator) in estimators.enumerated() {
            let ef = try ObjectFields(estimator, expecting: "ExtraTreeRegressor")
            let tree = try ObjectFields(try ef.value("tree_"), expecting: "Tree")
            let nodes = try tree.array("nodes")
            let n = nodes.count
            func field(_ name: String) throws(ModelRuntimeError) -> [Int64] {
                do { return try nodes.fieldInt64s(name) } catch {
                    throw ModelRuntimeError(.corruptModel, "tree \(t): \(error.message)", cause: error)
                }
            }
            let left = try field("left_child"), right = try field("right_child"), feature = try field("feature")
            let samples = try field("n_node_samples")
            let threshold: [Double]
            do { threshold = try nodes.fieldDoubles("threshold") } catch {
                throw ModelRuntimeError(.corruptModel, "tree \(t): \(error.message)", cause: error)
            }
            // scikit-learn < 1.3 has no missing_go_to_left: NaN was refused there, route it right.
            let nanLeft = nodes.dtype.field("missing_go_to_left") != nil ? try field("missing_go_to_left") : []

            var columns: [Int64]? = nil
            if subsample, let featureSets {
                guard let a = featureSets[t].array, let idx = try? a.int64Values() else {
                    throw f.corrupt("estimators_features_[\(t)]", "an int array", featureSets[t])
                }
                columns = idx
            }
            var globalFeature = [Int32](repeating: 0, count: n)
            for i in 0..<n where left[i] != -1 {
                var c = feature[i]
                if let columns {
                    guard c >= 0, c < Int64(columns.count) else {
                        throw ModelRuntimeError(.corruptModel, "tree \(t) node \(i) uses feature \(c) of \(columns.count)")
                    }
                    c = columns[Int(c)]
                }
                guard c >= 0, c < Int64(nFeatures) else {
                    throw ModelRuntimeError(.corruptModel, "tree \(t) node \(i) uses column \(c) of \(nFeatures)")
                }
                globalFeature[i] = Int32(c)
            }
            func int32s(_ v: [Int64], _ what: String) throws(ModelRuntimeError) -> [Int32] {
                var out = [Int32]()
                out.reserveCapacity(v.count)
                for x in v {
                    guard x >= -1, x < Int64(n) else {
                        throw ModelRuntimeError(.corruptModel, "tree \(t) has \(what) index \(x) outside 0..<\(n)")
                    }
                    out.append(Int32(x))
                }
                return out
            }
            let depthTerm = try IsolationForest.depthTerms(
                tree: t, left: left, right: right, samples: samples,
                cachedDepths: pathLengths.flatMap { $0.count == estimators.count ? $0[t].array : nil },
                cachedAverage: averagePaths.flatMap { $0.count == estimators.count ? $0[t].array : nil })
            trees.append(
                try IsolationTree(
                    left: try int32s(left, "left child"), right: try int32s(right, "right child"),
                    feature: globalFeature, threshold: threshold,
                    nanGoesLeft: nanLeft.isEmpty ? [Bool](repeating: false, count: n) : nanLeft.map { $0 != 0 },
                    depthTerm: depthTerm, nFeatures: nFeatures))
        }
        self.init(
            trees: trees, nFeaturesIn: nFeatures, offset: try f.double("offset_"), maxSamples: maxSamples,
            featureNames: try f.featureNames(),
            nonFiniteInputs: SklearnVersion(f.sklearnVersion).map { $0 >= SklearnVersion(1, 6) } ?? true
                ? .accepted : .rejected)
    }

    /// Per node `decision_path_length + c(n_node_samples) - 1.0`, computed as numpy does
    /// (`int64 + float64`, then `- 1.0`). The caches pickled since scikit-learn 1.3 are used when present, so
    /// values computed at fit time (by numpy's own `log`) are reproduced bit for bit; otherwise they are
    /// recomputed from the nodes (root depth 1, `c` as `_average_path_length`).
    static func depthTerms(
        tree t: Int, left: [Int64], right: [Int64], samples: [Int64], cachedDepths: NDArray?, cachedAverage: NDArray?
    ) throws(ModelRuntimeError) -> [Double] {
        let n = left.count
        var depths: [Int64]
        if let cachedDepths, let d = try? cachedDepths.int64Values(), d.count == n {
            depths = d
        } else {
            depths = [Int64](repeating: 0, count: n)
            depths[0] = 1
            // Children always follow their parent in scikit-learn's depth-first order, but do not rely on it.
            var stack = [0]
            var seen = 0
            while let i = stack.popLast() {
                seen += 1
                guard seen <= n else { throw ModelRuntimeError(.corruptModel, "tree \(t) is not a tree") }
                for c in [left[i], right[i]] where c != -1 {
                    guard c >= 0, c < Int64(n) else {
                        throw ModelRuntimeError(.corruptModel, "tree \(t) node \(i) has child \(c) outside 0..<\(n)")
                    }
                    depths[Int(c)] = depths[i] + 1
                    stack.append(Int(c))
                }
            }
        }
        var average: [Double]
        if let cachedAverage, let a = try? cachedAverage.doubleValues(), a.count == n {
            average = a
        } else {
            average = samples.map { averagePathLength(Double($0)) }
        }
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n { out[i] = (Double(depths[i]) + average[i]) - 1.0 }
        return out
    }
}
