import ModelRuntime

extension ValidationRun {
    mutating func loadModels() {
        if let bytes = contents.files["model.joblib"], let loaded = load(bytes, name: "model.joblib") {
            do {
                _ = try loaded.detector()
                model = loaded
            } catch {
                errors.append(
                    ValidationIssue(
                        .unsupportedModel,
                        "model.joblib holds \(loaded.info.className), which is not an outlier detector; package "
                            + "an IsolationForest (or another supported detector) as model.joblib",
                        file: "model.joblib"))
            }
        }
        if let bytes = contents.files["scaler.joblib"], let loaded = load(bytes, name: "scaler.joblib") {
            do {
                _ = try loaded.transformer()
                scaler = loaded
            } catch {
                errors.append(
                    ValidationIssue(
                        .unsupportedModel,
                        "scaler.joblib holds \(loaded.info.className), which is not a transformer; package the "
                            + "fitted StandardScaler (or another supported scaler) as scaler.joblib",
                        file: "scaler.joblib"))
            }
        }
    }

    mutating func load(_ bytes: [UInt8], name: String) -> LoadedModel? {
        do { return try ModelLoader.load(bytes: bytes, name: name) } catch {
            let code: ValidationIssue.Code
            switch error.code {
            case .unsafePickle: code = .unsafePickle
            case .unsupportedModel, .unsupportedCompression: code = .unsupportedModel
            case .tooLarge: code = .tooLarge
            default: code = .corruptModel
            }
            errors.append(ValidationIssue(code, error.message, file: name))
            return nil
        }
    }

    mutating func checkFeatures() {
        let manifestNames = manifest?.trainingInfo?.featureNames
        let metadataNames = metadata?.trainingInfo?.featureNames
        featureNames = manifestNames ?? metadataNames
        if manifestNames == nil && metadataNames == nil && (manifest != nil || metadata != nil) {
            errors.append(
                ValidationIssue(
                    .invalidMetadata,
                    "training_info.feature_names is required in deployment_manifest.json or metadata.json; list "
                        + "the features in the order the model takes them",
                    path: "training_info.feature_names"))
        }
        if let a = manifestNames, let b = metadataNames, a != b {
            nameMismatch(
                "deployment_manifest.json training_info.feature_names", a, "metadata.json training_info.feature_names",
                b, file: PackageMetadata.fileName)
        }
        var counts: [(String, Int)] = []
        if let c = manifest?.trainingInfo?.featureCount {
            counts.append(("deployment_manifest.json training_info.feature_count", c))
        }
        if let c = metadata?.trainingInfo?.featureCount { counts.append(("metadata.json training_info.feature_count", c)) }
        if let names = featureNames { counts.append(("training_info.feature_names (\(names.count) names)", names.count)) }
        if let model { counts.append(("model.joblib n_features_in_", model.info.nFeaturesIn)) }
        if let scaler { counts.append(("scaler.joblib n_features_in_", scaler.info.nFeaturesIn)) }
        if Set(counts.map(\.1)).count > 1 {
            featuresAgree = false
            let listed = counts.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
            errors.append(
                ValidationIssue(
                    .featureCountMismatch,
                    "The feature counts disagree: \(listed); the model must be packaged with the feature list it was "
                        + "trained on"))
        }
        if let names = featureNames {
            if let scalerNames = scaler?.info.featureNames, scalerNames != names {
                nameMismatch(
                    "training_info.feature_names", names, "scaler.joblib feature_names_in_", scalerNames,
                    file: "scaler.joblib")
            }
            if let modelNames = model?.info.featureNames, modelNames != names {
                nameMismatch(
                    "training_info.feature_names", names, "model.joblib feature_names_in_", modelNames,
                    file: "model.joblib")
            }
        }
    }

    mutating func nameMismatch(_ aLabel: String, _ a: [String], _ bLabel: String, _ b: [String], file: String) {
        featuresAgree = false
        let onlyA = a.filter { !b.contains($0) }
        let onlyB = b.filter { !a.contains($0) }
        var parts: [String] = []
        if !onlyA.isEmpty { parts.append("only in \(aLabel): \(onlyA.joined(separator: ", "))") }
        if !onlyB.isEmpty { parts.append("only in \(bLabel): \(onlyB.joined(separator: ", "))") }
        if parts.isEmpty {
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            let x = i < a.count ? a[i] : "(end)"
            let y = i < b.count ? b[i] : "(end)"
            parts.append("same names in a different order, first difference at position \(i): \(x) vs \(y)")
        }
        errors.append(
            ValidationIssue(
                .featureNameMismatch,
                "The feature names of \(aLabel) and \(bLabel) disagree: \(parts.joined(separator: "; "))",
                file: file))
    }

    /// Scores a few synthetic rows (zeros, the scaler's means, means plus one scale) as validate_model.py does.
    mutating func runTrialInference() {
        guard let model, featuresAgree, let detector = try? model.detector() else { return }
        let transformer = try? scaler?.transformer()
        let width = transformer?.nFeaturesIn ?? detector.nFeaturesIn
        var rows: [[Double]] = [Array(repeating: 0, count: width)]
        var kinds = ["zeros"]
        if let standard = transformer as? StandardScaler, let mean = standard.mean, mean.count == width {
            rows.append(mean)
            kinds.append("scaler means")
            if let scale = standard.scale, scale.count == width {
                rows.append(zip(mean, scale).map { $0 + $1 })
                kinds.append("scaler means + 1 scale")
            }
        } else {
            rows.append(Array(repeating: 1, count: width))
            kinds.append("ones")
        }
        do {
            let scorer: any OutlierDetector =
                if let transformer {
                    try Pipeline(transformers: [("scaler", transformer)], detector: detector)
                } else {
                    detector
                }
            let out = try scorer.evaluate(FeatureMatrix(rows))
            let scores = out.scoreSamples.map { -$0 }
            guard scores.allSatisfy(\.isFinite) else {
                errors.append(
                    ValidationIssue(
                        .inferenceFailed,
                        "The trial inference produced non-finite scores \(scores) for rows \(kinds); the model "
                            + "cannot be served", file: "model.joblib"))
                return
            }
            trial = ValidationReport.TrialInference(
                rows: rows.count, rowKinds: kinds, scores: scores, predictions: out.predict.map { $0 == -1 ? 1 : 0 },
                scoreMin: scores.min() ?? 0, scoreMax: scores.max() ?? 0, scaled: transformer != nil)
        } catch {
            errors.append(
                ValidationIssue(
                    .inferenceFailed, "The trial inference failed: \(error.message)", file: "model.joblib"))
        }
    }

    static func nEstimators(_ model: LoadedModel?) -> Int? {
        guard let value = model?.info.parameters["n_estimators"] else { return nil }
        if case .int(let n) = value { return n }
        return nil
    }

    static func summary(_ model: LoadedModel) -> ValidationReport.ModelSummary {
        ValidationReport.ModelSummary(
            className: model.info.className, finalClassName: model.info.finalClassName,
            nFeaturesIn: model.info.nFeaturesIn, featureNames: model.info.featureNames,
            sklearnVersion: model.info.sklearnVersion, compression: model.info.compression.rawValue,
            nEstimators: nEstimators(model))
    }
}
