public import Foundation
public import Registry

/// The behaviour every ``MonitoringStore`` must show. Each check gets a fresh, empty store from the caller and throws
/// ``RegistryConformance/Failure`` when the store misbehaves; a test target runs `MonitoringStoreConformance.checks`
/// as an `arguments:` table against its store.
public enum MonitoringStoreConformance {
    /// One behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public var description: String
        let body: @Sendable (any MonitoringStore) async throws -> Void

        /// Runs the check against a fresh store.
        public func run(_ store: any MonitoringStore) async throws { try await body(store) }
    }

    /// A fixed instant with a fractional part, so lossy date storage shows.
    public static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_7)

    /// A one-minute bucket of version `version` of `model` starting `minute` minutes after ``t0``, with three
    /// predictions (one failed) whose figures are exact in binary.
    public static func bucket(
        _ version: String = "1.0.0", model: String = "m", minute: Int = 0, seconds: Int = 60
    ) -> MetricBucket {
        MetricBucket(
            model: model, version: version, start: t0 + Double(minute * 60), seconds: seconds, predictions: 3,
            errors: 1, anomalies: 1, latencySum: 0.75, latencySumOfSquares: 0.3125, latencyMin: 0.25,
            latencyMax: 0.5, scoreCount: 2, scoreSum: -0.5, scoreSumOfSquares: 0.5, scoreMin: -0.5, scoreMax: 0)
    }

    /// A window of `instance` saved `second` seconds after ``t0``.
    public static func window(
        _ instance: String, version: String = "1.0.0", second: Double = 0, payload: String = "{}"
    ) -> MonitoringWindowRecord {
        MonitoringWindowRecord(
            model: "m", version: version, instance: instance, updatedAt: t0 + second, payload: Data(payload.utf8))
    }

    /// An alert `second` seconds after ``t0``.
    public static func alert(
        _ kind: String = "data_drift", version: String = "1.0.0", model: String = "m", second: Double = 0,
        event: DriftAlertEvent = .raised
    ) -> DriftAlertRecord {
        DriftAlertRecord(
            model: model, version: version, kind: kind, event: event, at: t0 + second, value: 0.3, threshold: 0.2,
            details: #"{"psi":0.3,"feature":"cpu"}"#)
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
    public static let checks: [Check] = bucketChecks + recordChecks + validationChecks

    static let bucketChecks: [Check] = [
        Check(description: "merges buckets with the same key: counts and sums add, min and max ignore nil") { store in
            let first = bucket()
            var empty = bucket()
            (empty.predictions, empty.errors, empty.anomalies, empty.scoreCount) = (0, 0, 0, 0)
            (empty.latencySum, empty.latencySumOfSquares, empty.scoreSum, empty.scoreSumOfSquares) = (0, 0, 0, 0)
            (empty.latencyMin, empty.latencyMax, empty.scoreMin, empty.scoreMax) = (nil, nil, nil, nil)
            var second = bucket()
            second.latencyMin = 0.125
            second.latencyMax = 0.25
            second.scoreMin = -0.25
            second.scoreMax = 1.5
            // Nil into values, values into nil, and a duplicate key within one call.
            try await store.addMetricBuckets([empty])
            try await store.addMetricBuckets([first, second])
            try await store.addMetricBuckets([empty])
            var expected = empty
            for b in [first, second, empty] { expected.merge(b) }
            let stored = try await store.metricBuckets(model: nil, version: nil, from: nil, to: nil)
            try check(stored == [expected], "stored \(stored), expected \(expected)")
            let b = stored[0]
            try check(
                (b.predictions, b.errors, b.anomalies, b.scoreCount) == (6, 2, 2, 4),
                "counts \((b.predictions, b.errors, b.anomalies, b.scoreCount))")
            try check((b.latencySum, b.scoreSumOfSquares) == (1.5, 1), "sums \((b.latencySum, b.scoreSumOfSquares))")
            try check(
                (b.latencyMin, b.latencyMax, b.scoreMin, b.scoreMax) == (0.125, 0.5, -0.5, 1.5),
                "min/max \(String(describing: (b.latencyMin, b.latencyMax, b.scoreMin, b.scoreMax)))")
            try check(b.start == t0, "start \(b.start) is not \(t0): dates must round-trip exactly")
        },
        Check(description: "keeps buckets of different lengths and versions apart") { store in
            try await store.addMetricBuckets([bucket(seconds: 60), bucket(seconds: 3600), bucket("1.1.0")])
            try await store.addMetricBuckets([bucket(seconds: 3600)])
            let stored = try await store.metricBuckets(model: "m", version: nil, from: nil, to: nil)
            let shape = stored.map { "\($0.version)/\($0.seconds)/\($0.predictions)" }
            try check(shape == ["1.0.0/60/3", "1.0.0/3600/6", "1.1.0/60/3"], "buckets \(shape)")
        },
        Check(description: "filters buckets by [from, to), model and version, ordered by start, model, version") {
            store in
            try await store.addMetricBuckets([
                bucket("1.1.0", model: "n", minute: 2), bucket("1.1.0", minute: 1), bucket("1.0.0", minute: 1),
                bucket(minute: 0), bucket("1.0.0", model: "a", minute: 1), bucket(minute: 3),
            ])
            func keys(_ m: String?, _ v: String?, _ from: Int?, _ to: Int?) async throws -> [String] {
                try await store.metricBuckets(
                    model: m, version: v, from: from.map { t0 + Double($0 * 60) }, to: to.map { t0 + Double($0 * 60) }
                ).map { "\(Int(($0.start.timeIntervalSince(t0) / 60).rounded())):\($0.model)/\($0.version)" }
            }
            let all = try await keys(nil, nil, nil, nil)
            try check(
                all == ["0:m/1.0.0", "1:a/1.0.0", "1:m/1.0.0", "1:m/1.1.0", "2:n/1.1.0", "3:m/1.0.0"], "all: \(all)")
            let range = try await keys(nil, nil, 1, 3)
            try check(range == ["1:a/1.0.0", "1:m/1.0.0", "1:m/1.1.0", "2:n/1.1.0"], "[1, 3): \(range)")
            let model = try await keys("m", nil, 1, nil)
            try check(model == ["1:m/1.0.0", "1:m/1.1.0", "3:m/1.0.0"], "m from 1: \(model)")
            let version = try await keys(nil, "1.1.0", nil, 2)
            try check(version == ["1:m/1.1.0"], "1.1.0 before 2: \(version)")
            let none = try await keys("m", "1.0.0", 3, 3)
            try check(none.isEmpty, "empty range: \(none)")
        },
        Check(description: "adds up buckets written concurrently by several writers") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for i in 0..<10 { try await store.addMetricBuckets([bucket(minute: (writer + i) % 2)]) }
                    }
                }
                try await group.waitForAll()
            }
            let stored = try await store.metricBuckets(model: "m", version: "1.0.0", from: nil, to: nil)
            let counts = stored.map(\.predictions)
            try check(counts == [120, 120], "80 adds of 3 predictions over two minutes gave \(counts)")
            try check(stored.allSatisfy { $0.latencySum == 30 && $0.scoreMin == -0.5 }, "sums \(stored)")
        },
    ]

    static let recordChecks: [Check] = [
        Check(description: "replaces a window per instance and lists every instance's newest first") { store in
            let binary = MonitoringWindowRecord(
                model: "m", version: "1.0.0", instance: "b", updatedAt: t0 + 5,
                payload: Data((0...255).map(UInt8.init)))
            try await store.saveWindow(window("a", second: 1, payload: "old"))
            try await store.saveWindow(binary)
            try await store.saveWindow(window("c", second: 3, payload: ""))
            try await store.saveWindow(window("a", second: 10, payload: "new"))
            try await store.saveWindow(window("a", version: "1.1.0", second: 20))
            let listed = try await store.windows(model: "m", version: "1.0.0")
            let expected = [window("a", second: 10, payload: "new"), binary, window("c", second: 3, payload: "")]
            try check(listed == expected, "windows \(listed.map { ($0.instance, $0.updatedAt, $0.payload) })")
            try check(try await store.windows(model: "m", version: "2.0.0").isEmpty, "windows of an unknown version")
        },
        Check(description: "keeps one baseline per version, replaced by a save and removed by a delete") { store in
            let first = DriftBaselineRecord(
                model: "m", version: "1.0.0", capturedAt: t0, source: "window", actor: "ops", payload: Data([1, 2]))
            var second = first
            (second.capturedAt, second.source, second.actor, second.payload) = (t0 + 60, "upload", "eve", Data())
            try await store.saveBaseline(first)
            var other = first
            other.version = "1.1.0"
            try await store.saveBaseline(other)
            try await store.saveBaseline(second)
            let back = try await store.baseline(model: "m", version: "1.0.0")
            try check(back == second, "baseline \(String(describing: back)) after replacing")
            try check(try await store.deleteBaseline(model: "m", version: "1.0.0"), "delete reported no baseline")
            try check(try await store.baseline(model: "m", version: "1.0.0") == nil, "deleted baseline still read")
            try check(!(try await store.deleteBaseline(model: "m", version: "1.0.0")), "second delete found one")
            try check(try await store.baseline(model: "m", version: "1.1.0") == other, "the other version's changed")
        },
        Check(description: "assigns increasing alert ids and lists alerts newest first, filtered and limited") {
            store in
            var appended: [DriftAlertRecord] = []
            for (i, (kind, version, model)) in [
                ("data_drift", "1.0.0", "m"), ("prediction_drift", "1.1.0", "m"), ("data_drift", "1.0.0", "n"),
                ("performance_drift", "1.0.0", "m"),
            ].enumerated() {
                let event: DriftAlertEvent = i == 3 ? .cleared : .raised
                var a = alert(kind, version: version, model: model, second: Double(i), event: event)
                a.id = 99  // ignored: the store assigns ids
                let stored = try await store.appendAlert(a)
                a.id = stored.id
                try check(stored == a, "appendAlert returned \(stored) for \(a)")
                try check(stored.id > (appended.last?.id ?? 0), "id \(stored.id) after \(appended.map(\.id))")
                appended.append(stored)
            }
            let all = try await store.alerts(model: nil, version: nil, limit: 10)
            try check(all == appended.reversed(), "all alerts \(all.map(\.id))")
            let m = try await store.alerts(model: "m", version: nil, limit: 10).map(\.kind)
            try check(m == ["performance_drift", "prediction_drift", "data_drift"], "model m: \(m)")
            let mv = try await store.alerts(model: "m", version: "1.0.0", limit: 1)
            try check(mv == [appended[3]], "newest of m 1.0.0: \(mv)")
            let v = try await store.alerts(model: nil, version: "1.0.0", limit: 2).map(\.model)
            try check(v == ["m", "n"], "version 1.0.0 limited to 2: \(v)")
            try check(try await store.alerts(model: nil, version: nil, limit: 0).isEmpty, "limit 0")
            try await refuses(.invalidRecord, "negative limit") {
                _ = try await store.alerts(model: nil, version: nil, limit: -1)
            }
        },
        Check(description: "cleanup removes buckets, windows and alerts before the cutoff and keeps baselines") {
            store in
            try await store.addMetricBuckets([bucket(minute: 0), bucket(minute: 1), bucket(minute: 2, seconds: 3600)])
            try await store.saveWindow(window("a", second: 59))
            try await store.saveWindow(window("b", second: 60))
            for second in [0.0, 30, 60, 90] { _ = try await store.appendAlert(alert(second: second)) }
            let baseline = DriftBaselineRecord(
                model: "m", version: "1.0.0", capturedAt: t0 - 3600, source: "package", actor: "ci", payload: Data([7]))
            try await store.saveBaseline(baseline)
            let lastID = try await store.alerts(model: nil, version: nil, limit: 1)[0].id
            let removed = try await store.deleteMonitoringData(olderThan: t0 + 60)
            try check(removed == MonitoringCleanup(buckets: 1, windows: 1, alerts: 2), "removed \(removed)")
            let left = try await store.metricBuckets(model: nil, version: nil, from: nil, to: nil).map(\.start)
            try check(left == [t0 + 60, t0 + 120], "buckets left start at \(left)")
            try check(try await store.windows(model: "m", version: "1.0.0").map(\.instance) == ["b"], "windows left")
            let alerts = try await store.alerts(model: nil, version: nil, limit: 10).map(\.at)
            try check(alerts == [t0 + 90, t0 + 60], "alerts left at \(alerts)")
            try check(try await store.baseline(model: "m", version: "1.0.0") == baseline, "the baseline was removed")
            let next = try await store.appendAlert(alert(second: 120))
            try check(next.id > lastID, "id \(next.id) reused after cleanup (last was \(lastID))")
            let again = try await store.deleteMonitoringData(olderThan: t0 + 60)
            try check(again == MonitoringCleanup(buckets: 0, windows: 0, alerts: 0), "second cleanup removed \(again)")
        },
    ]
}

