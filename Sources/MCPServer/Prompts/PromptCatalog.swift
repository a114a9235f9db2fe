import DataFormats
public import MCP
import WardenApp
import WardenViews

/// MCP's prompts: instructions for an assistant with the right reports of Warden embedded, each read for the
/// caller as the resource would be (role and key scope).
///
/// - `investigate_anomaly`: the drift report and the performance report of a version, and how to go on; given an
///   anomaly's id, its explanation too, with the reports of the version that scored it.
/// - `review_candidate_model`: a candidate's validation report, its metrics against the serving version, the
///   serving version's performance report, and the promotion rules.
public struct PromptCatalog: Sendable {
    /// Creates the catalog.
    public init() {}

    /// The prompts as the SDK declares them.
    public var prompts: [Prompt] {
        [
            Prompt(
                name: "investigate_anomaly", title: "Investigate an anomaly",
                description: "Gathers the drift report and the performance report of a version (default: the "
                    + "serving one) and asks the assistant to explain what changed and what to do. Given an "
                    + "anomaly's id, also its explanation (explain_window), and the reports are those of the "
                    + "version that scored it.",
                arguments: [
                    .init(
                        name: "anomaly",
                        description: "The id of an anomaly an agent flagged (as in list_anomalies); its model and "
                            + "version are then the ones that scored it.",
                        required: false),
                    .init(name: "model", description: "The model (default: the configured or only one).", required: false),
                    .init(name: "version", description: "The version (default: the serving one).", required: false),
                    .init(
                        name: "observation", description: "What was seen, e.g. 'many anomalies on AP-12 overnight'.",
                        required: false),
                ]),
            Prompt(
                name: "review_candidate_model", title: "Review a candidate version",
                description: "Gathers a candidate version's validation report, its metrics against the serving "
                    + "version and the serving version's performance report, and asks the assistant whether to "
                    + "promote it.",
                arguments: [
                    .init(name: "model", description: "The model (default: the configured or only one).", required: false),
                    .init(name: "version", description: "The candidate version.", required: true),
                ]),
        ]
    }

    /// A prompt's messages for a caller.
    ///
    /// - Throws: ``RPCError``: invalid params for an unknown prompt or a missing argument; Warden's errors.
    func get(_ name: String, arguments: [String: JSONValue], app: WardenServices, caller: Caller)
        async throws(RPCError) -> GetPrompt.Result
    {
        var args: [String: String] = [:]
        for (key, value) in arguments {
            guard let s = value.string else {
                throw RPCError.invalidParams("prompt argument '\(key)' must be a string")
            }
            if !s.isEmpty { args[key] = s }
        }
        do {
            switch name {
            case "investigate_anomaly": return try await investigate(args, app: app, caller: caller)
            case "review_candidate_model": return try await review(args, app: app, caller: caller)
            default:
                throw RPCError(
                    code: RPCError.invalidParamsCode, message: "Invalid params: unknown prompt '\(name.prefix(80))'",
                    data: .object(["code": "unknown_prompt", "prompts": .array(prompts.map { .string($0.name) })]))
            }
        } catch {
            throw RPCError.warden(error)
        }
    }

