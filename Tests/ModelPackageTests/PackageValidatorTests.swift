import Foundation
import ModelPackage
import Testing
import TestSupport

@Suite("PackageValidator checks deployment packages")
struct PackageValidatorTests {
    @Test("the package corpus is present, small, and covers every package-level failure code")
    func corpus() throws {
        let index = try #require(PackageIndex.shared, "run python/fixtures/packages.py --out Tests/Fixtures/packages/")
        #expect(index.cases.count >= 13)
        let expected: Set<String> = [
            "missing_required_file", "missing_optional_file", "integrity_mismatch", "invalid_metadata",
            "corrupt_model", "unsafe_pickle", "unsupported_model", "feature_count_mismatch", "low_f1_score",
        ]
        let covered = Set(index.cases.flatMap { $0.errors + $0.warnings })
        #expect(expected.isSubset(of: covered), "uncovered: \(expected.subtracting(covered))")
    }

    @Test("reports exactly the errors and warnings each fixture package is built to have", arguments: PackageIndex.all)
    func fixtureCodes(_ c: PackageCase) throws {
        let report = try c.report()
        #expect(Set(report.errors.map(\.code.rawValue)) == Set(c.errors), "\(c): \(report.errors)")
        #expect(Set(report.warnings.map(\.code.rawValue)) == Set(c.warnings), "\(c): \(report.warnings)")
        let notes = Set(report.notes.map(\.code.rawValue))
        #expect(Set(c.notes).isSubset(of: notes), "\(c): \(report.notes)")
        for issue in report.errors + report.warnings {
            #expect(issue.message.count > 20, "\(c): message too short: \(issue)")
        }
    }

    @Test("a package with a failure outside the quality rules is invalid", arguments: PackageIndex.failing)
    func failingIsInvalid(_ c: PackageCase) throws {
        let report = try c.report()
        let blocking = report.errors.contains { !$0.code.isQualityRule }
        #expect(report.isValid == !blocking, "\(c): \(report.errors)")
    }

