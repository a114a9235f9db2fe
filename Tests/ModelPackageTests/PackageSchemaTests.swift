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
