public import Foundation
public import Registry

/// The behaviour every ``SecurityStore`` must show. Each check gets a fresh, empty store from the caller and throws
/// ``RegistryConformance/Failure`` when the store misbehaves; a test target runs `SecurityStoreConformance.checks` as
/// an `arguments:` table against its store.
public enum SecurityStoreConformance {
    /// One behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public var description: String
        let body: @Sendable (any SecurityStore) async throws -> Void

        /// Runs the check against a fresh store.
        public func run(_ store: any SecurityStore) async throws { try await body(store) }
    }

    /// A fixed instant with a fractional part, so lossy date storage shows.
    public static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_7)

    /// The 12-hex-digit id of key number `n`.
    public static func keyID(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    /// An active key number `n`, created `second` seconds after ``t0``, whose salt and hash derive from `seed` (a hex
    /// digit).
    public static func key(
        _ n: Int, name: String? = nil, role: String = "operator", models: [String]? = nil, second: Double = 0,
        seed: Character = "a"
    ) -> APIKeyRecord {
        APIKeyRecord(
            id: keyID(n), name: name ?? "key-\(n)", role: role, models: models,
            salt: String(repeating: seed, count: 32), hash: String(repeating: seed, count: 63) + "0",
            createdAt: t0 + second, createdBy: "cli:alice")
    }

    /// An audit entry `second` seconds after ``t0``.
    public static func entry(
        _ action: String = "deploy", actor: String = "cli:alice", second: Double = 0, outcome: String = "success"
    ) -> AuditRecord {
        AuditRecord(
            at: t0 + second, actor: actor, action: action, target: "wifi-anomaly/20241201_143022",
            before: "20241130_120000", after: #"{"version":"20241201_143022"}"#, outcome: outcome,
            details: #"{"reason":"release","n":1}"#)
    }

    private static func check(_ condition: Bool, _ message: String) throws {
        try RegistryConformance.check(condition, message)
    }

    private static func refuses(
        _ code: RegistryError.Code, _ what: String, _ body: () async throws -> Void
    ) async throws {
        try await RegistryConformance.refuses(code, what, body)
    }

    /// Every check.
    public static let checks: [Check] = keyChecks + auditChecks + validationChecks

    static let keyChecks: [Check] = [
        Check(description: "stores keys unchanged and lists them by creation date, then id") { store in
            let scoped = key(3, role: "viewer", models: ["wifi-anomaly", "m"], second: 10)
            var revoked = key(2, role: "admin", second: 0, seed: "b")
            revoked.rotatedAt = t0 + 1
            revoked.revokedAt = t0 + 2.5
            let first = key(1, second: 0)
            for k in [scoped, revoked, first] { try await store.insertKey(k) }
            try check(try await store.key(id: scoped.id) == scoped, "scoped key changed on the way back")
            try check(try await store.key(id: revoked.id) == revoked, "revoked key changed on the way back")
            try check(try await store.key(id: keyID(99)) == nil, "an unknown id was found")
            let listed = try await store.keys()
            try check(listed == [first, revoked, scoped], "keys listed as \(listed.map(\.id))")
            try check(listed.map(\.isActive) == [true, false, true], "isActive \(listed.map(\.isActive))")
        },
        Check(description: "refuses a duplicate id and an active key's name; a revoked key's name can be reused") {
            store in
            let ci = key(1, name: "ci")
            try await store.insertKey(ci)
            try await refuses(.conflict, "same id") { try await store.insertKey(key(1, name: "other")) }
            do {
                try await store.insertKey(key(2, name: "ci"))
                throw RegistryConformance.Failure(description: "a second active key named 'ci' was stored")
            } catch let error as RegistryError {
                try check(error.code == .conflict, "same active name: \(error.code)")
                try check(error.message.contains(ci.id), "the conflict does not name the key: \(error.message)")
            }
            // A revoked key may share an active key's name, and once 'ci' is revoked its name is free.
            var oldCI = key(3, name: "ci", second: -60)
            oldCI.revokedAt = t0 - 30
            try await store.insertKey(oldCI)
            var revokedCI = ci
            revokedCI.revokedAt = t0 + 1
            try await store.updateKey(revokedCI)
            let newCI = key(4, name: "ci", second: 2)
            try await store.insertKey(newCI)
            let names = try await store.keys().map { "\($0.id.suffix(1)):\($0.name):\($0.isActive)" }
            try check(names == ["3:ci:false", "1:ci:false", "4:ci:true"], "keys \(names)")
        },
        Check(description: "updates a key: a rotation replaces its secret's hash, a revocation is final") { store in
            let original = key(1, name: "ops", models: ["m"])
            try await store.insertKey(original)
            try await store.insertKey(key(2, name: "ci"))
            var rotated = original
            (rotated.salt, rotated.hash, rotated.rotatedAt) = (
                String(repeating: "c", count: 32), String(repeating: "d", count: 64), t0 + 60
            )
            try await store.updateKey(rotated)
            try check(try await store.key(id: original.id) == rotated, "the rotation was not stored")
            var renamed = rotated
            renamed.name = "ci"
            try await refuses(.conflict, "rename onto an active key's name") { try await store.updateKey(renamed) }
            try await refuses(.versionNotFound, "unknown id") { try await store.updateKey(key(9)) }
            var revoked = rotated
            revoked.revokedAt = t0 + 120
            try await store.updateKey(revoked)
            let back = try await store.key(id: original.id)
            try check(back == revoked && back?.isActive == false, "revocation read back as \(String(describing: back))")
            var reactivated = revoked
            reactivated.revokedAt = nil
            try await refuses(.invalidTransition, "un-revoke") { try await store.updateKey(reactivated) }
            var revokedAgain = revoked
            revokedAgain.revokedAt = t0 + 180
            try await refuses(.invalidTransition, "revoke twice") { try await store.updateKey(revokedAgain) }
            try check(try await store.key(id: original.id) == revoked, "a refused update changed the key")
        },
        Check(description: "increases the security generation with every key write, and only then") { store in
            var last = try await store.securityGeneration()
            try check(last == 0, "an empty store's generation is \(last)")
            func increased(_ what: String) async throws {
                let now = try await store.securityGeneration()
                try check(now > last, "\(what) left the generation at \(now)")
                last = now
            }
            func unchanged(_ what: String) async throws {
                let now = try await store.securityGeneration()
                try check(now == last, "\(what) moved the generation from \(last) to \(now)")
            }
            var k = key(1)
            try await store.insertKey(k)
            try await increased("insert")
            try await store.insertKey(key(2))
            try await increased("second insert")
            k.rotatedAt = t0 + 1
            k.hash = String(repeating: "e", count: 64)
            try await store.updateKey(k)
            try await increased("rotation")
            k.revokedAt = t0 + 2
            try await store.updateKey(k)
            try await increased("revocation")
            try await refuses(.conflict, "duplicate id") { try await store.insertKey(key(2)) }
            try await unchanged("a refused insert")
            try await refuses(.invalidTransition, "update of a revoked key") { try await store.updateKey(k) }
            try await unchanged("a refused update")
            _ = try await store.appendAudit(entry())
            _ = try await store.keys()
            try await unchanged("an audit entry or a read")
        },
    ]

    static let auditChecks: [Check] = [
        Check(description: "assigns increasing audit ids and lists entries newest first, filtered and limited") {
            store in
            var appended: [AuditRecord] = []
            let rows: [(String, String, Double, String)] = [
                ("deploy", "cli:alice", 0, "success"), ("key.create", "key:0123456789ab (ci)", 10, "success"),
                ("deploy", "key:0123456789ab (ci)", 20, "denied"), ("mode", "system", 30, "success"),
                ("deploy", "cli:bob", 40, "failed"),
            ]
            for (action, actor, second, outcome) in rows {
                var e = entry(action, actor: actor, second: second, outcome: outcome)
                e.id = 99  // ignored: the store assigns ids
                let stored = try await store.appendAudit(e)
                e.id = stored.id
                try check(stored == e, "appendAudit returned \(stored) for \(e)")
                try check(stored.id > (appended.last?.id ?? 0), "id \(stored.id) after \(appended.map(\.id))")
                appended.append(stored)
            }
            let all = try await store.audit(since: nil, action: nil, actor: nil, limit: 100)
            try check(all == appended.reversed(), "all entries \(all.map(\.id))")
            func actions(_ since: Double?, _ action: String?, _ actor: String?, _ limit: Int = 100) async throws
                -> [String]
            {
                try await store.audit(since: since.map { t0 + $0 }, action: action, actor: actor, limit: limit)
                    .map { "\($0.action)@\(Int($0.at.timeIntervalSince(t0).rounded()))" }
            }
            let deploys = try await actions(nil, "deploy", nil)
            try check(deploys == ["deploy@40", "deploy@20", "deploy@0"], "deploys \(deploys)")
            let since = try await actions(20, nil, nil)
            try check(since == ["deploy@40", "mode@30", "deploy@20"], "since 20 s (inclusive): \(since)")
            let byKey = try await actions(nil, nil, "key:0123456789ab")
            try check(byKey == ["deploy@20", "key.create@10"], "actor prefix key:0123456789ab: \(byKey)")
            let exact = try await actions(nil, nil, "cli:bob")
            try check(exact == ["deploy@40"], "actor cli:bob: \(exact)")
            let none = try await actions(nil, nil, "%")
            try check(none.isEmpty, "actor '%' is not a wildcard: \(none)")
            let combined = try await actions(10, "deploy", "key:", 5)
            try check(combined == ["deploy@20"], "combined filters: \(combined)")
            let limited = try await actions(nil, nil, nil, 2)
            try check(limited == ["deploy@40", "mode@30"], "limit 2: \(limited)")
            try check(try await actions(nil, nil, nil, 0).isEmpty, "limit 0")
            try await refuses(.invalidRecord, "negative limit") {
                _ = try await store.audit(since: nil, action: nil, actor: nil, limit: -1)
            }
        },
        Check(description: "keeps every audit entry appended concurrently, each with its own id") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for i in 0..<10 {
                            _ = try await store.appendAudit(entry(actor: "writer-\(writer)", second: Double(i)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await store.audit(since: nil, action: nil, actor: nil, limit: 1000)
            try check(all.count == 80, "80 appends kept \(all.count) entries")
            try check(Set(all.map(\.id)).count == 80, "ids are not unique")
            try check(all.map(\.id) == all.map(\.id).sorted(by: >), "entries are not newest first by id")
            let one = try await store.audit(since: nil, action: nil, actor: "writer-3", limit: 1000)
            try check(one.count == 10, "writer-3 has \(one.count) entries")
        },
    ]
}

extension SecurityStoreConformance {
    /// Changes that make a key invalid, each with the code it must be refused with.
    static let invalidKeys: [(String, RegistryError.Code, @Sendable (inout APIKeyRecord) -> Void)] = [
        ("unknown role", .invalidRecord, { $0.role = "root" }),
        ("capitalized role", .invalidRecord, { $0.role = "Admin" }),
        ("id of 11 digits", .invalidRecord, { $0.id = "0123456789a" }),
        ("uppercase id", .invalidRecord, { $0.id = "0123456789AB" }),
        ("id of 12 non-hex characters", .invalidRecord, { $0.id = "0123456789xy" }),
        ("empty name", .invalidRecord, { $0.name = "" }),
        ("name of 129 bytes", .invalidRecord, { $0.name = String(repeating: "n", count: 129) }),
        ("name with a newline", .invalidRecord, { $0.name = "ci\nadmin" }),
        ("hash of 63 digits", .invalidRecord, { $0.hash = String(repeating: "a", count: 63) }),
        ("hash of 65 digits", .invalidRecord, { $0.hash = String(repeating: "a", count: 65) }),
        ("uppercase hash", .invalidRecord, { $0.hash = String(repeating: "A", count: 64) }),
        ("salt of 15 digits", .invalidRecord, { $0.salt = String(repeating: "a", count: 15) }),
        ("non-hex salt", .invalidRecord, { $0.salt = String(repeating: "g", count: 32) }),
        ("empty model scope", .invalidRecord, { $0.models = [] }),
        ("unsafe model in the scope", .invalidModelName, { $0.models = ["m", "../etc"] }),
        ("empty createdBy", .invalidRecord, { $0.createdBy = "" }),
        ("NaN createdAt", .invalidRecord, { $0.createdAt = Date(timeIntervalSinceReferenceDate: .nan) }),
        ("infinite revokedAt", .invalidRecord, { $0.revokedAt = Date(timeIntervalSinceReferenceDate: .infinity) }),
    ]

    /// Changes that make an audit entry invalid.
    static let invalidEntries: [(String, @Sendable (inout AuditRecord) -> Void)] = [
        ("empty actor", { $0.actor = "" }),
        ("actor of 257 bytes", { $0.actor = String(repeating: "a", count: 257) }),
        ("empty action", { $0.action = "" }),
        ("action with a space", { $0.action = "key create" }),
        ("uppercase action", { $0.action = "Deploy" }),
        ("empty target", { $0.target = "" }),
        ("unknown outcome", { $0.outcome = "ok" }),
        ("details that are not JSON", { $0.details = "{reason: release}" }),
        ("empty details", { $0.details = "" }),
        ("after of 64 KiB + 1", { $0.after = String(repeating: "x", count: AuditRecord.maxTextBytes + 1) }),
        ("NaN date", { $0.at = Date(timeIntervalSinceReferenceDate: .nan) }),
    ]

    static let validationChecks: [Check] = [
        Check(description: "refuses invalid keys on insert and update, storing nothing") { store in
            for (what, code, change) in invalidKeys {
                var bad = key(1)
                change(&bad)
                try await refuses(code, "insert with \(what)") { try await store.insertKey(bad) }
            }
            try check(try await store.keys().isEmpty, "a refused key was stored")
            let good = key(1)
            try await store.insertKey(good)
            for (what, code, change) in invalidKeys {
                var bad = good
                change(&bad)
                try await refuses(code, "update with \(what)") { try await store.updateKey(bad) }
            }
            try check(try await store.keys() == [good], "a refused update changed the key")
            try check(try await store.securityGeneration() == 1, "refused writes moved the generation")
        },
        Check(description: "refuses invalid audit entries, appending nothing") { store in
            for (what, change) in invalidEntries {
                var bad = entry()
                change(&bad)
                try await refuses(.invalidRecord, what) { _ = try await store.appendAudit(bad) }
            }
            let left = try await store.audit(since: nil, action: nil, actor: nil, limit: 100)
            try check(left.isEmpty, "refused entries were appended: \(left)")
            var minimal = AuditRecord(at: t0, actor: "system", action: "cleanup", target: "monitoring")
            let stored = try await store.appendAudit(minimal)
            minimal.id = stored.id
            try check(stored == minimal && stored.details == "{}", "minimal entry \(stored)")
            let back = try await store.audit(since: nil, action: nil, actor: nil, limit: 100)
            try check(back == [minimal], "minimal entry read back as \(back)")
        },
    ]
}
