public import Pickle

/// The scikit-learn classes Warden can rebuild, under every module path scikit-learn has used for them.
public enum SupportedClasses {
    /// Estimators a model file may hold at its top level (or as Pipeline steps).
    public static let estimatorNames = [
        "IsolationForest", "LocalOutlierFactor", "OneClassSVM", "EllipticEnvelope",
        "StandardScaler", "MinMaxScaler", "RobustScaler", "Pipeline",
    ]

    /// A one-line list of what is supported, for error messages.
    public static let supportedSummary =
        "IsolationForest, LocalOutlierFactor(novelty=True), OneClassSVM, EllipticEnvelope, StandardScaler, "
        + "MinMaxScaler, RobustScaler, and Pipelines of these scalers ending in one of the detectors"

    static let classes: [GlobalName] = {
        var c: [GlobalName] = []
        func add(_ modules: [String], _ names: [String]) {
            for m in modules { for n in names { c.append(GlobalName(m, n)) } }
        }
        add(["sklearn.ensemble._iforest", "sklearn.ensemble.iforest"], ["IsolationForest"])
        add(["sklearn.tree._classes", "sklearn.tree.tree"], ["ExtraTreeRegressor"])
        add(["sklearn.tree._tree"], ["Tree"])
        add(["sklearn.preprocessing._data", "sklearn.preprocessing.data"], ["StandardScaler", "MinMaxScaler", "RobustScaler"])
        add(["sklearn.pipeline"], ["Pipeline"])
        add(["sklearn.neighbors._lof", "sklearn.neighbors.lof"], ["LocalOutlierFactor"])
        add(["sklearn.neighbors._kd_tree", "sklearn.neighbors.kd_tree"], ["KDTree"])
        add(["sklearn.neighbors._ball_tree", "sklearn.neighbors.ball_tree"], ["BallTree"])
        let metrics = ["EuclideanDistance", "ManhattanDistance", "ChebyshevDistance", "MinkowskiDistance",
                       "WMinkowskiDistance", "SEuclideanDistance"]
        add(["sklearn.metrics._dist_metrics", "sklearn.neighbors._dist_metrics", "sklearn.neighbors.dist_metrics"],
            metrics + metrics.map { $0 + "64" } + metrics.map { $0 + "32" })
        add(["sklearn.svm._classes", "sklearn.svm.classes"], ["OneClassSVM"])
        add(["sklearn.covariance._elliptic_envelope", "sklearn.covariance.elliptic_envelope"], ["EllipticEnvelope"])
        return c
    }()

    static let constructors: [GlobalName] = [
        GlobalName("sklearn.neighbors._kd_tree", "newObj"), GlobalName("sklearn.neighbors.kd_tree", "newObj"),
        GlobalName("sklearn.neighbors._ball_tree", "newObj"), GlobalName("sklearn.neighbors.ball_tree", "newObj"),
        GlobalName("sklearn.metrics._dist_metrics", "newObj"), GlobalName("sklearn.neighbors._dist_metrics", "newObj"),
        GlobalName("sklearn.neighbors.dist_metrics", "newObj"),
    ]

    /// The allowlist used to read model files: numpy/joblib data plus the classes above.
    public static let policy: GlobalPolicy = GlobalPolicy.numpyAndJoblib.adding(
        classes: classes, constructors: constructors)

    /// For a refused `module.qualname`: the class name when it is a scikit-learn estimator-like class
    /// (so the file is a real model of an unsupported kind), nil otherwise (so it is treated as unsafe).
    static func unsupportedEstimatorName(_ qualified: String) -> String? {
        guard qualified.hasPrefix("sklearn."), let dot = qualified.lastIndex(of: ".") else { return nil }
        let name = qualified[qualified.index(after: dot)...]
        guard let first = name.first, first.isUppercase, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return nil }
        return String(name)
    }
}
