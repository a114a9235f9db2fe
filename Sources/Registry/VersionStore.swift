public import Foundation

/// Where the registry keeps versions, their lifecycle (statuses, deployment history, revision) and artifact
/// references. Implemented by ``InMemoryRegistryStore`` here and by the SQLite and PostgreSQL stores in their own
/// modules; one conformance suite (TestSupport's `RegistryConformance`) runs against every implementation.
///
/// Every operation is atomic. Lifecycle changes go through ``Lifecycle``: read ``lifecycle(model:)``, plan, perform
/// the plan's action, then ``commit(_:)``, which fails with `conflict` when the model changed in between.
///
/// ```swift
/// let plan = try await store.lifecycle(model: "m").plan(.deploy("1.2.0"), actor: "ops", at: .now)
/// try await load(plan.target)             // the plan's action
/// try await store.commit(plan)
/// ```
public protocol VersionStore: Sendable {
    /// Registers a new version and its artifacts, and bumps the model's revision.
    ///
    /// - Throws: `duplicate_version`, `invalid_model_name`, `invalid_version`, `invalid_record`.
    func insert(_ record: VersionRecord) async throws(RegistryError)

    /// One version.
    ///
    /// - Throws: `version_not_found`.
    func record(model: String, version: String) async throws(RegistryError) -> VersionRecord

    /// A model's versions ordered oldest first by ``VersionOrder``; empty for an unknown model.
    func records(model: String) async throws(RegistryError) -> [VersionRecord]

    /// The names of all models with at least one version, sorted.
    func models() async throws(RegistryError) -> [String]

    /// A snapshot of a model's statuses, deployment history and revision (revision 0 for an unknown model).
    func lifecycle(model: String) async throws(RegistryError) -> Lifecycle

    /// Applies a plan atomically: status changes, failure reason, deletion and deployment event together.
    ///
    /// - Returns: the model's new revision.
    /// - Throws: `conflict` when the model's revision is no longer the plan's base revision.
    @discardableResult
    func commit(_ plan: LifecyclePlan) async throws(RegistryError) -> Int

    /// Replaces a version's tags (duplicates dropped, order kept). Never changes status or revision.
    ///
    /// - Throws: `version_not_found`.
    func setTags(_ tags: [String], model: String, version: String) async throws(RegistryError)

    /// Replaces a version's description. Never changes status or revision.
    ///
    /// - Throws: `version_not_found`.
    func setDescription(_ description: String?, model: String, version: String) async throws(RegistryError)

    /// The deployment history, oldest first; all models when `model` is nil.
    func deploymentHistory(model: String?) async throws(RegistryError) -> [DeploymentEvent]

    /// The SHA256 digests every file of every version of every model points at: what start-up recovery and garbage
    /// collection must keep. Stores answer from their file index without building records, so it stays cheap over
    /// many versions; the default implementation (for wrappers and test doubles) reads every record.
    func referencedDigests() async throws(RegistryError) -> Set<String>

    /// Artifacts the store knows of that no version references any more, sorted by digest: candidates for the file
    /// layer's garbage collection.
    func unreferencedArtifacts() async throws(RegistryError) -> [Artifact]

    /// Forgets artifacts after the file layer deleted their blobs. Digests still referenced are kept.
    ///
    /// - Returns: the digests forgotten.
    @discardableResult
    func forgetArtifacts(_ sha256: [String]) async throws(RegistryError) -> [String]

    /// Removes the versions ``Retention/versionsToRemove(records:history:policy:now:)`` picks, atomically, and
    /// bumps the revision when any was removed.
    ///
    /// - Returns: the removed versions, oldest first.
    @discardableResult
    func applyRetention(model: String, policy: RetentionPolicy, now: Date) async throws(RegistryError) -> [String]

    /// One page of a model's versions as summaries, newest first (the reverse of ``records(model:)``'s order):
    /// what tables and listings show, without validation reports, manifests or file lists. `limit` nil returns
    /// every version from `offset` on.
    ///
    /// - Throws: `invalid_record` for a negative offset or a limit below 1; `storage_error`.
    func summaries(model: String, offset: Int, limit: Int?) async throws(RegistryError) -> VersionPage
}

extension VersionStore {
    /// The default: every version's files, read through ``models()`` and ``records(model:)``. Correct for any
    /// store, but it reads every full record; stores should answer from their file index instead.
    public func referencedDigests() async throws(RegistryError) -> Set<String> {
        var used = Set<String>()
        for model in try await models() {
            for record in try await records(model: model) { used.formUnion(record.files.lazy.map(\.sha256)) }
        }
        return used
    }

    /// The default: summaries built from full records. Correct for any store; stores should answer from a summary
    /// query instead.
    public func summaries(model: String, offset: Int, limit: Int?) async throws(RegistryError) -> VersionPage {
        try VersionPage.check(offset: offset, limit: limit)
        let all = try await records(model: model)
        let newestFirst = all.reversed().dropFirst(offset)
        let page = limit.map { Array(newestFirst.prefix($0)) } ?? Array(newestFirst)
        return VersionPage(model: model, versions: page.map(VersionSummary.init), offset: offset, total: all.count)
    }

    /// Two versions' metrics side by side.
    ///
    /// - Throws: `version_not_found`.
    public func compare(model: String, _ a: String, _ b: String) async throws(RegistryError) -> VersionComparison {
        VersionComparison(try await record(model: model, version: a), try await record(model: model, version: b))
    }
}
