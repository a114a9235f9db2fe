import Foundation
import ModelPackage
import ModelRuntime
import Testing
import TestSupport

@Suite("PackageManifest and PackageMetadata read seed 003's schemas")
struct PackageSchemaTests {
    static func manifest(_ text: String) -> SchemaParse<PackageManifest?> { PackageManifest.parse(Array(text.utf8)) }

    @Test("reads the valid package's manifest and metadata without problems")
    func valid() throws {
        let files = try PackageIndex.validFiles()
        let manifest = PackageManifest.parse(try #require(files["deployment_manifest.json"]))
        #expect(manifest.problems.isEmpty && manifest.notes.isEmpty, "\(manifest.problems) \(manifest.notes)")
        let m = try #require(manifest.value)
        #expect(m.modelVersion == "20241201_143022")
        #expect(m.fileIntegrity?.count == 3)
        #expect(m.inferenceConfig?.batchSize == 1000)
        #expect(m.inferenceConfig?.timeoutSeconds == 30)
        #expect(m.trainingInfo?.featureNames?.count == 17)
        #expect(m.files?["scaler_file"] == "scaler.joblib")
        #expect(m.deploymentTimestamp?.hasTimeZone == false)
        let metadata = PackageMetadata.parse(try #require(files["metadata.json"]))
        #expect(metadata.problems.isEmpty && metadata.notes.isEmpty)
        let md = try #require(metadata.value)
        #expect(md.modelInfo?.createdAt?.text == "2024-12-01T14:30:22.123456")
        #expect(md.evaluationInfo?.basicMetrics?.rocAUC == nil)
        #expect(md.evaluationInfo?.basicMetrics?.f1Score != nil)
    }

    @Test("reports every type problem with its JSON path, in one pass")
    func typeProblems() throws {
        let parsed = Self.manifest(
            """
            {"model_version": 3, "file_integrity": {"model.joblib": 12, "scaler.joblib": "abc",
             "metadata.json": "\(String(repeating: "A", count: 64))"},
             "inference_config": {"threshold": "0.5", "batch_size": 0, "timeout_seconds": 2.5,
                                  "score_percentile": 101, "anomaly_ratio": 0.1},
             "training_info": {"feature_names": ["a", 1], "feature_count": "2"},
             "deployment_timestamp": "01/12/2024"}
            """)
        let messages = parsed.problems.map(\.message)
        #expect(messages.contains(
            "deployment_manifest.json: file_integrity.\"model.joblib\" must be a 64-hex-digit SHA256 string, found 12"))
        #expect(Set(parsed.problems.compactMap(\.path)) == [
            "model_version", "file_integrity.\"model.joblib\"", "file_integrity.\"scaler.joblib\"",
            "inference_config.threshold", "inference_config.batch_size", "inference_config.timeout_seconds",
            "inference_config.score_percentile", "training_info.feature_names[1]", "training_info.feature_count",
            "deployment_timestamp",
        ])
        #expect(parsed.problems.allSatisfy { $0.code == .invalidMetadata && $0.file == "deployment_manifest.json" })
        // Upper-case hex is a valid digest, kept in lower case.
        #expect(parsed.value?.fileIntegrity?["metadata.json"] == String(repeating: "a", count: 64))
        #expect(parsed.value?.inferenceConfig?.anomalyRatio == 0.1)
    }

    @Test("requires model_version and file_integrity in the manifest and the three sections in the metadata")
    func required() throws {
        #expect(Set(Self.manifest("{}").problems.compactMap(\.path)) == ["model_version", "file_integrity"])
        let metadata = PackageMetadata.parse(Array("{\"deployment_info\": {}}".utf8))
        #expect(Set(metadata.problems.compactMap(\.path)) == ["model_info", "training_info", "evaluation_info"])
        #expect(Self.manifest("[1]").value == nil)
        #expect(Self.manifest("[1]").problems.count == 1)
        #expect(Self.manifest("{").problems.first?.code == .invalidMetadata)
    }

    @Test("keeps unknown fields out of the typed view and records them as notes")
    func unknownFields() {
        let parsed = Self.manifest(
            """
            {"model_version": "v", "file_integrity": {}, "signature": "x",
             "inference_config": {"threshold": 0.5, "warmup": true}}
            """)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.notes.compactMap(\.path).sorted() == ["inference_config.warmup", "signature"])
        #expect(parsed.notes.allSatisfy { $0.code == .unknownField })
    }

    @Test("accepts ISO 8601 timestamps with and without zone and fraction",
          arguments: [
            ("2024-12-01T14:30:22.123456", 1_733_063_422.123456, false), ("2024-12-01T14:30:22", 1_733_063_422, false),
            ("2024-12-01T14:30:22Z", 1_733_063_422, true), ("2024-12-01T15:30:22+01:00", 1_733_063_422, true),
            ("2024-12-01T09:30:22.5-0500", 1_733_063_422.5, true), ("2024-12-01 14:30:22", 1_733_063_422, false),
            ("2024-12-01T14:30", 1_733_063_400, false), ("2024-12-01", 1_733_011_200, false),
            ("2024-02-29T00:00:00Z", 1_709_164_800, true),
          ] as [(String, Double, Bool)])
    func timestamps(_ text: String, _ epoch: Double, _ zoned: Bool) throws {
        let stamp = try #require(Timestamp(iso8601: text))
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(abs(stamp.date(naiveTimeZone: utc).timeIntervalSince1970 - epoch) < 1e-5)
        #expect(stamp.hasTimeZone == zoned)
    }

    @Test("refuses text that is not an ISO 8601 timestamp",
          arguments: ["yesterday", "2024-13-01", "2023-02-29", "2024-12-01T25:00:00", "2024-12-01T14:30:22.",
                      "2024-12-01T14:30:22+1", "01/12/2024", "", "2024-12-01T14:30:22Zjunk"])
    func badTimestamps(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }
}

