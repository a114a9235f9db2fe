import DataFormats
import Foundation
import Hummingbird
import ModelRuntime
import NIOCore
import Serving
import WardenApp
import Agents
import WardenViews

extension WardenServer {
    func addPredictionRoutes(to router: Router<WardenRequestContext>) {
        // Seed 003 Pattern 2, and its seed-004 spelling.
        router.post("predict") { request, _ in try await predict(request, bareArrayAllowed: false) }
        router.post("api/predict") { request, _ in try await predict(request, bareArrayAllowed: false) }
    }

    /// The body of `/predict`, `/api/predict` and `/api/v1/models/analyze`:
    /// `{"features": [{name: value}...], "missing_features"?: "reject"|"zero", "outputs"?: [...],
    /// "model"?: m, "version"?: v}` → seed 003's response. `bareArrayAllowed` also takes `[{...}, ...]`.
    func predict(_ request: Request, bareArrayAllowed: Bool) async throws -> Response {
        let start = ContinuousClock.now
        var scoredBy: ServingModel?
        do {
            return try await predictBody(request, bareArrayAllowed: bareArrayAllowed, start: start, scoredBy: &scoredBy)
        } catch {
            if let s = scoredBy {
                app.predictions.recordFailure(s, status: Int(APIError.from(error).status.code), since: start)
            }
            throw error
        }
    }

    private func predictBody(
        _ request: Request, bareArrayAllowed: Bool, start: ContinuousClock.Instant, scoredBy: inout ServingModel?
    ) async throws -> Response {
        let query = request.uri.queryParameters
        let queryModel = query["model"].map(String.init)
        let queryVersion = query["version"].map(String.init)
        // Pick the serving model first: its inference_config bounds the body's time and rows.
        let who = caller(request)
        var serving: ServingModel? = try? await app.predictions.resolve(model: queryModel, version: queryVersion, caller: who)
        let timeout = serving.map(bodyTimeout) ?? http.defaultTimeoutSeconds
        let buffer = try await RequestBody.collect(request, limit: http.maxBodyBytes, timeout: timeout)
        scoredBy = serving
        if let serving, let response = try fastPredict(buffer, serving, start: start) { return response }
        let body = try RequestBody.json(buffer)
        let rows: [JSONValue]
        var options: [String: JSONValue] = [:]
        switch body {
        case .object(let o):
            options = o
            guard let f = o["features"] else {
                throw APIError(
                    .badRequest, code: "no_features",
                    "No features provided: send {\"features\": [{feature: value, ...}, ...]}")
            }
            guard let a = f.array else {
                throw APIError(.badRequest, code: "invalid_request", "\"features\" must be an array of rows")
            }
            rows = a
        case .array(let a) where bareArrayAllowed:
            rows = a
        default:
            throw APIError(
                .badRequest, code: "invalid_request",
                "the body must be a JSON object {\"features\": [...]}" + (bareArrayAllowed ? " or an array of rows" : ""))
        }
        guard !rows.isEmpty else {
            throw APIError(.badRequest, code: "no_features", "No features provided: \"features\" is empty")
        }
        let model = options["model"]?.string ?? queryModel
        let version = options["version"]?.string ?? queryVersion
        if serving == nil || model != queryModel || version != queryVersion {
            serving = try await app.predictions.resolve(model: model, version: version, caller: who)
        }
        guard let serving else { throw APIError(.internalServerError, code: "internal_error", "no model resolved") }
        scoredBy = serving
        if bareArrayAllowed, Self.looksLikeLogEntries(rows, serving) {
            // Raw log records (seed 000's {"timestamp", "message"} or the contract's): windowed, scored, classified,
            // returned without being stored; bounded by the log ingestion limit, not the rows of a prediction.
            return try await analyzeLogs(rows, serving)
        }
        try serving.checkRows(rows.count, fallback: app.predictions.defaultMaxRows)
        let policy = try missingPolicy(options["missing_features"])
        let outputs = try PredictionOutputs(names: try Self.stringList(options["outputs"], name: "outputs"))
        let input = try FeatureInput(rows: rows, for: serving, missing: policy)
        let prediction = try app.predictions.score(input, on: serving, outputs: outputs, since: start)
        return JSONResponse.text(Views.prediction(prediction))
    }