    private func investigate(_ args: [String: String], app: WardenServices, caller: Caller) async throws
        -> GetPrompt.Result
    {
        var explanation: JSONValue?
        let model: String
        let version: String
        if let text = args["anomaly"] {
            guard let id = Int64(text), id > 0 else {
                throw RPCError.invalidParams(
                    "investigate_anomaly's argument 'anomaly' is an anomaly id (as in list_anomalies), not "
                        + "'\(text.prefix(40))'")
            }
            let stored = try await app.perform(
                .readAnomalies, caller: caller, model: nil, target: "anomaly:\(id)",
                subject: "the MCP prompt investigate_anomaly"
            ) { try await app.anomalies.get(id, caller: caller) }
            model = stored.record.model
            version = stored.record.modelVersion
            for (name, scored) in [("model", model), ("version", version)] {
                if let asked = args[name], asked != scored {
                    throw RPCError.invalidParams(
                        "anomaly \(id) was scored by \(model) \(version); leave out '\(name)' or name that one")
                }
            }
            explanation = Views.explanation(stored)
        } else {
            model = try await app.models.resolveModel(args["model"], caller: caller)
            version = try await app.models.resolveVersion(args["version"], model: model)
        }
        let catalog = ResourceCatalog()
        let anomaly =
            explanation == nil
            ? ""
            : "The anomaly's explanation follows first (explain_window: its window, score against the threshold, "
                + "type, features and the contributors that deviate most from the training reference, as z). "
        var messages: [Prompt.Message] = [
            .user(
                .text(
                    text: """
                        Investigate an anomaly of the model '\(model)', version \(version), served by Warden.\
                        \(args["observation"].map { "\nWhat was seen: \($0)" } ?? "")
                        \(anomaly)The drift report and the performance report of that version follow. Explain \
                        what changed: \
                        which features drifted (KS p-value, Wasserstein distance against the reference), whether the \
                        score distribution or the anomaly rate moved, and whether errors or latency rose. Then say \
                        whether the anomalies look like a real change in the network or like model drift. Use \
                        list_alerts for the alert history, check_drift to check again, predict to score specific \
                        rows, and get_version for the model's features and training metrics. Do not deploy, roll \
                        back or promote unless you are asked to; those tools need a reason that goes into the \
                        audit log.
                        """))
        ]
        if let explanation {
            messages.append(
                .user(.text(text: "The anomaly, as explain_window gives it:\n" + JSONWriter.text(explanation))))
        }
        for report in [VersionReport.drift, .performance] {
            let body = try await catalog.read(report, model: model, version: version, app: app, caller: caller)
            messages.append(.user(Self.embedded(report, model: model, version: version, body)))
        }
        return GetPrompt.Result(
            description: "Investigate an anomaly of \(model) \(version)", messages: messages)
    }

    private func review(_ args: [String: String], app: WardenServices, caller: Caller) async throws
        -> GetPrompt.Result
    {
        guard let candidate = args["version"] else {
            throw RPCError.invalidParams("review_candidate_model needs the argument 'version' (the candidate)")
        }
        let model = try await app.models.resolveModel(args["model"], caller: caller)
        _ = try await app.models.resolveVersion(candidate, model: model)
        let serving = try? await app.models.resolveVersion(nil, model: model)
        let catalog = ResourceCatalog()
        var messages: [Prompt.Message] = [
            .user(
                .text(
                    text: """
                        Review version \(candidate) of the model '\(model)' as a candidate for production\
                        \(serving.map { "; version \($0) serves now" } ?? "; no version serves now").
                        Its validation report, its training metrics against the serving version and the serving \
                        version's performance report follow. Say whether it is fit to serve: does validation pass \
                        (errors block promotion; warnings need a judgment), are its metrics better or worse (and \
                        by how much), does the serving version show drift that a new version should fix? Use \
                        get_version for both versions' feature names and thresholds, and predict with version set \
                        to \(candidate) to score sample rows with it. Recommend promote_version only with a \
                        reason; a promotion without a passing validation report needs force and says why.
                        """))
        ]
        do {
            let body = try await catalog.read(.validation, model: model, version: candidate, app: app, caller: caller)
            messages.append(.user(Self.embedded(.validation, model: model, version: candidate, body)))
        } catch let error as AppError where error.code == .noValidationReport {
            messages.append(.user(.text(text: "Version \(candidate) has no stored validation report: \(error.message)")))
        }
        if let serving, serving != candidate {
            let comparison = try await app.perform(
                .readModels, caller: caller, model: model, target: "\(model)/\(serving)..\(candidate)",
                subject: "the MCP prompt review_candidate_model"
            ) { try await app.models.compare(model: model, serving, candidate) }
            messages.append(
                .user(
                    .text(
                        text: "Training metrics, a = serving \(serving), b = candidate \(candidate) "
                            + "(difference = b − a):\n" + JSONWriter.text(MCPValue.json(comparison)))))
            let body = try await catalog.read(.performance, model: model, version: serving, app: app, caller: caller)
            messages.append(.user(Self.embedded(.performance, model: model, version: serving, body)))
        }
        return GetPrompt.Result(description: "Review \(model) \(candidate) for production", messages: messages)
    }

    /// A report as an embedded resource of a prompt message.
    static func embedded(_ report: VersionReport, model: String, version: String, _ body: [String: JSONValue])
        -> Prompt.Message.Content
    {
        .resource(
            resource: .text(
                JSONWriter.text(.object(body)), uri: report.uri(model: model, version: version),
                mimeType: "application/json"))
    }
}