@Suite("What a Python json.dump writes (issue 11): null, integers for floats, keys left out")
struct PythonSchemaTests {
    static func manifest(_ text: String) -> SchemaParse<PackageManifest?> { PackageManifest.parse(Array(text.utf8)) }

    @Test("null in an optional field is the field left out, in every section of the manifest")
    func nullsInManifest() throws {
        let parsed = Self.manifest(
            """
            {"model_version": "20241201_143022", "deployment_timestamp": null, "package_format_version": null,
             "model_info": {"model_type": "IsolationForest", "training_id": null, "export_file": null},
             "training_info": {"training_samples": null, "feature_names": ["a", "b"], "feature_count": null,
                               "export_file_size": null, "training_duration": null, "model_parameters": null,
                               "feature_statistics": null},
             "evaluation_info": {"basic_metrics": null, "cross_validation_score": null, "feature_importance": null},
             "deployment_info": {"status": null, "deployed_at": null, "deployed_by": null},
             "files": {"model_file": "model.joblib", "scaler_file": null, "reference_sample": null},
             "file_integrity": {"model.joblib": "\(String(repeating: "a", count: 64))", "scaler.joblib": null},
             "inference_config": {"threshold": null, "anomaly_ratio": null, "score_percentile": null,
                                  "batch_size": null, "timeout_seconds": null},
             "model_artifacts": {"model_size_bytes": 10, "scaler_size_bytes": null, "total_package_size": null}}
            """)
        #expect(parsed.problems.isEmpty, "\(parsed.problems.map(\.message))")
        #expect(parsed.notes.isEmpty, "\(parsed.notes.map(\.message))")
        let m = try #require(parsed.value)
        #expect(m.files == ["model_file": "model.joblib"])
        #expect(m.fileIntegrity?.keys.sorted() == ["model.joblib"])
        #expect(m.inferenceConfig?.threshold == nil)
        #expect(m.modelArtifacts?.scalerSizeBytes == nil)
        #expect(m.trainingInfo?.featureNames == ["a", "b"])
    }

