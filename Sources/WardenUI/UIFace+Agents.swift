import Foundation
import HTTPTypes
import Hummingbird
import WardenApp

extension UIFace {
    /// The agents (seed 000 §5, §7): status, and the admin's "change model", start and stop.
    func addAgentRoutes<Context: RequestContext>(to router: Router<Context>) {
        page(router, "ui/agents", .readAgents) { _, _, visitor in
            let list = await app.agents.list(caller: visitor.caller)
            return UIPage(
                template: "agents", title: "Agents", section: "agents",
                data: ["agents": list.map { agentRow($0, visitor) }, "hasAgents": !list.isEmpty])
        }
        page(router, "ui/agents/:agent", .readAgents) { _, context, visitor in
            let id = try context.parameters.require("agent")
            let status = try await app.agents.status(id, caller: visitor.caller)
            let options = try await app.agents.pairingOptions(agent: id)
            let current = status.version ?? status.pairedVersion
            let history = try await app.agents.pairingHistory(agent: id).reversed().prefix(20).map {
                [
                    "at": UIFormat.date($0.at), "model": $0.model, "version": $0.version ?? "production",
                    "shadow": $0.shadowVersion ?? "—", "actor": $0.actor, "reason": $0.reason ?? "",
                ] as [String: Any]
            }
            return UIPage(
                template: "agent", title: "Agent \(id)", section: "agents",
                data: [
                    "agent": agentRow(status, visitor),
                    "options": options.map {
                        [
                            "value": $0.model + "|" + $0.version, "label": "\($0.model) \($0.version) (\($0.status))",
                            "compatible": $0.compatible, "reason": $0.reason ?? "",
                            "selected": $0.version == current,
                        ] as [String: Any]
                    },
                    "followValue": status.model + "|production",
                    "history": Array(history), "hasHistory": !history.isEmpty,
                    "anomalies": status.anomaliesByType.sorted { $0.key < $1.key }.map {
                        ["type": $0.key, "count": $0.value] as [String: Any]
                    },
                ])
        }
        page(router, "ui/agents/:agent/shadow", .readAgents) { _, context, visitor in
            let id = try context.parameters.require("agent")
            let status = try await app.agents.status(id, caller: visitor.caller)
            let report = try await app.agents.shadowReport(agent: id, from: nil, to: nil)
            let agreement = report.agreement ?? 0
            return UIPage(
                template: "shadow", title: "Shadow report of \(id)", section: "agents",
                data: [
                    "id": id, "path": "/ui/agents/\(UIForm.encode(id))", "model": status.model,
                    "serving": report.primaryVersions.isEmpty ? "—" : report.primaryVersions.joined(separator: ", "),
                    "shadow": report.shadowVersions.isEmpty
                        ? (status.shadowVersion ?? "none") : report.shadowVersions.joined(separator: ", "),
                    "hasShadow": status.shadowVersion != nil || !report.shadowVersions.isEmpty,
                    "compared": report.compared, "agreement": UIFormat.percent(report.agreement),
                    "hasAgreement": report.agreement != nil,
                    "agreeWidth": SVGChart.format(agreement * 400), "disagreeX": SVGChart.format(agreement * 400),
                    "disagreeWidth": SVGChart.format((1 - agreement) * 400),
                    "both": report.bothFlagged, "onlyPrimary": report.onlyPrimary, "onlyShadow": report.onlyShadow,
                    "differences": report.differences.map {
                        [
                            "entity": $0.entity,
                            "start": UIFormat.date(Date(timeIntervalSince1970: Double($0.windowStart) / 1_000_000)),
                            "primary": $0.primary, "shadow": $0.shadow,
                            "primaryScore": UIFormat.number($0.primaryScore, digits: 4),
                            "shadowScore": UIFormat.number($0.shadowScore, digits: 4),
                        ] as [String: Any]
                    },
                    "hasDifferences": !report.differences.isEmpty,
                ])
        }
        action(router, "ui/agents/:agent/set-model", .setAgentModel) { form, context, visitor in
            let id = try context.parameters.require("agent")
            let choice = (form["choice"] ?? "").split(separator: "|", maxSplits: 1).map(String.init)
            guard choice.count == 2, !choice[0].isEmpty, !choice[1].isEmpty else {
                throw AppError(.invalidRequest, "choose a model version from the list")
            }
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : String($0.prefix(1000)) }
            let pairing = try await app.agents.setModel(
                agent: id, model: choice[0], version: choice[1], shadowVersion: nil, caller: visitor.caller,
                reason: reason)
            return .redirect(
                "/ui/agents/\(UIForm.encode(id))",
                Flash(
                    "Agent \(id) now scores with \(pairing.model) \(pairing.version ?? "production") from its next window."
                ))
        }
        for verb in ["start", "stop"] {
            action(router, RouterPath("ui/agents/:agent/\(verb)"), .controlAgent) { form, context, _ in
                let id = try context.parameters.require("agent")
                let status = verb == "start" ? try await app.agents.start(id) : try await app.agents.stop(id)
                return .redirect(UIForm.back(form["back"]), Flash("Agent \(id) is \(status.state)."))
            }
        }
    }

    func agentRow(_ a: AgentStatus, _ visitor: Visitor) -> [String: Any] {
        [
            "id": a.id, "type": a.type, "description": a.description ?? "", "model": a.model,
            "version": a.version ?? "—", "paired": a.pairedVersion, "shadow": a.shadowVersion ?? "—",
            "state": a.state, "running": a.isRunning, "source": a.source,
            "lastRun": UIFormat.date(a.lastRun), "lastError": a.lastError ?? "", "hasError": a.lastError != nil,
            "lag": UIFormat.duration(a.lagSeconds), "events": a.events, "windows": a.windowsScored,
            "skipped": a.windowsSkipped, "late": a.eventsLate,
            "anomalyCount": a.anomaliesByType.values.reduce(0, +),
            "path": "/ui/agents/\(UIForm.encode(a.id))", "canAdmin": visitor.canAdmin,
            "startPath": "/ui/agents/\(UIForm.encode(a.id))/start",
            "stopPath": "/ui/agents/\(UIForm.encode(a.id))/stop",
        ]
    }
}
