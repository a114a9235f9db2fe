import Foundation
import ModelPackage
public import Registry

/// The behaviour every ``RegistryStore`` must show. Each check gets a fresh, empty store from the caller's factory
/// and throws ``RegistryConformance/Failure`` when the store misbehaves; a test target runs
/// `RegistryConformance.checks` as an `arguments:` table against its store.
public enum RegistryConformance {
    /// One behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public var description: String
        let body: @Sendable (any RegistryStore) async throws -> Void

        /// Runs the check against a fresh store.
        public func run(_ store: any RegistryStore) async throws { try await body(store) }
    }

    /// A store that does not behave as required.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// A record with two files; digests derive from `seed`.
    public static func record(
        _ version: String, model: String = "m", seed: Character = "a", at seconds: Double = 0, status: VersionStatus = .imported
    ) -> VersionRecord {
        VersionRecord(
            model: model, version: version, status: status,
            metadataJSON: #"{"evaluation_info":{"basic_metrics":{"f1_score":0.5}}}"#,
            inferenceConfig: InferenceConfig(threshold: 0.6, batchSize: 100),
            files: [
                ArtifactReference(name: "model.joblib", sha256: String(repeating: seed, count: 64), size: 10),
                ArtifactReference(name: "scaler.joblib", sha256: String(repeating: "f", count: 64), size: 5),
            ],
            tags: ["stable"], description: "d", importSource: "/srv/training/\(version)",
            importedAt: Date(timeIntervalSince1970: 1_733_000_000 + seconds))
    }

    /// A validation report with every kind of field: issues, summaries, files, trial scores.
    static func sampleReport() throws -> ValidationReport {
        let json = #"""
            {"is_valid":false,"score":0.85000000000000009,"layout":"nested_zip","model_version":"20241201_143022",
             "model_age_days":3,
             "errors":[{"code":"corrupt_model","message":"scaler.joblib: bad \"opcode\" 0x8f","file":"scaler.joblib"}],
             "warnings":[{"code":"missing_optional_file","message":"no README.md","path":"files.\"README.md\""}],
             "recommendations":[],"notes":[{"code":"unlisted_file","message":"caf\u00e9/notes.txt is not listed"}],
             "model":{"class_name":"IsolationForest","final_class_name":"IsolationForest","n_features_in":4,
                      "feature_names":["cpu","mem","io","net"],"sklearn_version":"1.9.1","compression":"none",
                      "n_estimators":200},
             "files":[{"name":"model.joblib","size":1760000,"sha256":"\#(String(repeating: "a", count: 64))",
                       "expected_sha256":"\#(String(repeating: "a", count: 64))"}],
             "trial_inference":{"rows":3,"row_kinds":["zeros","scaler means","ones"],
                                "scores":[0.41234567890123456,-1.5e-300,1.7976931348623157e308],
                                "predictions":[0,1,0],"score_min":-1.5e-300,"score_max":1.7976931348623157e308,
                                "scaled":true}}
            """#
        return try JSONDecoder().decode(ValidationReport.self, from: Data(json.utf8))
    }

    static func check(_ condition: Bool, _ message: String) throws {
        if !condition { throw Failure(description: message) }
    }

    static func refuses(_ code: RegistryError.Code, _ what: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as RegistryError {
            try check(error.code == code, "\(what): expected \(code.rawValue), got \(error.code.rawValue)")
            return
        }
        throw Failure(description: "\(what): expected \(code.rawValue), nothing was thrown")
    }

    static func run(
        _ store: any RegistryStore, _ model: String, _ command: LifecycleCommand
    ) async throws -> LifecyclePlan {
        let plan = try await store.lifecycle(model: model).plan(command, actor: "t", reason: "r", at: Date(timeIntervalSince1970: 1_733_100_000))
        try await store.commit(plan)
        return plan
    }

    /// Every check.
    public static let checks: [Check] = [
        Check(description: "stores and returns a record unchanged") { store in
            let r = record("20241201_143022")
            try await store.insert(r)
            let back = try await store.record(model: "m", version: "20241201_143022")
            try check(back == r, "record round trip changed the record: \(back)")
            try check(try await store.models() == ["m"], "models() should list m")
        },
        Check(description: "refuses a duplicate version") { store in
            try await store.insert(record("1.0.0"))
            try await refuses(.duplicateVersion, "second insert") { try await store.insert(record("1.0.0")) }
        },
        Check(description: "refuses an invalid version, model name or digest") { store in
            try await refuses(.invalidVersion, "bad version") { try await store.insert(record("../x")) }
            try await refuses(.invalidModelName, "bad model") { try await store.insert(record("1.0.0", model: "a/b")) }
            var r = record("1.0.0")
            r.files[0].sha256 = "abc123"
            try await refuses(.invalidRecord, "bad digest") { try await store.insert(r) }
        },
        Check(description: "reports a missing version as version_not_found") { store in
            try await refuses(.versionNotFound, "record") { _ = try await store.record(model: "m", version: "1.0.0") }
            try await refuses(.versionNotFound, "tags") { try await store.setTags([], model: "m", version: "1.0.0") }
        },
        Check(description: "summaries: newest first, paged, equal to the summaries of the full records") { store in
            for (i, v) in ["1.0.0", "1.2.0", "1.10.0", "2.0.0", "1.9.0"].enumerated() {
                var r = record(v, at: Double(i))
                r.tags = i.isMultiple(of: 2) ? ["a", "b"] : []
                r.metadataJSON = #"{"model_info":{"created_at":"2024-12-0\#(i + 1)T10:00:00"},"evaluation_info":"#
                    + #"{"basic_metrics":{"f1_score":0.\#(i + 1),"support":1000}}}"#
                if i == 1 { r.validationReport = try sampleReport() }
                try await store.insert(r)
            }
            let expected = try await store.records(model: "m").reversed().map(VersionSummary.init)
            let all = try await store.summaries(model: "m", offset: 0, limit: nil)
            try check(all.versions == expected, "summaries \(all.versions.map(\.version))")
            try check(all.total == 5 && all.offset == 0, "total \(all.total)")
            try check(all.versions.map(\.version) == ["2.0.0", "1.10.0", "1.9.0", "1.2.0", "1.0.0"], "SemVer order")
            try check(all.versions[3].validation?.valid == false, "the verdict of the report")
            try check(all.versions[0].createdAt == "2024-12-04T10:00:00", "created_at from metadata")
            let page = try await store.summaries(model: "m", offset: 1, limit: 2)
            try check(page.versions == Array(expected[1...2]) && page.total == 5, "page \(page.versions.map(\.version))")
            let past = try await store.summaries(model: "m", offset: 9, limit: 2)
            try check(past.versions.isEmpty && past.total == 5, "a page past the end is empty")
            let none = try await store.summaries(model: "nope", offset: 0, limit: nil)
            try check(none.versions.isEmpty && none.total == 0, "an unknown model has no versions")
            do {
                _ = try await store.summaries(model: "m", offset: -1, limit: nil)
                try check(false, "a negative offset is refused")
            } catch let error as RegistryError { try check(error.code == .invalidRecord, "\(error.code)") }
        },
        Check(description: "orders versions oldest first") { store in
            for v in ["1.10.0", "1.2.0", "1.2.0-beta", "0.9.1"] { try await store.insert(record(v)) }
            let order = try await store.records(model: "m").map(\.version)
            try check(order == ["0.9.1", "1.2.0-beta", "1.2.0", "1.10.0"], "order was \(order)")
        },
        Check(description: "commits deploy, rollback and promote with history and one serving version") { store in
            for (i, v) in ["20241201_143022", "20241202_143022", "20241203_143022"].enumerated() {
                try await store.insert(record(v, at: Double(i)))
            }
            _ = try await run(store, "m", .deploy("20241201_143022"))
            _ = try await run(store, "m", .deploy("20241202_143022"))
            let back = try await run(store, "m", .rollback(to: nil))
            try check(back.target == "20241201_143022", "rollback went to \(back.target)")
            _ = try await run(store, "m", .promote("20241203_143022"))
            let life = try await store.lifecycle(model: "m")
            try check(life.serving == "20241203_143022", "serving is \(String(describing: life.serving))")
            try check(life.statuses["20241203_143022"] == .production, "promoted version not production")
            try check(life.statuses.values.filter(\.isServing).count == 1, "more than one serving version")
            let kinds = try await store.deploymentHistory(model: "m").map(\.kind)
            try check(kinds == [.deploy, .deploy, .rollback, .promote], "history kinds \(kinds)")
        },
        Check(description: "refuses a plan made at an older revision with conflict") { store in
            try await store.insert(record("1.0.0"))
            try await store.insert(record("1.1.0"))
            let life = try await store.lifecycle(model: "m")
            let a = try life.plan(.deploy("1.0.0"), actor: "t", at: Date())
            let b = try life.plan(.deploy("1.1.0"), actor: "t", at: Date())
            try await store.commit(a)
            try await refuses(.conflict, "stale plan") { try await store.commit(b) }
            try check(try await store.deploymentHistory(model: "m").count == 1, "the stale plan left history")
        },
        Check(description: "keeps the failure reason and leaves serving unchanged on markFailed") { store in
            try await store.insert(record("1.0.0"))
            try await store.insert(record("1.1.0"))
            _ = try await run(store, "m", .deploy("1.0.0"))
            _ = try await run(store, "m", .markFailed("1.1.0", reason: "trial inference failed"))
            let r = try await store.record(model: "m", version: "1.1.0")
            try check(r.status == .failed && r.failureReason == "trial inference failed", "failed record \(r)")
            try check(try await store.lifecycle(model: "m").serving == "1.0.0", "serving changed")
        },
        Check(description: "changes tags and description without touching status or revision") { store in
            try await store.insert(record("1.0.0"))
            let before = try await store.lifecycle(model: "m").revision
            try await store.setTags(["a", "b", "a"], model: "m", version: "1.0.0")
            try await store.setDescription("new", model: "m", version: "1.0.0")
            let r = try await store.record(model: "m", version: "1.0.0")
            try check(r.tags == ["a", "b"] && r.description == "new" && r.status == .imported, "record \(r)")
            try check(try await store.lifecycle(model: "m").revision == before, "revision changed")
        },
        Check(description: "reports artifacts no version references after a delete, and forgets them") { store in
            try await store.insert(record("1.0.0", seed: "a"))
            try await store.insert(record("1.1.0", seed: "b"))
            try check(try await store.unreferencedArtifacts().isEmpty, "fresh artifacts reported unreferenced")
            _ = try await run(store, "m", .delete("1.0.0"))
            let loose = try await store.unreferencedArtifacts()
            try check(loose == [Artifact(sha256: String(repeating: "a", count: 64), size: 10)], "unreferenced \(loose)")
            let shared = String(repeating: "f", count: 64)
            let gone = try await store.forgetArtifacts([loose[0].sha256, shared])
            try check(gone == [loose[0].sha256], "forgot \(gone); a referenced digest must be kept")
            try check(try await store.unreferencedArtifacts().isEmpty, "artifact not forgotten")
        },
        Check(description: "lists the digests every version references, across models, and drops deleted ones") {
            store in
            try check(try await store.referencedDigests().isEmpty, "an empty store references digests")
            try await store.insert(record("1.0.0", seed: "a"))
            try await store.insert(record("1.1.0", seed: "b"))
            try await store.insert(record("1.0.0", model: "n", seed: "c"))
            let digest = { (c: Character) in String(repeating: c, count: 64) }
            var used = try await store.referencedDigests()
            try check(used == Set("abcf".map(digest)), "referenced \(used.sorted())")
            _ = try await run(store, "m", .delete("1.0.0"))
            _ = try await run(store, "n", .delete("1.0.0"))
            used = try await store.referencedDigests()
            try check(used == Set("bf".map(digest)), "after deletes, referenced \(used.sorted())")
        },
        Check(description: "lists full records unchanged: validation report, tags, optional fields") { store in
            var full = record("20241201_143022")
            full.status = .failed
            full.failureReason = "trial inference failed"
            full.manifestJSON = #"{"model_version":"20241201_143022"}"#
            full.inferenceConfig = InferenceConfig(
                threshold: 0.1 + 0.2, anomalyRatio: 1e-7, scorePercentile: 95, batchSize: 100, timeoutSeconds: 30)
            full.tags = ["stable", "é \"quoted\" / tag", "\u{1F600}"]
            full.description = nil
            full.validationReport = try sampleReport()
            var bare = record("20241202_143022", seed: "b", at: 60)
            bare.tags = []
            try await store.insert(full)
            try await store.insert(bare)
            var shared = record("20241203_143022", seed: "c", at: 120)
            shared.tags = full.tags
            try await store.insert(shared)
            let listed = try await store.records(model: "m")
            try check(listed == [full, bare, shared], "records(model:) changed the records: \(listed)")
            try check(try await store.record(model: "m", version: full.version) == full, "record() changed it")
        },
        Check(description: "lists hundreds of versions oldest first, each with its own validation report") { store in
            let base = try sampleReport()
            var inserted: [VersionRecord] = []
            for i in 0..<300 {
                var r = record(String(format: "1.%d.%d", i / 10, i % 10), at: Double(i))
                r.validationReport = base
                r.validationReport?.modelVersion = r.version
                r.validationReport?.score = Double(i) / 7
                r.tags = i % 3 == 0 ? [] : ["t\(i % 5)"]
                try await store.insert(r)
                inserted.append(r)
            }
            let listed = try await store.records(model: "m")
            try check(listed.count == 300, "listed \(listed.count) of 300 versions")
            for (a, b) in zip(listed, inserted) where a != b {
                throw Failure(description: "version \(b.version) listed as \(a)")
            }
        },
        Check(description: "keeps transfer history until cleared, optionally before a date") { store in
            for i in 0..<3 {
                try await store.recordTransfer(
                    TransferEvent(source: "/srv", model: "m", version: "1.0.\(i)", status: "imported",
                        at: Date(timeIntervalSince1970: Double(i) * 100), message: nil))
            }
            let n = try await store.clearTransferHistory(olderThan: Date(timeIntervalSince1970: 150))
            try check(n == 2, "removed \(n)")
            try check(try await store.transferHistory().map(\.version) == ["1.0.2"], "left the wrong entries")
            try check(try await store.clearTransferHistory(olderThan: nil) == 1, "clear all")
        },
        Check(description: "keeps the import history per model") { store in
            let at = Date(timeIntervalSince1970: 0)
            try await store.recordImport(ImportEvent(model: "m", source: "a.zip", version: "1.0.0", outcome: .imported, at: at))
            try await store.recordImport(ImportEvent(model: "n", source: "b.zip", version: nil, outcome: .rejected, at: at, message: "bad"))
            try check(try await store.importHistory(model: "n").map(\.outcome) == [.rejected], "per model")
            try check(try await store.importHistory(model: nil).count == 2, "all models")
        },
        Check(description: "applies retention without removing the serving version") { store in
            for i in 0..<5 { try await store.insert(record("1.0.\(i)", at: Double(i))) }
            _ = try await run(store, "m", .deploy("1.0.0"))
            let removed = try await store.applyRetention(
                model: "m", policy: RetentionPolicy(keepLastVersions: 2, protectedHistoryEntries: 0), now: Date())
            try check(removed == ["1.0.1", "1.0.2"], "removed \(removed)")
            let left = try await store.records(model: "m").map(\.version)
            try check(left == ["1.0.0", "1.0.3", "1.0.4"], "left \(left)")
        },
        Check(description: "serialises concurrent deploys and rollbacks: one serving version, one history entry per success") {
            store in
            let versions = (0..<6).map { "1.0.\($0)" }
            for v in versions { try await store.insert(record(v)) }
            let successes = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<24 {
                    group.addTask {
                        var done = 0
                        for round in 0..<10 {
                            let command: LifecycleCommand =
                                (task + round) % 3 == 0 ? .rollback(to: nil) : .deploy(versions[(task * 7 + round) % 6])
                            while true {
                                let life = try await store.lifecycle(model: "m")
                                guard let plan = try? life.plan(command, actor: "t\(task)", at: Date()) else { break }
                                await Task.yield()  // the load step
                                do {
                                    try await store.commit(plan)
                                    if !plan.isNoChange { done += 1 }  // a no-change plan records no history
                                    break
                                } catch let error as RegistryError where error.code == .conflict {
                                    continue
                                }
                            }
                        }
                        return done
                    }
                }
                return try await group.reduce(0, +)
            }
            let life = try await store.lifecycle(model: "m")
            try check(life.statuses.values.filter(\.isServing).count == 1, "exactly one version must serve: \(life.statuses)")
            let history = try await store.deploymentHistory(model: "m").count
            try check(history == successes, "\(successes) successful commits but \(history) history entries")
            try check(successes > 0, "no commit succeeded")
            // Six inserts, then one revision per successful commit.
            try check(life.revision == 6 + successes, "revision \(life.revision) after 6 inserts and \(successes) commits")
        },
    ]
}
