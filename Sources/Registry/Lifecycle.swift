public import Foundation

/// The lifecycle rules of one model's versions, as a value: plan a command, get the changes and the action to
/// perform; no I/O. Stores commit plans atomically with an optimistic revision check.
///
/// Rules:
/// - At most one *serving* version per model: status `deployed` or `production`.
/// - `deploy(v)`: v must be `imported` or `available`. The plan carries ``LifecycleAction/loadAndVerify(model:version:)``,
///   which the caller performs *before* committing. On commit v becomes `deployed`, the previous serving version
///   becomes `available`, and a `deploy` event is appended to the deployment history.
/// - `promote(v)`: v becomes the serving version with status `production`. If v is already `deployed` it is only
///   relabelled (no load action); if v is `imported`/`available` it is loaded first like `deploy`, and the previous
///   serving version becomes `available`. A `promote` event is appended.
/// - `rollback(to: v)`: like deploy, recorded as `rollback`. `rollback(to: nil)` picks the most recent version in
///   the deployment history (newest first, by the `to` of each event) that is not the current serving version,
///   still exists and is `imported`/`available` — versions since deleted, deactivated or failed are skipped. Two
///   successive rollbacks therefore toggle between two versions.
/// - `activate(v)`: `deactivated` or `failed` → `available` (activating a failed version allows a retry, e.g. after
///   a runtime upgrade).
/// - `deactivate(v)`: `imported`/`available` → `deactivated`; refused while v is serving.
/// - `markFailed(v, reason)`: any non-serving status except `failed` → `failed`; serving unchanged; refused for
///   the serving version (a running model is not failed by a later load attempt).
/// - `delete(v)`: refused for the serving version; otherwise removes v (its history entries stay).
/// - Tags and description never change status and are not lifecycle commands.
/// - Commands whose target state already holds change nothing and are not refused, so clients can retry them:
///   `deploy(v)` and `rollback(to: v)` when v already serves (deployed or production), `promote(v)` when v is
///   `production`, `activate(v)` when v is `imported`, `available` or serving, `deactivate(v)` when v is
///   `deactivated`. Their plans are empty (``LifecyclePlan/isNoChange``): nothing to load, commit or record.
///
/// Every refusal throws a ``RegistryError``: `version_not_found`, `invalid_transition` (naming the current status
/// and the command), `serving_version_protected` or `no_previous_version`.
///
/// ```swift
/// let plan = try lifecycle.plan(.deploy("20241201_143022"), actor: "ops", reason: "weekly model", at: now)
/// // perform plan.action (load and verify), then: try await store.commit(plan)
/// ```
public struct Lifecycle: Sendable, Equatable {
    /// The model.
    public var model: String
    /// Increases with every committed change to the model's versions (insert, status change, removal).
    public var revision: Int
    /// Every version's status.
    public var statuses: [String: VersionStatus]
    /// The model's deployment history, oldest first.
    public var deployments: [DeploymentEvent]

    /// Creates a lifecycle snapshot.
    public init(model: String, revision: Int, statuses: [String: VersionStatus], deployments: [DeploymentEvent]) {
        self.model = model
        self.revision = revision
        self.statuses = statuses
        self.deployments = deployments
    }

    /// The serving version, if any.
    public var serving: String? {
        statuses.first { $0.value.isServing }?.key
    }