    @Test("accepts the valid package with score 1 and summarises model, scaler and files")
    func valid() throws {
        let report = try #require(PackageIndex.named("valid")).report()
        #expect(report.isValid)
        #expect(report.score == 1)
        #expect(report.errors.isEmpty && report.warnings.isEmpty)
        #expect(report.modelVersion == "20241201_143022")
        #expect(report.modelAgeDays == 1)
        let model = try #require(report.model)
        #expect(model.className == "IsolationForest")
        #expect(model.nFeaturesIn == 17)
        #expect(model.nEstimators == 60)
        #expect(model.compression == "zlib")
        #expect(model.sklearnVersion == PackageIndex.shared?.sklearn)
        let scaler = try #require(report.scaler)
        #expect(scaler.className == "StandardScaler")
        #expect(scaler.featureNames?.count == 17)
        #expect(report.files.map(\.name) == [
            "README.md", "deployment_manifest.json", "inference_example.py", "metadata.json", "model.joblib",
            "requirements.txt", "scaler.joblib", "validate_model.py",
        ])
        for record in report.files where ["model.joblib", "scaler.joblib", "metadata.json"].contains(record.name) {
            #expect(record.expectedSHA256 == record.sha256)
        }
    }

    @Test("the trial inference scores the synthetic rows as scikit-learn does (tolerance 1e-12)")
    func trialInference() throws {
        let index = try #require(PackageIndex.shared)
        let valid = try #require(PackageIndex.named("valid"))
        let trial = try #require(try valid.report().trialInference)
        #expect(trial.scaled)
        #expect(trial.rowKinds == ["zeros", "scaler means", "scaler means + 1 scale"])
        #expect(trial.scores.count == index.trial.scores.count)
        for (mine, theirs) in zip(trial.scores, index.trial.scores) { #expect(abs(mine - theirs) <= 1e-12) }
        #expect(trial.predictions == index.trial.predictions)
        #expect(trial.scoreMin == trial.scores.min() && trial.scoreMax == trial.scores.max())
    }

    @Test("the folder, flat zip and nested zip layouts give the same report")
    func layouts() throws {
        var reports: [ValidationReport] = []
        for name in ["valid", "valid_folder", "valid_nested"] {
            var report = try #require(PackageIndex.named(name)).report()
            report.layout = .folder
            reports.append(report)
        }
        #expect(reports[0] == reports[1])
        #expect(reports[0] == reports[2])
        #expect(try PackageIndex.named("valid_nested")?.report().layout == .nestedZip)
        #expect(try PackageIndex.named("valid")?.report().layout == .zip)
    }

    @Test("names the file and both digests when a model was tampered with")
    func tampered() throws {
        let report = try #require(PackageIndex.named("tampered_model")).report()
        let issue = try #require(report.errors.first { $0.code == .integrityMismatch })
        let record = try #require(report.files.first { $0.name == "model.joblib" })
        #expect(issue.file == "model.joblib")
        #expect(issue.path == "file_integrity.\"model.joblib\"")
        #expect(issue.message.contains(record.sha256))
        #expect(issue.message.contains(try #require(record.expectedSHA256)))
        #expect(!report.isValid)
    }

    @Test("reports a listed file that is absent as an integrity mismatch, and an absent model as missing")
    func listedAbsent() throws {
        let absent = try #require(PackageIndex.named("listed_absent")).report()
        #expect(absent.errors.contains { $0.code == .integrityMismatch && $0.file == "scaler.joblib" })
        let missing = try #require(PackageIndex.named("missing_model")).report()
        #expect(missing.errors.map(\.code) == [.missingRequiredFile])
        #expect(missing.errors.first?.file == "model.joblib")
    }

    @Test("maps model load failures to their codes, the hash matching so the load is what fails",
          arguments: [("corrupt_model", "corrupt_model"), ("unsafe_pickle", "unsafe_pickle"),
                      ("unsupported_model", "unsupported_model")])
    func loadFailures(_ name: String, _ code: String) throws {
        let report = try #require(PackageIndex.named(name)).report()
        #expect(report.errors.map(\.code.rawValue) == [code], "\(report.errors)")
        #expect(report.errors.first?.file == "model.joblib")
        #expect(report.model == nil && report.trialInference == nil)
        #expect(!report.codes.contains(.integrityMismatch))
    }

    @Test("reports every metadata type problem at once, with JSON paths")
    func badMetadata() throws {
        let report = try #require(PackageIndex.named("bad_metadata")).report()
        let paths = Set(report.errors.filter { $0.code == .invalidMetadata }.compactMap(\.path))
        #expect(paths == [
            "training_info.training_samples", "training_info.feature_count", "model_info.created_at",
            "evaluation_info.basic_metrics.f1_score", "inference_config.batch_size",
            "inference_config.timeout_seconds", "model_version", "file_integrity.\"scaler.joblib\"",
        ])
        #expect(report.errors.contains {
            $0.message == "deployment_manifest.json: file_integrity.\"scaler.joblib\" must be a 64-hex-digit "
                + "SHA256 string, found 12"
        })
        // f1_score of the wrong type is not reported as a low score; it is treated as not reported.
        #expect(!report.codes.contains(.lowF1Score))
        #expect(report.notes.contains { $0.code == .metricNotReported && $0.path?.hasSuffix("f1_score") == true })
    }

    @Test("names every feature count when metadata says 16 features and the model takes 17")
    func featureCount() throws {
        let report = try #require(PackageIndex.named("feature_count_mismatch")).report()
        let issue = try #require(report.errors.first { $0.code == .featureCountMismatch })
        #expect(issue.message.contains("metadata.json training_info.feature_count = 16"))
        #expect(issue.message.contains("model.joblib n_features_in_ = 17"))
        #expect(issue.message.contains("scaler.joblib n_features_in_ = 17"))
        #expect(report.trialInference == nil)
    }

    @Test("names the differing features when the manifest and the scaler disagree")
    func featureNames() throws {
        var files = try PackageIndex.validFiles()
        try files.edit("deployment_manifest.json", "\"beacon_ratio\"", "\"beacon_rate\"")
        let report = PackageValidator().validate(PackageContents(files: files), now: PackageIndex.now)
        let issues = report.errors.filter { $0.code == .featureNameMismatch }
        #expect(issues.count == 2, "\(report.errors)")  // against metadata.json and against the scaler
        #expect(issues.allSatisfy { $0.message.contains("beacon_rate") && $0.message.contains("beacon_ratio") })
        #expect(!report.isValid)
    }

    @Test("reports all problems of one package together")
    func allAtOnce() throws {
        var files = try PackageIndex.validFiles()
        files["README.md"] = nil
        files["requirements.txt"] = nil
        files["scaler.joblib"]?[100] ^= 0xFF  // tampered, hash left as is
        try files.edit("deployment_manifest.json", "\"batch_size\": 1000", "\"batch_size\": -1")
        try files.edit("metadata.json", "\"feature_count\": 17", "\"feature_count\": 16")
        files["notes.txt"] = Array("extra".utf8)
        let report = PackageValidator().validate(PackageContents(files: files), now: PackageIndex.now)
        #expect(report.warnings.filter { $0.code == .missingOptionalFile }.count == 2)
        #expect(report.errors.contains { $0.code == .integrityMismatch && $0.file == "scaler.joblib" })
        #expect(report.errors.contains { $0.code == .invalidMetadata && $0.path == "inference_config.batch_size" })
        #expect(report.errors.contains { $0.code == .featureCountMismatch })
        #expect(report.notes.contains { $0.code == .unlistedFile && $0.file == "notes.txt" })
        #expect(!report.isValid)
    }

    @Test("reports missing required files and unreadable metadata together")
    func emptyPackage() throws {
        let report = PackageValidator().validate(
            PackageContents(files: ["metadata.json": Array("{not json".utf8)]), now: PackageIndex.now)
        #expect(report.errors.filter { $0.code == .missingRequiredFile }.compactMap(\.file).sorted() == [
            "deployment_manifest.json", "model.joblib",
        ])
        #expect(report.errors.contains { $0.code == .invalidMetadata && $0.file == "metadata.json" })
        #expect(report.warnings.filter { $0.code == .missingOptionalFile }.count == 5)
        #expect(!report.isValid)
    }

    @Test("a model that is a transformer and a scaler that is a detector are refused")
    func swappedRoles() throws {
        var files = try PackageIndex.validFiles()
        (files["model.joblib"], files["scaler.joblib"]) = (files["scaler.joblib"], files["model.joblib"])
        try files.rehash("model.joblib")
        try files.rehash("scaler.joblib")
        let report = PackageValidator().validate(PackageContents(files: files), now: PackageIndex.now)
        let refused = report.errors.filter { $0.code == .unsupportedModel }.compactMap(\.file).sorted()
        #expect(refused == ["model.joblib", "scaler.joblib"], "\(report.errors)")
    }

    @Test("the low-quality package is scored 1 − 0.2·1 − 0.05·4 = 0.6, exactly at the threshold")
    func lowQuality() throws {
        let report = try #require(PackageIndex.named("low_quality")).report()
        #expect(report.score == 0.6)
        #expect(report.isValid)
        #expect(report.recommendations.contains { $0.code == .lowROCAUC })
        let strict = try #require(PackageIndex.named("low_quality")).report(PackageValidator(minimumScore: 0.65))
        #expect(!strict.isValid)
        #expect(strict.errors.last?.code == .qualityBelowThreshold)
        #expect(strict.score == 0.6)
    }

    @Test("the report encodes with snake_case keys and decodes back to itself")
    func codable() throws {
        let report = try #require(PackageIndex.named("tampered_model")).report()
        let data = try JSONEncoder().encode(report)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"is_valid\"", "\"trial_inference\"", "\"n_features_in\"", "\"expected_sha256\"", "\"code\""] {
            #expect(text.contains(key), "\(key)")
        }
        #expect(text.contains("\"integrity_mismatch\""))
        #expect(try JSONDecoder().decode(ValidationReport.self, from: data) == report)
    }
}
