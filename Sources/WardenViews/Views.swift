public import DataFormats
public import Foundation
public import Registry
public import Serving
public import WardenApp

/// JSON views of registry records, loaded models and the application's results: one shape per value, whichever
/// face shows it (the JSON API's seed-000, seed-002 and seed-004 routes, MCP's tools and resources).
public enum Views {
    /// A time as ISO 8601 with fractional seconds (`2024-12-01T14:30:22.000Z`).
    public static func date(_ d: Date) -> JSONValue {
        .string(d.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(
            separator: .omitted)))
    }

    /// A string, or null.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    /// A number, or null.
    public static func optional(_ d: Double?) -> JSONValue { d.map(JSONValue.double) ?? .null }
    /// A whole number, or null.
    public static func optional(_ i: Int?) -> JSONValue { i.map(JSONValue.int) ?? .null }

    /// JSON text parsed into a value; nil text → null. Numbers come back as doubles (see ``doubles(_:)``).
    public static func json(_ text: String?) -> JSONValue {
        guard let text, let v = try? JSONValue.parse(text.utf8) else { return .null }
        return doubles(v)
    }

    /// Every number as a double: stored and encoded JSON has always been rendered so (`1000` as `1000.0`), and the
    /// API keeps that shape.
    public static func doubles(_ v: JSONValue) -> JSONValue {
        switch v {
        case .int(let i): .double(Double(i))
        case .array(let a): .array(a.map(doubles))
        case .object(let o): .object(o.mapValues(doubles))
        default: v
        }
    }

    /// Any Encodable through Foundation's encoder (management endpoints only; not on hot paths).
    public static func encoded(_ value: some Encodable) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value), let v = try? JSONValue.parse(data) else { return .null }
        return doubles(v)
    }

    /// A version's `inference_config`.
    public static func inferenceConfig(_ c: InferenceConfig) -> JSONValue {
        .object([
            "threshold": optional(c.threshold), "anomaly_ratio": optional(c.anomalyRatio),
            "score_percentile": optional(c.scorePercentile), "batch_size": optional(c.batchSize),
            "timeout_seconds": optional(c.timeoutSeconds),
        ])
    }

    /// What the views show of metadata.json, parsed once per record.
    public struct Metadata {
        /// metadata.json as a value (null when absent or unreadable).
        public var document: JSONValue
        /// evaluation_info.basic_metrics, the seed's "metrics" (empty when absent).
        public var metrics: JSONValue
        /// model_info.created_at, else the import time.
        public var createdAt: JSONValue

        /// Reads the record's metadata.
        public init(_ r: VersionRecord) {
            document = Views.json(r.metadataJSON)
            metrics = .object([:])
            createdAt = Views.date(r.importedAt)
            guard case .object(let m) = document else { return }
            if case .object(let e)? = m["evaluation_info"], let b = e["basic_metrics"] { metrics = b }
            if case .object(let i)? = m["model_info"], case .string(let c)? = i["created_at"] { createdAt = .string(c) }
        }
    }

    /// The size of the model file, else of all files.
    public static func fileSize(_ r: VersionRecord) -> Int {
        r.files.first { $0.name == "model.joblib" }?.size ?? r.files.reduce(0) { $0 + $1.size }
    }

    /// The summary of a version used in lists.
    public static func version(_ s: VersionSummary) -> [String: JSONValue] {
        [
            "model": .string(s.model), "version": .string(s.version), "status": .string(s.status.rawValue),
            "is_serving": .bool(s.status.isServing), "created_at": s.createdAt.map(JSONValue.string) ?? date(s.importedAt),
            "imported_at": date(s.importedAt), "description": optional(s.description),
            "tags": .array(s.tags.map(JSONValue.string)), "file_size": .int(s.fileSize), "metrics": doubles(s.metrics),
            "failure_reason": optional(s.failureReason), "import_source": .string(s.importSource),
            "validation": s.validation.map { .object(["valid": .bool($0.valid), "score": .double($0.score)]) } ?? .null,
        ]
    }

    /// Everything known of a version: the summary plus metadata, manifest, files and the validation report.
    public static func versionDetail(_ r: VersionRecord) -> [String: JSONValue] {
        let metadata = Metadata(r)
        var v = version(VersionSummary(r))
        v["metadata"] = metadata.document
        v["manifest"] = json(r.manifestJSON)
        v["inference_config"] = inferenceConfig(r.inferenceConfig)
        v["files"] = .array(r.files.map { .object(["name": .string($0.name), "sha256": .string($0.sha256), "size": .int($0.size)]) })
        v["validation_report"] = r.validationReport.map(encoded) ?? .null
        return v
    }

    /// A loaded model as it serves.
    public static func serving(_ s: ServingModel) -> [String: JSONValue] {
        [
            "model": .string(s.model), "version": .string(s.version), "status": .string(s.record.status.rawValue),
            "estimator": .string(s.estimatorClass), "n_features": .int(s.nFeatures),
            "feature_names": s.featureNames.map { .array($0.map(JSONValue.string)) } ?? .null,
            "threshold": .double(s.threshold), "threshold_source": .string(s.thresholdSource.rawValue),
            "sklearn_version": optional(s.sklearnVersion), "loaded_at": date(s.loadedAt),
            "inference_config": inferenceConfig(s.record.inferenceConfig),
            "supports_predict_proba": .bool(s.supportsProbability),
        ]
    }

    /// The outcome of a lifecycle command; `changed` is false when the target state already held.
    public static func outcome(_ o: LifecycleResult) -> JSONValue {
        var v: [String: JSONValue] = [
            "success": true, "model": .string(o.plan.model), "version": .string(o.plan.target),
            "command": .string(o.plan.command.name), "changed": .bool(o.changed),
            "changes": .array(o.plan.changes.map {
                .object(["version": .string($0.version), "from": .string($0.from.rawValue), "to": .string($0.to.rawValue)])
            }),
        ]
        if let d = o.plan.deployment {
            v["previous_version"] = optional(d.from)
            v["serving_version"] = .string(d.to)
        }
        if !o.changed { v["message"] = .string("version '\(o.plan.target)' is already in the requested state; nothing changed") }
        if let s = o.serving { v["serving"] = .object(serving(s)) }
        return .object(v)
    }

    /// A version checked now.
    public static func validation(_ c: ValidationCheck) -> JSONValue {
        var load: [String: JSONValue] = ["ok": .bool(c.load.ok)]
        if let e = c.load.error { load["error"] = .string(e) }
        if let e = c.load.estimator { load["estimator"] = .string(e) }
        if let n = c.load.nFeatures { load["n_features"] = .int(n) }
        if let t = c.load.threshold { load["threshold"] = .double(t) }
        return .object([
            "model": .string(c.model), "version": .string(c.version), "valid": .bool(c.isValid),
            "load_check": .object(load), "quality_score": c.report.map { .double($0.score) } ?? .null,
            "errors": .array((c.report?.errors ?? []).map(encoded)),
            "warnings": .array((c.report?.warnings ?? []).map(encoded)),
            "recommendations": .array((c.report?.recommendations ?? []).map(encoded)),
        ])
    }

    /// Whether a version can replace the serving one.
    public static func compatibility(_ c: Compatibility) -> JSONValue {
        guard let current = c.currentVersion else {
            return .object([
                "model": .string(c.model), "version": .string(c.version), "compatible": true,
                "current_version": .null, "issues": .array([]),
                "note": "no version is serving; nothing to be compatible with",
            ])
        }
        return .object([
            "model": .string(c.model), "version": .string(c.version), "current_version": .string(current),
            "compatible": .bool(c.isCompatible), "issues": .array(c.issues.map(JSONValue.string)),
            "notes": .array(c.notes.map(JSONValue.string)),
        ])
    }
}
