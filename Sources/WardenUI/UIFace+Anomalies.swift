import Agents
import Foundation
import HTTPTypes
import Hummingbird
import Registry
import WardenApp

extension UIFace {
    /// The anomalies: a filterable, paged table, a detail page with the 17 features and the contributors as a bar
    /// chart, and acknowledge / resolve / false positive.
    func addAnomalyRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/anomalies", .readAnomalies) { request, _, visitor in
            let q = UIForm(encoded: request.uri.query.map { Substring($0) } ?? "")
            func filter(_ name: String) -> String? { q[name].flatMap { $0.isEmpty ? nil : String($0.prefix(128)) } }
            let pageNumber = max(1, Int(q["page"] ?? "") ?? 1)
            let size = 50
            let query = AnomalyQuery(
                agent: filter("agent"), entity: filter("entity"), type: filter("type"), severity: filter("severity"),
                status: filter("status"), offset: (pageNumber - 1) * size, limit: size)
            let (list, total) = try await app.anomalies.list(query, caller: visitor.caller)
            // The newest incidents under the same agent, access point and type filters: anomalies grouped.
            let (incidents, incidentTotal) = try await app.anomalies.incidents(
                IncidentQuery(agent: query.agent, entity: query.entity, type: query.type, limit: 20),
                caller: visitor.caller)
            let pages = max(1, (total + size - 1) / size)
            var base = "/ui/anomalies?"
            for name in ["agent", "entity", "type", "severity", "status"] {
                if let v = filter(name) { base += "\(name)=\(UIForm.encode(v))&" }
            }
            func options(_ all: [String], _ chosen: String?) -> [[String: Any]] {
                all.map { ["name": $0, "selected": $0 == chosen] }
            }
            return UIPage(
                template: "anomalies", title: "Anomalies", section: "anomalies",
                data: [
                    "rows": list.map { s in
                        [
                            "id": s.id, "agent": s.record.agent, "entity": s.record.entity,
                            "window": "\(s.record.windowStart)", "type": s.record.type.rawValue,
                            "severity": s.record.severity.rawValue, "status": s.record.status.rawValue,
                            "score": UIFormat.number(s.record.score), "path": "/ui/anomalies/\(s.id)",
                        ] as [String: Any]
                    },
                    "hasRows": !list.isEmpty, "total": total, "page": pageNumber, "pages": pages,
                    "incidents": incidents.map { i in
                        [
                            "id": i.row.id, "agent": i.row.agent, "entity": i.row.entity, "type": i.row.type,
                            "start": "\(Timestamp(microseconds: i.row.start))",
                            "end": "\(Timestamp(microseconds: i.row.end))", "severity": i.row.peakSeverity,
                            "windows": i.row.windowCount, "status": i.row.status,
                            "anomalies": i.row.anomalyIDs.map { ["id": $0, "path": "/ui/anomalies/\($0)"] as [String: Any] },
                        ] as [String: Any]
                    },
                    "hasIncidents": !incidents.isEmpty, "incidentTotal": incidentTotal,
                    "agent": filter("agent") ?? "", "entity": filter("entity") ?? "",
                    "types": options(AnomalyType.allCases.map(\.rawValue), filter("type")),
                    "severities": options(AnomalySeverity.allCases.map(\.rawValue), filter("severity")),
                    "statuses": options(AnomalyStatus.allCases.map(\.rawValue), filter("status")),
                    "hasPrev": pageNumber > 1, "prev": base + "page=\(pageNumber - 1)",
                    "hasNext": pageNumber < pages, "next": base + "page=\(pageNumber + 1)",
                ])
        }
        page(router, "ui/anomalies/:id", .readAnomalies) { _, context, visitor in
            let s = try await app.anomalies.get(try anomalyID(context), caller: visitor.caller)
            let r = s.record
            let known = Set(WiFiFeatures.names)
            let features =
                WiFiFeatures.names.map { ($0, r.features[$0]) }
                + r.features.keys.filter { !known.contains($0) }.sorted().map { ($0, r.features[$0]) }
            let status = r.status
            let moves = AnomalyStatus.allCases.filter { status.allowsMove(to: $0) }.map {
                ["value": $0.rawValue, "title": Self.moveTitle($0)] as [String: Any]
            }
            return UIPage(
                template: "anomaly", title: "Anomaly \(s.id)", section: "anomalies",
                data: [
                    "id": s.id, "agent": r.agent, "entity": r.entity, "window": "\(r.windowStart)",
                    "windowEnd": "\(r.windowEnd)", "events": r.eventCount, "model": r.model, "version": r.modelVersion,
                    "score": UIFormat.number(r.score, digits: 4), "threshold": UIFormat.number(r.threshold, digits: 4),
                    "type": r.type.rawValue, "severity": r.severity.rawValue,
                    "confidence": UIFormat.percent(r.confidence), "description": r.description,
                    "status": status.rawValue, "created": "\(r.createdAt)",
                    "detectedBy": r.detectedBy.source.rawValue
                        + (r.detectedBy.rules.isEmpty ? "" : " (rules: \(r.detectedBy.rules.joined(separator: ", ")))"),
                    "features": features.map {
                        ["name": $0.0, "value": $0.1.map { UIFormat.number($0, digits: 4) } ?? "—"] as [String: Any]
                    },
                    "bars": SVGChart.bars(r.contributors.map { (label: $0.feature, value: $0.z) }),
                    "chartHeight": max(22, r.contributors.count * 22), "hasContributors": !r.contributors.isEmpty,
                    "contributors": r.contributors.map {
                        [
                            "feature": $0.feature, "value": UIFormat.number($0.value, digits: 4),
                            "z": UIFormat.number($0.z, digits: 2),
                        ] as [String: Any]
                    },
                    "moves": moves, "canMove": visitor.canWrite && !moves.isEmpty,
                    "post": "/ui/anomalies/\(s.id)/status", "back": "/ui/anomalies/\(s.id)",
                ])
        }
        action(router, "ui/anomalies/:id/status", .updateAnomaly) { form, context, visitor in
            let id = try anomalyID(context)
            let status = form["status"] ?? ""
            let note = form["note"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
            let stored = try await app.anomalies.setStatus(id, to: status, note: note, caller: visitor.caller)
            return .redirect(
                "/ui/anomalies/\(id)",
                Flash("Anomaly \(id) is now \(Self.statusTitle(stored.record.status).lowercased())."))
        }
    }

    static func moveTitle(_ s: AnomalyStatus) -> String {
        switch s {
        case .open: "Reopen"
        case .acknowledged: "Acknowledge"
        case .resolved: "Resolve"
        case .falsePositive: "Mark false positive"
        }
    }

    static func statusTitle(_ s: AnomalyStatus) -> String {
        switch s {
        case .open: "Open"
        case .acknowledged: "Acknowledged"
        case .resolved: "Resolved"
        case .falsePositive: "False positive"
        }
    }

    func anomalyID<Context: RequestContext>(_ context: Context) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw AppError(.invalidRequest, "an anomaly id is a positive whole number, got '\(text.prefix(32))'")
        }
        return id
    }
}
