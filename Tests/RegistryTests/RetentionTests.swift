import Foundation
import Registry
import Testing
import TestSupport

@Suite("Retention picks old versions but never serving or recently deployed ones")
struct RetentionTests {
    static let now = Date(timeIntervalSince1970: 1_733_000_000 + 100 * 86_400)

    static func records(_ statuses: [VersionStatus]) -> [VersionRecord] {
        statuses.enumerated().map { i, s in
            RegistryConformance.record("2024120\(i + 1)_120000", at: Double(i) * 20 * 86_400, status: s)
        }
    }

    @Test("keep_last_n_versions removes all but the newest N")
    func keepLast() {
        let r = Self.records([.available, .available, .available, .imported])
        let out = Retention.versionsToRemove(
            records: r, history: [], policy: RetentionPolicy(keepLastVersions: 2), now: Self.now)
        #expect(out == ["20241201_120000", "20241202_120000"])
    }

    @Test("retention_days removes versions imported before the cutoff")
    func days() {
        let r = Self.records([.available, .available, .available, .available, .available])
        // imported at days 0, 20, 40, 60, 80; now is day 100; 50 days keeps days 60 and 80
        let out = Retention.versionsToRemove(
            records: r, history: [], policy: RetentionPolicy(retentionDays: 50), now: Self.now)
        #expect(out == ["20241201_120000", "20241202_120000", "20241203_120000"])
    }

    @Test("with both rules a version is kept when either keeps it")
    func both() {
        let r = Self.records([.available, .available, .available, .available, .available])
        let out = Retention.versionsToRemove(
            records: r, history: [], policy: RetentionPolicy(keepLastVersions: 3, retentionDays: 30), now: Self.now)
        #expect(out == ["20241201_120000", "20241202_120000"])
    }

    @Test("never removes the serving version nor one in the last N history entries")
    func protected() {
        let r = Self.records([.production, .available, .available, .available])
        let history = [
            DeploymentEvent(model: "m", from: "20241202_120000", to: "20241201_120000", actor: "t", at: Self.now,
                reason: nil, kind: .rollback)
        ]
        let out = Retention.versionsToRemove(
            records: r, history: history, policy: RetentionPolicy(keepLastVersions: 1, protectedHistoryEntries: 1),
            now: Self.now)
        #expect(out == ["20241203_120000"])
        let none = Retention.versionsToRemove(records: r, history: history, policy: RetentionPolicy(), now: Self.now)
        #expect(none.isEmpty)
    }
}
