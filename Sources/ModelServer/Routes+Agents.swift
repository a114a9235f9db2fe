import Agents
import DataFormats
import Foundation
import Hummingbird
import Registry
import WardenApp
import WardenViews

extension WardenServer {
    /// The agents (seed 000 §2–§4), their anomalies, and log ingestion into the embedded source.
    func addAgentRoutes(to router: Router<WardenRequestContext>) {
        let agents = router.group("api/v1/agents")
        agents.get { request, _ in
            let list = await app.agents.list(caller: caller(request))
            return JSONResponse.make(.object(["agents": .array(list.map(Views.agent)), "count": .int(list.count)]))
        }
        agents.get(":agent") { request, context in
            JSONResponse.make(Views.agent(try await app.agents.status(try context.parameters.require("agent"), caller: caller(request))))
        }
        agents.post(":agent/start") { _, context in
            JSONResponse.make(Views.agent(try await app.agents.start(try context.parameters.require("agent"))))
        }
        agents.post(":agent/stop") { _, context in
            JSONResponse.make(Views.agent(try await app.agents.stop(try context.parameters.require("agent"))))
        }
        agents.post(":agent/set-model") { request, context in
            // Seed 000's "API: Set Model": {"model": ..., "version": ..., "shadow_version"?: ..., "reason"?: ...}.
            let body = try await RequestBody.optionalJSON(request, limit: 64 * 1024)
            guard body == nil || body?.object != nil else {
                throw AppError(.invalidRequest, "send {\"model\": \"...\", \"version\": \"...\"}")
            }
            let pairing = try await app.agents.setModel(
                agent: try context.parameters.require("agent"), model: body?["model"]?.string,
                version: body?["version"]?.string, shadowVersion: body?["shadow_version"]?.string,
                caller: caller(request), reason: body?["reason"]?.string)
            return JSONResponse.make(Views.pairing(pairing))
        }
        agents.get(":agent/models") { _, context in
            let options = try await app.agents.pairingOptions(agent: try context.parameters.require("agent"))
            return JSONResponse.make(.object(["options": .array(options.map(Views.encoded))]))
        }
        agents.get(":agent/history") { _, context in
            let history = try await app.agents.pairingHistory(agent: try context.parameters.require("agent"))
            return JSONResponse.make(.object(["pairings": .array(history.map(Views.encoded))]))
        }
        agents.get(":agent/shadow-report") { request, context in
            let q = request.uri.queryParameters
            let report = try await app.agents.shadowReport(
                agent: try context.parameters.require("agent"), from: try Self.time(q["from"], "from"),
                to: try Self.time(q["to"], "to"))
            return JSONResponse.make(Views.encoded(report))
        }

        let anomalies = router.group("api/v1/anomalies")
        anomalies.get { request, _ in
            let q = request.uri.queryParameters
            let query = AnomalyQuery(
                agent: q["agent"].map(String.init), entity: (q["entity"] ?? q["ap"]).map(String.init),
                type: q["type"].map(String.init), severity: q["severity"].map(String.init),
                status: q["status"].map(String.init), from: try Self.time(q["from"], "from"),
                to: try Self.time(q["to"], "to"), offset: try Self.intParameter(q["offset"], name: "offset") ?? 0,
                limit: try Self.intParameter(q["limit"], name: "limit") ?? 100)
            let (list, total) = try await app.anomalies.list(query, caller: caller(request))
            return JSONResponse.make(.object([
                "anomalies": .array(list.map(Views.anomaly)), "count": .int(list.count), "total": .int(total),
                "offset": .int(query.offset),
            ]))
        }
        anomalies.get(":id") { request, context in
            JSONResponse.make(Views.anomaly(try await app.anomalies.get(try Self.anomalyID(context), caller: caller(request))))
        }
        anomalies.post(":id/status") { request, context in
            let body = try await RequestBody.optionalJSON(request, limit: 64 * 1024)
            guard let status = body?["status"]?.string else {
                throw AppError(
                    .invalidRequest,
                    "send {\"status\": \"acknowledged|resolved|false_positive\", \"note\"?: \"...\"}")
            }
            let stored = try await app.anomalies.setStatus(
                try Self.anomalyID(context), to: status, note: body?["note"]?.string, caller: caller(request))
            return JSONResponse.make(Views.anomaly(stored))
        }

        let incidents = router.group("api/v1/incidents")
        incidents.get { request, _ in
            let q = request.uri.queryParameters
            let query = IncidentQuery(
                agent: q["agent"].map(String.init), entity: (q["ap"] ?? q["entity"]).map(String.init),
                type: q["type"].map(String.init), minSeverity: q["severity"].map(String.init),
                status: q["status"].map(String.init), from: try Self.time(q["from"], "from"),
                to: try Self.time(q["to"], "to"), offset: try Self.intParameter(q["offset"], name: "offset") ?? 0,
                limit: try Self.intParameter(q["limit"], name: "limit") ?? 100)
            let (list, total) = try await app.anomalies.incidents(query, caller: caller(request))
            return JSONResponse.make(.object([
                "incidents": .array(list.map { Views.incident($0) }), "count": .int(list.count),
                "total": .int(total), "offset": .int(query.offset),
            ]))
        }
        incidents.get(":id") { request, context in
            let id = try Self.positiveID(context, "an incident id")
            return JSONResponse.make(
                Views.incident(try await app.anomalies.incident(id, caller: caller(request)), withAnomalies: true))
        }

        router.post("api/v1/logs") { request, _ in
            // A JSON array of records, JSON lines, or CSV with a header (by Content-Type, else by the first byte).
            let buffer = try await RequestBody.collect(request, limit: app.logs.maxBytes, timeout: 120)
            let type = (request.headers[.contentType] ?? "").lowercased()
            let format: LogRecords.Format =
                type.hasPrefix("text/csv") ? .csv
                : type.hasPrefix("application/x-ndjson") || type.hasPrefix("application/jsonl") ? .jsonLines
                : type.hasPrefix("application/json") ? .auto : .auto
            let result = try await app.logs.ingest(Array(buffer.readableBytesView), format: format)
            return JSONResponse.make(Views.encoded(result), status: result.accepted > 0 ? .accepted : .ok)
        }
    }

    static func anomalyID(_ context: WardenRequestContext) throws -> Int64 {
        try positiveID(context, "an anomaly id")
    }

    /// The `id` path parameter as a positive whole number.
    static func positiveID(_ context: WardenRequestContext, _ what: String) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw AppError(.invalidRequest, "\(what) is a positive whole number, got '\(text.prefix(32))'")
        }
        return id
    }

    /// An ISO 8601 time in a query, as µs since the epoch.
    static func time(_ text: Substring?, _ name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let t = Timestamp(iso8601: text) else {
            throw AppError(.invalidRequest, "\(name) must be an ISO 8601 time such as 2026-01-05T10:00:00Z, got '\(text.prefix(40))'")
        }
        return t.microseconds
    }
}