    /// Plans a command.
    ///
    /// - Parameters:
    ///   - command: what to do.
    ///   - actor: who asks (recorded in the deployment history).
    ///   - reason: why (recorded in the deployment history).
    ///   - at: the time recorded.
    /// - Returns: the changes to commit and the action to perform first.
    /// - Throws: `version_not_found`, `invalid_transition`, `serving_version_protected`, `no_previous_version`.
    public func plan(
        _ command: LifecycleCommand, actor: String, reason: String? = nil, at: Date
    ) throws(RegistryError) -> LifecyclePlan {
        let current = serving
        var plan = LifecyclePlan(
            model: model, baseRevision: revision, command: command, target: "", changes: [], deletion: nil,
            deployment: nil, failureReason: nil, action: nil)

        func status(_ v: String) throws(RegistryError) -> VersionStatus {
            guard let s = statuses[v] else { throw RegistryError.notFound(model, v) }
            return s
        }
        func makeServing(_ v: String, as new: VersionStatus, kind: DeploymentEvent.Kind) {
            plan.changes.append(StatusChange(version: v, from: statuses[v] ?? .imported, to: new))
            if let current, current != v {
                plan.changes.append(StatusChange(version: current, from: statuses[current] ?? .deployed, to: .available))
            }
            plan.deployment = DeploymentEvent(
                model: model, from: current, to: v, actor: actor, at: at, reason: reason, kind: kind)
        }
        func requireDeployable(_ v: String, _ s: VersionStatus, _ name: String) throws(RegistryError) {
            guard s.isDeployable else {
                throw RegistryError.invalidTransition(model, v, status: s, command: name, allowed: "imported or available")
            }
        }

        func unchanged(_ v: String) -> LifecyclePlan {
            var p = plan
            p.target = v
            return p
        }

        switch command {
        case .deploy(let v):
            let s = try status(v)
            if s.isServing { return unchanged(v) }
            try requireDeployable(v, s, "deploy")
            plan.target = v
            plan.action = .loadAndVerify(model: model, version: v)
            makeServing(v, as: .deployed, kind: .deploy)
        case .promote(let v):
            let s = try status(v)
            if s == .production { return unchanged(v) }
            plan.target = v
            if s == .deployed {
                plan.changes = [StatusChange(version: v, from: .deployed, to: .production)]
                plan.deployment = DeploymentEvent(
                    model: model, from: v, to: v, actor: actor, at: at, reason: reason, kind: .promote)
            } else {
                guard s.isDeployable else {
                    throw RegistryError.invalidTransition(
                        model, v, status: s, command: "promote", allowed: "imported, available or deployed")
                }
                plan.action = .loadAndVerify(model: model, version: v)
                makeServing(v, as: .production, kind: .promote)
            }
        case .rollback(let target):
            let v: String
            if let target {
                v = target
                let s = try status(v)
                if s.isServing { return unchanged(v) }
                try requireDeployable(v, s, "rollback")
            } else {
                guard let found = previousServing(current: current) else {
                    throw RegistryError(
                        .noPreviousVersion,
                        "model '\(model)' has no earlier serving version that still exists and is imported or "
                            + "available; name the version to roll back to",
                        model: model)
                }
                v = found
            }
            plan.target = v
            plan.action = .loadAndVerify(model: model, version: v)
            makeServing(v, as: .deployed, kind: .rollback)
        case .activate(let v):
            let s = try status(v)
            if s.isDeployable || s.isServing { return unchanged(v) }
            guard s == .deactivated || s == .failed else {
                throw RegistryError.invalidTransition(model, v, status: s, command: "activate", allowed: "deactivated or failed")
            }
            plan.target = v
            plan.changes = [StatusChange(version: v, from: s, to: .available)]
        case .deactivate(let v):
            let s = try status(v)
            if s == .deactivated { return unchanged(v) }
            if s.isServing { throw servingProtected(v, "deactivate") }
            try requireDeployable(v, s, "deactivate")
            plan.target = v
            plan.changes = [StatusChange(version: v, from: s, to: .deactivated)]
        case .markFailed(let v, let why):
            let s = try status(v)
            if s.isServing { throw servingProtected(v, "mark failed") }
            guard s != .failed else {
                throw RegistryError.invalidTransition(
                    model, v, status: s, command: "mark failed", allowed: "imported, available or deactivated")
            }
            plan.target = v
            plan.changes = [StatusChange(version: v, from: s, to: .failed)]
            plan.failureReason = why
        case .delete(let v):
            let s = try status(v)
            if s.isServing { throw servingProtected(v, "delete") }
            plan.target = v
            plan.deletion = v
        }
        return plan
    }

    /// The lifecycle after committing a plan; unchanged for a plan that changes nothing.
    ///
    /// - Throws: `conflict` when the plan was made at another revision or for another model.
    public func applying(_ plan: LifecyclePlan) throws(RegistryError) -> Lifecycle {
        if plan.isNoChange, plan.model == model { return self }
        guard plan.model == model, plan.baseRevision == revision else {
            throw RegistryError(
                .conflict,
                "the \(plan.command.name) plan for model '\(plan.model)' was made at revision \(plan.baseRevision) "
                    + "but the model is at revision \(revision); plan the command again",
                model: plan.model, version: plan.target)
        }
        var next = self
        for change in plan.changes { next.statuses[change.version] = change.to }
        if let v = plan.deletion { next.statuses[v] = nil }
        if let event = plan.deployment { next.deployments.append(event) }
        next.revision += 1
        return next
    }

    /// The version `rollback(to: nil)` would pick.
    public func previousServing(current: String?) -> String? {
        for event in deployments.reversed() {
            let v = event.to
            if v == current { continue }
            if let s = statuses[v], s.isDeployable { return v }
        }
        return nil
    }

    private func servingProtected(_ v: String, _ command: String) -> RegistryError {
        RegistryError(
            .servingVersionProtected,
            "cannot \(command) version '\(v)' of model '\(model)' while it is serving; deploy or roll back to "
                + "another version first",
            model: model, version: v)
    }
}