extension MonitoringStoreConformance {
    /// Changes that make a bucket invalid, each with the field it breaks.
    static let invalidBuckets: [(String, @Sendable (inout MetricBucket) -> Void)] = [
        ("zero seconds", { $0.seconds = 0 }),
        ("negative seconds", { $0.seconds = -60 }),
        ("negative predictions", { $0.predictions = -1 }),
        ("negative errors", { $0.errors = -1 }),
        ("negative anomalies", { $0.anomalies = -1 }),
        ("negative score count", { $0.scoreCount = -1 }),
        ("errors above predictions", { $0.errors = 4 }),
        ("NaN latency sum", { $0.latencySum = .nan }),
        ("infinite score sum of squares", { $0.scoreSumOfSquares = .infinity }),
        ("infinite latency max", { $0.latencyMax = .infinity }),
        ("latency min above max", { $0.latencyMin = 1 }),
        ("score min without max", { $0.scoreMax = nil }),
    ]

    static let validationChecks: [Check] = [
        Check(description: "refuses invalid buckets and adds nothing of a batch with one") { store in
            for (what, change) in invalidBuckets {
                var bad = bucket(minute: 1)
                change(&bad)
                try await refuses(.invalidRecord, what) { try await store.addMetricBuckets([bucket(), bad]) }
            }
            try await refuses(.invalidModelName, "model name") {
                try await store.addMetricBuckets([bucket(model: "a/b")])
            }
            try await refuses(.invalidVersion, "version") { try await store.addMetricBuckets([bucket("../1")]) }
            let stored = try await store.metricBuckets(model: nil, version: nil, from: nil, to: nil)
            try check(stored.isEmpty, "refused batches left \(stored)")
            try await store.addMetricBuckets([])
        },
        Check(description: "refuses payloads above 64 MiB and invalid windows, baselines and alerts") { store in
            let big = Data(count: MonitoringWindowRecord.maxPayloadBytes + 1)
            var w = window("a")
            w.payload = big
            try await refuses(.invalidRecord, "64 MiB + 1 window") { try await store.saveWindow(w) }
            w.payload = Data()
            w.instance = ""
            try await refuses(.invalidRecord, "empty instance") { try await store.saveWindow(w) }
            w.instance = "a"
            w.model = ""
            try await refuses(.invalidModelName, "empty model") { try await store.saveWindow(w) }
            var baseline = DriftBaselineRecord(
                model: "m", version: "1.0.0", capturedAt: t0, source: "upload", actor: "ops", payload: big)
            try await refuses(.invalidRecord, "64 MiB + 1 baseline") { try await store.saveBaseline(baseline) }
            baseline.payload = Data()
            baseline.source = ""
            try await refuses(.invalidRecord, "empty source") { try await store.saveBaseline(baseline) }
            var a = alert()
            a.value = .nan
            try await refuses(.invalidRecord, "NaN alert value") { _ = try await store.appendAlert(a) }
            a.value = 1
            a.threshold = -.infinity
            try await refuses(.invalidRecord, "infinite threshold") { _ = try await store.appendAlert(a) }
            a.threshold = 1
            a.kind = ""
            try await refuses(.invalidRecord, "empty kind") { _ = try await store.appendAlert(a) }
            try check(try await store.windows(model: "m", version: "1.0.0").isEmpty, "a refused window was stored")
            try check(try await store.baseline(model: "m", version: "1.0.0") == nil, "a refused baseline was stored")
            try check(try await store.alerts(model: nil, version: nil, limit: 10).isEmpty, "a refused alert was stored")
        },
    ]
}