    @Test("null in a required field is still a problem, named with its path")
    func nullsInRequired() {
        let parsed = Self.manifest(#"{"model_version": null, "file_integrity": null}"#)
        #expect(Set(parsed.problems.compactMap(\.path)) == ["model_version", "file_integrity"])
        #expect(parsed.problems.map(\.message).contains("deployment_manifest.json: model_version must be a string, found null"))
        let metadata = PackageMetadata.parse(Array(#"{"model_info": null, "training_info": {}, "evaluation_info": {}}"#.utf8))
        #expect(metadata.problems.compactMap(\.path) == ["model_info"])
    }

    @Test("an integer where a float is documented is a number; an integral float where an integer is, an integer")
    func numbers() throws {
        let parsed = Self.manifest(
            """
            {"model_version": "v", "file_integrity": {},
             "inference_config": {"threshold": 1, "anomaly_ratio": 0, "score_percentile": 97.0, "batch_size": 1000.0,
                                  "timeout_seconds": 30},
             "training_info": {"training_duration": 12, "training_samples": 5000.0}}
            """)
        #expect(parsed.problems.isEmpty, "\(parsed.problems.map(\.message))")
        let c = try #require(parsed.value?.inferenceConfig)
        #expect(c.threshold == 1 && c.anomalyRatio == 0 && c.scorePercentile == 97 && c.batchSize == 1000)
        #expect(parsed.value?.trainingInfo?.trainingDuration == 12)
        #expect(parsed.value?.trainingInfo?.trainingSamples == 5000)
        // Strings are never numbers, and a fraction is not an integer.
        let wrong = Self.manifest(
            #"{"model_version": "v", "file_integrity": {}, "inference_config": {"threshold": "0.5", "batch_size": 10.5}}"#)
        #expect(Set(wrong.problems.compactMap(\.path)) == ["inference_config.threshold", "inference_config.batch_size"])
    }

    @Test("nulls in metadata.json: metrics, timestamps and names left out")
    func nullsInMetadata() throws {
        let parsed = PackageMetadata.parse(Array(
            """
            {"model_info": {"version": "v", "created_at": null, "model_type": null},
             "training_info": {"feature_names": null, "model_parameters": {"n_jobs": null}},
             "evaluation_info": {"basic_metrics": {"accuracy": 0.9, "precision": null, "recall": 1, "f1_score": null,
                                 "threshold_value": null, "anomaly_ratio": null}, "cross_validation_score": null},
             "deployment_info": null}
            """.utf8))
        #expect(parsed.problems.isEmpty, "\(parsed.problems.map(\.message))")
        let m = try #require(parsed.value)
        #expect(m.modelInfo?.createdAt == nil && m.trainingInfo?.featureNames == nil)
        #expect(m.evaluationInfo?.basicMetrics?.precision == nil && m.evaluationInfo?.basicMetrics?.recall == 1)
        #expect(m.deploymentInfo == nil)
    }

    @Test("the sample package's files.reference_sample and training_info.feature_statistics are known fields")
    func samplePackage() throws {
        let archive = try ZipArchive(
            contentsOf: Fixtures.root.appendingPathComponent("samples/wifi-anomaly/model_20260105_000000_deployment.zip"))
        let report = try PackageValidator().validate(.archive(archive), now: Date(timeIntervalSince1970: 1_767_600_000))
        #expect(!report.notes.contains { $0.code == .unknownField }, "\(report.notes.map(\.message))")
        #expect(report.errors.isEmpty, "\(report.errors.map(\.message))")
        let contents = try PackageSource.archive(archive).contents()
        let manifestBytes = try #require(contents["deployment_manifest.json"])
        let manifest = try #require(PackageManifest.parse(manifestBytes).value)
        #expect(manifest.files?["reference_sample"] == "reference_sample.csv")
        let stats = try #require(manifest.trainingInfo?.featureStatistics)
        #expect(stats.count == 17)
        #expect(stats["mean_signal_strength"]?.p50 == -60.378078078078076)
        #expect(stats["auth_failure_ratio"] == FeatureStatistics(
            mean: 0.009318261313574177, std: 0.01804646194644696, min: 0, max: 0.15384615384615385, p01: 0,
            p50: 0, p99: 0.07407407407407407))
        let metadataBytes = try #require(contents["metadata.json"])
        let metadata = try #require(PackageMetadata.parse(metadataBytes).value)
        #expect(metadata.trainingInfo?.featureStatistics?.count == 17)
    }

    @Test("a statistic that is null is absent; NaN stays NaN; an unknown statistic is a note")
    func statistics() throws {
        let parsed = PackageMetadata.parse(Array(
            """
            {"model_info": {}, "evaluation_info": {},
             "training_info": {"feature_statistics": {"a": {"mean": 1, "std": NaN, "p99": null, "p95": 3}}}}
            """.utf8))
        #expect(parsed.problems.isEmpty)
        #expect(parsed.notes.compactMap(\.path) == ["training_info.feature_statistics.a.p95"])
        let a = try #require(parsed.value?.trainingInfo?.featureStatistics?["a"])
        #expect(a.mean == 1 && a.std?.isNaN == true && a.p99 == nil)
    }
}