    /// The agents' pipeline over log records given in the request.
    func analyzeLogs(_ rows: [JSONValue], _ serving: ServingModel) async throws -> Response {
        guard rows.count <= app.logs.maxRecords else {
            throw AppError(
                .invalidRequest,
                "the body holds \(rows.count) log records; send at most \(app.logs.maxRecords) (logs.max_ingest_records)")
        }
        let parsed = LogRecords.parse(objects: rows, parser: LogRecordParser())
        let result = try await app.agents.analyze(parsed, with: serving)
        return JSONResponse.make(.object([
            "model": .string(serving.model), "model_version": .string(serving.version),
            "anomalies": .array(result.anomalies.map(Views.encoded)), "anomaly_count": .int(result.anomalies.count),
            "windows": .object([
                "scored": .int(result.counters.scored), "skipped": .int(result.counters.skipped),
                "late_events": .int(result.counters.late),
            ]),
            "events": .int(result.counters.events), "malformed": .int(result.malformed.count),
            "errors": .array(result.malformed.prefix(20).map { .string($0.description) }),
        ]))
    }

    /// Objects that carry a log record's fields (seed 000's `message`/`timestamp`, or the contract's `ts` and `ap`)
    /// and none of the model's features.
    static func looksLikeLogEntries(_ rows: [JSONValue], _ serving: ServingModel) -> Bool {
        guard case .object(let first) = rows[0],
            first["message"] != nil || first["timestamp"] != nil || (first["ts"] != nil && first["ap"] != nil)
        else {
            return false
        }
        return !first.keys.contains { serving.featureIndex[$0] != nil }
    }

    /// The common, fully valid body parsed straight into a matrix (``FeatureBody``); nil sends the request down the
    /// general path, which gives the precise error or warning for anything unusual.
    func fastPredict(_ buffer: ByteBuffer, _ serving: ServingModel, start: ContinuousClock.Instant) throws -> Response? {
        guard let columns = serving.columns else { return nil }
        let maxRows = serving.maxRows(fallback: app.predictions.defaultMaxRows)
        let parsed = buffer.withUnsafeReadableBytes { raw in
            FeatureBody.parse(raw.assumingMemoryBound(to: UInt8.self), columns: columns, maxRows: maxRows)
        }
        guard let parsed, parsed.options["model"] == nil, parsed.options["version"] == nil else { return nil }
        _ = try missingPolicy(parsed.options["missing_features"])
        let outputs = try PredictionOutputs(names: try Self.stringList(parsed.options["outputs"], name: "outputs"))
        let input = try FeatureInput(matrix: parsed.matrix, for: serving)
        let prediction = try app.predictions.score(input, on: serving, outputs: outputs, since: start)
        return JSONResponse.text(Views.prediction(prediction))
    }

    func missingPolicy(_ value: JSONValue?) throws -> MissingFeaturePolicy {
        guard let value else { return app.predictions.missingFeatures }
        guard let s = value.string, let p = MissingFeaturePolicy(rawValue: s) else {
            throw APIError(
                .badRequest, code: "invalid_request", "\"missing_features\" must be \"reject\" or \"zero\"")
        }
        return p
    }

    static func stringList(_ value: JSONValue?, name: String) throws -> [String] {
        guard let value else { return [] }
        if let s = value.string { return [s] }
        guard let a = value.array, a.allSatisfy({ $0.string != nil }) else {
            throw APIError(.badRequest, code: "invalid_request", "\"\(name)\" must be a string or an array of strings")
        }
        return a.compactMap(\.string)
    }
}
