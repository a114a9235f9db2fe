public import Pickle

/// Loads scikit-learn model files (joblib or pickle) into native estimators, without Python.
///
/// ```swift
/// let model = try ModelLoader.load(path: "model.joblib")
/// let scores = try model.detector().evaluate(FeatureMatrix(rows))
/// ```
public enum ModelLoader {
    /// Reads and rebuilds a model file.
    ///
    /// - Throws: `ModelRuntimeError` with code `unsafe_pickle`, `unsupported_model`, `corrupt_model`,
    ///   `unsupported_compression`, `too_large` or `io_error`.
    public static func load(path: String, limits: PickleLimits = .default) throws(ModelRuntimeError) -> LoadedModel {
        let file: JoblibFile
        do { file = try Joblib.load(path: path, policy: SupportedClasses.policy, limits: limits) } catch {
            throw ModelRuntimeError(reading: path, error)
        }
        return try build(file, source: path)
    }

    /// Rebuilds a model from file bytes.
    public static func load(bytes: [UInt8], name: String = "", limits: PickleLimits = .default) throws(ModelRuntimeError)
        -> LoadedModel
    {
        let file: JoblibFile
        do { file = try Joblib.load(bytes: bytes, policy: SupportedClasses.policy, limits: limits) } catch {
            throw ModelRuntimeError(reading: name, error)
        }
        return try build(file, source: name)
    }

    static func build(_ file: JoblibFile, source: String) throws(ModelRuntimeError) -> LoadedModel {
        guard case .object(let root) = file.root else {
            // The file was read; it just holds data (a dict, a list, ...), not an estimator.
            throw ModelRuntimeError(
                .unsupportedModel,
                "\(source): the file holds a \(file.root.kindName), not a scikit-learn estimator; Warden scores "
                    + "\(SupportedClasses.supportedSummary)")
        }
        let estimator = try estimator(file.root)
        let fields = try ObjectFields(file.root, expecting: root.className.name)
        var parameters = fields.parameters
        var steps: [String] = []
        var finalClass = root.className.name
        if root.className.name == "Pipeline", let stepList = fields.object["steps"]?.sequence {
            for step in stepList {
                guard let pair = step.sequence, pair.count == 2 else { continue }
                let name = pair[0].stringValue ?? "?"
                switch pair[1] {
                case .object(let o):
                    steps.append("\(name): \(o.className.name)")
                    finalClass = o.className.name
                    if let f = try? ObjectFields(pair[1], expecting: o.className.name) { parameters = f.parameters }
                default:
                    steps.append("\(name): \(pair[1].stringValue ?? pair[1].kindName)")
                }
            }
        }
        let (nFeatures, names): (Int, [String]?)
        switch estimator {
        case .detector(let d): (nFeatures, names) = (d.nFeaturesIn, d.featureNames)
        case .transformer(let t): (nFeatures, names) = (t.nFeaturesIn, t.featureNames)
        }
        let info = ModelInfo(
            className: root.className.name, qualifiedClassName: root.className.description, finalClassName: finalClass,
            sklearnVersion: fields.sklearnVersion, parameters: parameters, steps: steps, nFeaturesIn: nFeatures,
            featureNames: names, compression: file.compression, protocolVersion: file.stream.protocolVersion,
            globals: file.stream.globals, fileSize: file.fileSize)
        return LoadedModel(estimator: estimator, info: info)
    }

    /// Dispatches on the pickled class.
    static func estimator(_ value: PickleValue) throws(ModelRuntimeError) -> LoadedEstimator {
        guard case .object(let o) = value else {
            throw ModelRuntimeError(.corruptModel, "expected an estimator object, found \(value.kindName)")
        }
        let name = o.className.name
        let fields = try ObjectFields(value, expecting: name)
        switch name {
        case "IsolationForest": return .detector(try IsolationForest(fields: fields))
        case "LocalOutlierFactor": return .detector(try LocalOutlierFactor(fields: fields))
        case "OneClassSVM": return .detector(try OneClassSVM(fields: fields))
        case "EllipticEnvelope": return .detector(try EllipticEnvelope(fields: fields))
        case "StandardScaler": return .transformer(try StandardScaler(fields: fields))
        case "MinMaxScaler": return .transformer(try MinMaxScaler(fields: fields))
        case "RobustScaler": return .transformer(try RobustScaler(fields: fields))
        case "Pipeline": return try pipeline(fields)
        default:
            throw ModelRuntimeError(
                .unsupportedModel,
                "\(o.className) is not a supported model; Warden scores \(SupportedClasses.supportedSummary)")
        }
    }

    static func pipeline(_ f: ObjectFields) throws(ModelRuntimeError) -> LoadedEstimator {
        guard let steps = f.object["steps"]?.sequence, !steps.isEmpty else {
            throw f.corrupt("steps", "a non-empty list of (name, estimator)", f.object["steps"])
        }
        var transformers: [(name: String, transformer: any FeatureTransformer)] = []
        var detector: (any OutlierDetector)?
        for (i, step) in steps.enumerated() {
            guard let pair = step.sequence, pair.count == 2, let name = pair[0].stringValue else {
                throw f.corrupt("steps[\(i)]", "a (name, estimator) pair", step)
            }
            if pair[1].isNone || pair[1].stringValue == "passthrough" { continue }
            guard detector == nil else {
                throw ModelRuntimeError(
                    .unsupportedModel, "pipeline step '\(name)' follows the detector; only the last step may score")
            }
            switch try estimator(pair[1]) {
            case .transformer(let t): transformers.append((name, t))
            case .detector(let d): detector = d
            }
        }
        guard let detector else { return .transformer(TransformerPipeline(transformers: transformers)) }
        return .detector(try Pipeline(transformers: transformers, detector: detector))
    }
}
