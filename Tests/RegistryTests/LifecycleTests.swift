import Foundation
import Registry
import Testing

@Suite("Lifecycle plans deploy, promote, rollback and status changes without I/O")
struct LifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_733_100_000)

    static func life(_ statuses: [String: VersionStatus], history: [String] = []) -> Lifecycle {
        var prev: String?
        let events = history.map { v -> DeploymentEvent in
            defer { prev = v }
            return DeploymentEvent(model: "m", from: prev, to: v, actor: "t", at: now, reason: nil, kind: .deploy)
        }
        return Lifecycle(model: "m", revision: 7, statuses: statuses, deployments: events)
    }

    @Test("deploy asks to load first, then makes the version deployed and the previous one available")
    func deploy() throws {
        let l = Self.life(["a": .deployed, "b": .imported], history: ["a"])
        let plan = try l.plan(.deploy("b"), actor: "ops", reason: "new", at: Self.now)
        #expect(plan.action == .loadAndVerify(model: "m", version: "b"))
        #expect(plan.baseRevision == 7)
        let next = try l.applying(plan)
        #expect(next.statuses == ["a": .available, "b": .deployed])
        #expect(next.deployments.last == DeploymentEvent(model: "m", from: "a", to: "b", actor: "ops", at: Self.now, reason: "new", kind: .deploy))
        #expect(next.revision == 8)
    }

    @Test("refuses to deploy a version that is deactivated or failed", arguments: [
        VersionStatus.deactivated, .failed,
    ])
    func deployRefused(_ status: VersionStatus) {
        let l = Self.life(["a": status])
        let error = #expect(throws: RegistryError.self) { _ = try l.plan(.deploy("a"), actor: "t", at: Self.now) }
        #expect(error?.code == .invalidTransition)
        #expect(error?.message.contains(status.rawValue) == true)
        #expect(error?.message.contains("deploy") == true)
    }

    @Test("a command whose target state already holds plans no change, no load and no history", arguments: [
        (VersionStatus.deployed, LifecycleCommand.deploy("a")), (.production, .deploy("a")),
        (.deployed, .rollback(to: "a")), (.production, .promote("a")), (.available, .activate("a")),
        (.imported, .activate("a")), (.deployed, .activate("a")), (.deactivated, .deactivate("a")),
    ])
    func idempotent(_ status: VersionStatus, _ command: LifecycleCommand) throws {
        let l = Self.life(["a": status, "b": .available], history: ["b"])
        let plan = try l.plan(command, actor: "t", at: Self.now)
        #expect(plan.isNoChange)
        #expect(plan.target == "a")
        #expect(plan.action == nil && plan.deployment == nil && plan.changes.isEmpty)
        #expect(try l.applying(plan) == l)
    }

    @Test("a command that changes something is never a no-change plan")
    func changingPlans() throws {
        let l = Self.life(["a": .deployed, "b": .available, "c": .deactivated], history: ["b", "a"])
        for command in [LifecycleCommand.deploy("b"), .rollback(to: nil), .promote("a"), .activate("c"), .deactivate("b")] {
            #expect(!(try l.plan(command, actor: "t", at: Self.now).isNoChange), "\(command)")
        }
    }

    @Test("promote relabels the deployed version without loading it")
    func promoteDeployed() throws {
        let l = Self.life(["a": .deployed, "b": .available])
        let plan = try l.plan(.promote("a"), actor: "t", at: Self.now)
        #expect(plan.action == nil)
        #expect(try l.applying(plan).statuses == ["a": .production, "b": .available])
    }

    @Test("promote of an available version loads it and replaces the serving one")
    func promoteAvailable() throws {
        let l = Self.life(["a": .production, "b": .available])
        let plan = try l.plan(.promote("b"), actor: "t", at: Self.now)
        #expect(plan.action == .loadAndVerify(model: "m", version: "b"))
        #expect(try l.applying(plan).statuses == ["a": .available, "b": .production])
        #expect(plan.deployment?.kind == .promote)
    }

    @Test("rollback without target skips deleted and deactivated versions in the history")
    func rollbackPrevious() throws {
        let l = Self.life(["a": .available, "c": .deactivated, "d": .deployed], history: ["a", "b", "c", "d"])
        let plan = try l.plan(.rollback(to: nil), actor: "t", at: Self.now)
        #expect(plan.target == "a")
        #expect(plan.deployment?.kind == .rollback)
        #expect(try l.applying(plan).serving == "a")
    }

    @Test("rollback without target refuses when no earlier version can serve")
    func rollbackNone() {
        let l = Self.life(["a": .deployed, "b": .failed], history: ["b", "a"])
        let error = #expect(throws: RegistryError.self) { _ = try l.plan(.rollback(to: nil), actor: "t", at: Self.now) }
        #expect(error?.code == .noPreviousVersion)
    }

    @Test("refuses to deactivate, delete or mark failed the serving version", arguments: [
        LifecycleCommand.deactivate("a"), .delete("a"), .markFailed("a", reason: "x"),
    ])
    func servingProtected(_ command: LifecycleCommand) {
        let l = Self.life(["a": .production])
        let error = #expect(throws: RegistryError.self) { _ = try l.plan(command, actor: "t", at: Self.now) }
        #expect(error?.code == .servingVersionProtected)
    }

    @Test("activate, deactivate and markFailed change only the named version")
    func statusCommands() throws {
        var l = Self.life(["a": .deployed, "b": .available])
        l = try l.applying(l.plan(.deactivate("b"), actor: "t", at: Self.now))
        #expect(l.statuses["b"] == .deactivated)
        l = try l.applying(l.plan(.activate("b"), actor: "t", at: Self.now))
        #expect(l.statuses["b"] == .available)
        let fail = try l.plan(.markFailed("b", reason: "load failed"), actor: "t", at: Self.now)
        #expect(fail.failureReason == "load failed")
        l = try l.applying(fail)
        #expect(l.statuses == ["a": .deployed, "b": .failed])
        #expect(l.deployments.isEmpty)
    }

    @Test("refuses commands on unknown versions")
    func refusals() {
        let l = Self.life(["a": .available])
        #expect(throws: RegistryError.self) { _ = try l.plan(.activate("zz"), actor: "t", at: Self.now) }
        let error = #expect(throws: RegistryError.self) { _ = try l.plan(.deploy("zz"), actor: "t", at: Self.now) }
        #expect(error?.code == .versionNotFound)
    }

    @Test("applying a plan made at another revision is a conflict")
    func conflict() throws {
        let l = Self.life(["a": .available])
        var later = l
        later.revision += 1
        let plan = try l.plan(.deploy("a"), actor: "t", at: Self.now)
        let error = #expect(throws: RegistryError.self) { _ = try later.applying(plan) }
        #expect(error?.code == .conflict)
    }
}
