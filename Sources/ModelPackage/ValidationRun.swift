import Foundation
import ModelRuntime

/// One validation in progress: the checks in order, accumulating findings.
struct ValidationRun {
    let contents: PackageContents
    let validator: PackageValidator
    var errors: [ValidationIssue] = []
    var warnings: [ValidationIssue] = []
    var recommendations: [ValidationIssue] = []
    var notes: [ValidationIssue] = []
    var manifest: PackageManifest?
    var metadata: PackageMetadata?
    var records: [ValidationReport.FileRecord] = []
    var model: LoadedModel?
    var scaler: LoadedModel?
    var featureNames: [String]?
    var featuresAgree = true
    var trial: ValidationReport.TrialInference?

    init(contents: PackageContents, validator: PackageValidator) {
        self.contents = contents
        self.validator = validator
    }

    mutating func finish(now: Date, progress: ((ValidationStage) -> Void)? = nil) -> ValidationReport {
        checkFiles()
        parseDocuments()
        acceptDeclaredAbsentScaler()
        progress?(.verifyingHashes)
        checkIntegrity()
        progress?(.trialLoad)
        loadModels()
        checkFeatures()
        runTrialInference()
        var ageDays: Int?
        if validator.appliesQualityRules {
            progress?(.qualityRules)
            let quality = validator.rules.evaluate(
                QualityRules.Input(
                    metrics: metadata?.evaluationInfo?.basicMetrics ?? manifest?.evaluationInfo?.basicMetrics,
                    featureNames: featureNames, nEstimators: Self.nEstimators(model),
                    createdAt: (metadata?.modelInfo?.createdAt).map {
                        $0.date(naiveTimeZone: validator.naiveTimeZone)
                    },
                    now: now))
            errors += quality.errors
            warnings += quality.warnings
            recommendations += quality.recommendations
            notes += quality.notes
            ageDays = quality.ageDays
        } else {
            notes.append(
                ValidationIssue(
                    .qualityRulesSkipped,
                    "The quality rules (metrics, estimators, feature count, expected features, model age) and the "
                        + "minimum quality score were not applied: imports are configured without them "
                        + "(integration.validate_imports: false)"))
        }

        let score = QualityRules.score(errors: errors.count, warnings: warnings.count)
        let gated = validator.appliesQualityRules && score < validator.minimumScore
        if gated {
            errors.append(
                ValidationIssue(
                    .qualityBelowThreshold,
                    "Model quality score \(score) is below the threshold \(validator.minimumScore)"))
        }
        let blocking = errors.contains { !$0.code.isQualityRule && $0.code != .qualityBelowThreshold }
        return ValidationReport(
            isValid: !blocking && !gated, score: score, errors: errors, warnings: warnings,
            recommendations: recommendations, notes: notes, layout: contents.layout,
            model: model.map(Self.summary), scaler: scaler.map(Self.summary), files: records,
            trialInference: trial, modelVersion: manifest?.modelVersion ?? metadata?.modelInfo?.version,
            modelAgeDays: ageDays)
    }

    /// Whether the file is absent (or unreadable, already reported).
    func absent(_ name: String) -> Bool { contents.files[name] == nil }

    mutating func checkFiles() {
        for (name, error) in contents.unreadable.sorted(by: { $0.key < $1.key }) {
            errors.append(ValidationIssue(.unreadableFile, "\(name) cannot be read: \(error.message)", file: name))
        }
        for name in PackageValidator.requiredFiles where absent(name) && contents.unreadable[name] == nil {
            errors.append(
                ValidationIssue(
                    .missingRequiredFile, "Missing required file: \(name); rebuild the package with it", file: name))
        }
        for name in PackageValidator.optionalFiles where absent(name) && contents.unreadable[name] == nil {
            warnings.append(
                ValidationIssue(.missingOptionalFile, "Missing optional file: \(name)", file: name))
        }
    }

    /// A manifest whose `files` section names no scaler (`"scaler_file": null`, or no such key) says the model was
    /// trained without scaling (or carries its scaler, as a Pipeline): a missing scaler.joblib is then expected,
    /// not a warning.
    mutating func acceptDeclaredAbsentScaler() {
        guard let files = manifest?.files, files["scaler_file"] == nil, absent("scaler.joblib") else { return }
        warnings.removeAll { $0.code == .missingOptionalFile && $0.file == "scaler.joblib" }
    }

    mutating func parseDocuments() {
        if let bytes = contents.files[PackageManifest.fileName] {
            let parsed = PackageManifest.parse(bytes)
            manifest = parsed.value
            errors += parsed.problems
            notes += parsed.notes
        }
        if let bytes = contents.files[PackageMetadata.fileName] {
            let parsed = PackageMetadata.parse(bytes)
            metadata = parsed.value
            errors += parsed.problems
            notes += parsed.notes
        }
    }

    mutating func checkIntegrity() {
        let expected = manifest?.fileIntegrity ?? [:]
        for name in contents.names {
            // Invariant: `name` comes from `contents.names`, the keys of `contents.files`.
            let bytes = contents.files[name]!
            let digest = PackageValidator.sha256Hex(bytes)
            records.append(
                ValidationReport.FileRecord(name: name, size: bytes.count, sha256: digest, expectedSHA256: expected[name]))
            if let want = expected[name], want != digest {
                errors.append(
                    ValidationIssue(
                        .integrityMismatch,
                        "\(name) does not match its SHA256 in file_integrity: expected \(want), found \(digest); the "
                            + "file was changed after packaging, download or rebuild the package",
                        file: name, path: SchemaReader.join("file_integrity", name)))
            } else if manifest != nil && expected[name] == nil && name != PackageManifest.fileName {
                notes.append(
                    ValidationIssue(
                        .unlistedFile, "\(name) is not listed in file_integrity, so its integrity is not verified",
                        file: name))
            }
        }
        for (name, want) in expected.sorted(by: { $0.key < $1.key })
        where absent(name) && contents.unreadable[name] == nil {
            // Required files were already reported missing; an absent listed optional file is an integrity problem.
            guard !PackageValidator.requiredFiles.contains(name) else { continue }
            errors.append(
                ValidationIssue(
                    .integrityMismatch,
                    "\(name) is listed in file_integrity (SHA256 \(want)) but absent from the package; rebuild the "
                        + "package with it or remove it from the manifest",
                    file: name, path: SchemaReader.join("file_integrity", name)))
        }
    }
}
