public import DataFormats
import Foundation
public import Registry
public import Serving

/// Deploy, roll back, promote, activate, deactivate and delete versions: the registry's lifecycle rules
/// (``Lifecycle``) carried out through the serving host (load and verify first, commit, swap atomically), plus the
/// rules that need more than the registry: promotion to production needs a passing validation report unless an
/// admin forces it with a reason.
///
/// Commands whose target state already holds (deploying the version that serves, deactivating a deactivated one)
/// change nothing and say so (`changed == false`); clients can retry them safely.
public struct LifecycleService: Sendable {
    let versions: any VersionStore
    let host: ModelHost

    /// Creates the service.
    public init(versions: any VersionStore, host: ModelHost) {
        self.versions = versions
        self.host = host
    }

    /// Runs a lifecycle command.
    ///
    /// - Parameters:
    ///   - force: promote without a passing validation report (needs `reason`).
    /// - Throws: ``AppError`` `validation_required`, `invalid_request`; ``ServingError`` (`version_not_found`,
    ///   `load_failed`, registry refusals with the registry's code).
    @discardableResult
    public func perform(
        _ command: LifecycleCommand, model: String, caller: Caller, reason: String? = nil, force: Bool = false
    ) async throws -> LifecycleResult {
        if case .promote(let version) = command {
            try await checkPromotion(model: model, version: version, reason: reason, force: force)
        }
        let outcome = try await host.perform(command, model: model, actor: caller.actor, reason: reason)
        return LifecycleResult(outcome, forced: force)
    }

    /// Seed 000's `activate`: the version becomes the serving one — re-enabled first when it was deactivated or
    /// failed, then deployed unless it already serves.
    public func activateAndServe(model: String, version: String, caller: Caller, reason: String?) async throws
        -> LifecycleResult
    {
        let status = try await versions.record(model: model, version: version).status
        if status == .deactivated || status == .failed {
            try await host.perform(.activate(version), model: model, actor: caller.actor, reason: reason)
        }
        return try await perform(.deploy(version), model: model, caller: caller, reason: reason)
    }

    // MARK: Repository control (V2 load/unload)

    /// Every model the caller may see, with whether its serving version is loaded here (V2 repository index).
    public func repositoryIndex(visibleTo caller: Caller) async throws -> [RepositoryEntry] {
        var entries: [RepositoryEntry] = []
        for model in try await versions.models() where caller.covers(model: model) {
            let lifecycle = try await versions.lifecycle(model: model)
            let loaded = try? host.serving(model)
            let fallback = host.fallbacks.first { $0.model == model }
            entries.append(
                RepositoryEntry(
                    model: model, version: loaded?.version ?? lifecycle.serving, ready: loaded != nil,
                    reason: loaded != nil
                        ? nil : fallback?.reason ?? (lifecycle.serving == nil ? "no deployed version" : "unloaded")))
        }
        return entries
    }

    /// Loads a model's serving version into memory again (after ``unloadModel(_:)``).
    ///
    /// - Throws: ``ServingError`` `model_not_found`, `model_not_loaded` (nothing deployed), `load_failed`.
    @discardableResult
    public func loadModel(_ model: String) async throws -> ServingModel { try await host.load(model) }

    /// Drops a model from memory; requests for it get `model_not_loaded` until it is loaded again.
    ///
    /// - Throws: ``ServingError`` `model_not_found`.
    public func unloadModel(_ model: String) async throws {
        guard try await !versions.records(model: model).isEmpty else {
            throw ServingError(.modelNotFound, "the registry has no model '\(model)'")
        }
        host.unload(model)
    }

    /// Promotion to production needs a passing validation report; an admin may force it, with a reason.
    func checkPromotion(model: String, version: String, reason: String?, force: Bool) async throws {
        if force {
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw AppError(
                    .invalidRequest, "a forced promotion needs a reason (recorded in the deployment history)",
                    details: ["model": .string(model), "version": .string(version)])
            }
            return
        }
        let record = try await versions.record(model: model, version: version)
        if record.status == .production { return }  // already promoted: nothing to gate
        guard let report = record.validationReport, report.isValid else {
            let why =
                record.validationReport.map {
                    "its validation report fails (score \($0.score), errors: "
                        + $0.errors.map(\.code.rawValue).joined(separator: ", ") + ")"
                } ?? "it has no validation report"
            throw AppError(
                .validationRequired,
                "version '\(version)' of '\(model)' cannot be promoted to production: \(why); validate it "
                    + "(POST /api/v1/model-management/\(version)/validate) or, as an admin, force the promotion with "
                    + "a reason",
                details: ["model": .string(model), "version": .string(version)])
        }
    }
}

/// What a lifecycle command did.
public struct LifecycleResult: Sendable {
    /// The committed plan (empty changes when nothing changed).
    public var plan: LifecyclePlan
    /// The model now serving, when the command changed what serves.
    public var serving: ServingModel?
    /// Whether anything changed; false when the target state already held.
    public var changed: Bool
    /// Whether a promotion skipped the validation gate.
    public var forced: Bool

    init(_ outcome: ModelHost.Outcome, forced: Bool) {
        plan = outcome.plan
        serving = outcome.serving
        changed = !outcome.plan.isNoChange
        self.forced = forced
    }
}

/// One model of the V2 repository index.
public struct RepositoryEntry: Sendable {
    /// The model.
    public var model: String
    /// The loaded version, else the registry's serving version.
    public var version: String?
    /// Whether the serving version is loaded here.
    public var ready: Bool
    /// Why not, when it is not.
    public var reason: String?
}
