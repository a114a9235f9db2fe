import Agents
import Foundation
import Testing

@Suite("AnomalyClassifier: type, severity, confidence, description, contributors")
struct AnomalyClassifierTests {
    typealias F = WiFiFeatures.Name

    /// A plausible training reference: (mean, std, p50, p99) per feature.
    static let reference: TrainingReference = {
        let table: [(F, Double, Double, Double, Double)] = [
            (.authFailureRatio, 0.02, 0.02, 0.015, 0.08), (.deauthRatio, 0.02, 0.02, 0.015, 0.08),
            (.beaconRatio, 0.3, 0.2, 0.2, 0.8), (.uniqueMACCount, 15, 8, 14, 35), (.uniqueSSIDCount, 3.5, 0.6, 4, 4),
            (.meanSignalStrength, -62, 3, -62, -55), (.stdSignalStrength, 6, 2, 6, 11),
            (.meanDataRate, 300, 120, 300, 600), (.meanPacketLoss, 0.013, 0.004, 0.013, 0.025),
            (.errorRatio, 0.01, 0.01, 0, 0.05), (.warningRatio, 0.03, 0.02, 0.03, 0.1),
            (.meanHourOfDay, 12, 6.9, 12, 23.5), (.meanDayOfWeek, 3, 2, 3, 6),
            (.meanTimeBetweenEvents, 12, 10, 8, 60), (.totalDevices, 22, 9, 21, 45),
            (.maxDeviceActivity, 3, 1.5, 3, 8), (.meanDeviceActivity, 1.3, 0.3, 1.2, 2.2),
        ]
        var features: [String: TrainingReference.Statistics] = [:]
        for (name, mean, std, p50, p99) in table {
            features[name.rawValue] = .init(mean: mean, std: std, p50: p50, p99: p99)
        }
        return try! TrainingReference(features: features)
    }()

    static let normal: [F: Double] = [
        .authFailureRatio: 0.02, .deauthRatio: 0.02, .beaconRatio: 0.05, .uniqueMACCount: 15, .uniqueSSIDCount: 4,
        .meanSignalStrength: -62, .stdSignalStrength: 6, .meanDataRate: 300, .meanPacketLoss: 0.013,
        .errorRatio: 0.01, .warningRatio: 0.03, .meanHourOfDay: 12, .meanDayOfWeek: 2, .meanTimeBetweenEvents: 12,
        .totalDevices: 22, .maxDeviceActivity: 3, .meanDeviceActivity: 1.3,
    ]

    static let flagged = ModelVerdict(model: "wifi", modelVersion: "1.0.0", score: 0.7, threshold: 0.5, isAnomaly: true)
    static let barely = ModelVerdict(model: "wifi", modelVersion: "1.0.0", score: 0.52, threshold: 0.5, isAnomaly: true)
    static let quiet = ModelVerdict(model: "wifi", modelVersion: "1.0.0", score: 0.42, threshold: 0.5, isAnomaly: false)

    static func window(_ changes: [F: Double], events: Int = 200, verdict: ModelVerdict = flagged) -> ScoredWindow {
        let values = normal.merging(changes) { _, new in new }
        return ScoredWindow(
            entity: "ap-07", windowStart: monday10, windowEnd: monday10 + 300 * second, eventCount: events,
            features: WiFiFeatures.Name.allCases.map { values[$0] ?? 0 }, verdict: verdict)
    }

    let classifier = try! AnomalyClassifier(reference: Self.reference)

    @Test("a window normal for the model and every rule is not classified")
    func normalWindow() throws {
        #expect(try classifier.classify(Self.window([:], verdict: Self.quiet)) == nil)
    }

    @Test("deauth flood confirmed by a strong model margin and a strong rule match is critical")
    func deauthFlood() throws {
        let c = try #require(try classifier.classify(Self.window([.deauthRatio: 0.65, .warningRatio: 0.33])))
        #expect(c.type == .deauthFlood)
        #expect(c.detectedBy == Detection(source: .both, rules: ["deauth_flood"]))
        #expect(c.severity == .critical)
        #expect(
            c.description
                == "deauth flood at ap-07: 65 % of 200 events were deauthentications or disassociations, 43× the "
                + "training median")
        #expect(c.contributors.first == Contributor(feature: "deauth_ratio", value: 0.65, z: (0.65 - 0.02) / 0.02))
        // e_model 0.9, e_rule 0.8 (0.65 / 0.3 ≥ 2), e_dev 0.2 (deauth z 31.5, warning z 15).
        #expect(c.confidence == ((1 - 0.1 * 0.2 * 0.8) * 1000).rounded() / 1000)
    }

    @Test("a flood needs enough events, not only a high ratio: a quiet window's few deauths are not one")
    func countsMatter() throws {
        #expect(try classifier.classify(Self.window([.deauthRatio: 0.5], events: 18, verdict: Self.quiet)) == nil)
        let c = try classifier.classify(Self.window([.deauthRatio: 0.5], events: 20, verdict: Self.quiet))
        #expect(c?.type == .deauthFlood)
    }

    @Test("root causes first: jamming that disconnects clients is jamming, not a deauth flood")
    func rootCauseFirst() throws {
        let c = try #require(
            try classifier.classify(Self.window([.meanPacketLoss: 0.3, .meanDataRate: 4, .deauthRatio: 0.6])))
        #expect(c.type == .rfJamming)
        #expect(c.detectedBy.rules == ["rf_jamming", "deauth_flood"])
    }

    @Test("a rule flags a window the model missed: detected by rule, high (never critical), discounted confidence")
    func ruleOnly() throws {
        let c = try #require(
            try classifier.classify(
                Self.window([.authFailureRatio: 0.62, .warningRatio: 0.5, .errorRatio: 0.12], verdict: Self.quiet)))
        #expect(c.type == .authFailureStorm)
        #expect(c.detectedBy == Detection(source: .rule, rules: ["auth_failure_storm"]))
        #expect(c.severity == .high)  // a strong signature and broad deviation, but the model disagrees
        #expect(c.evidence?.signature?.rule == "auth_failure_storm")
        #expect(abs((c.evidence?.signature?.intensity ?? 0) - 0.62 / 0.12) < 1e-9)
        #expect(c.evidence?.model.flagged == false)
        #expect(c.confidence == ((1 - 0.2 * 0.7) * 0.85 * 1000).rounded() / 1000)
        #expect(c.description.hasPrefix("authentication failure storm at ap-07: 62 % of 200 events were failed"))
    }

    @Test("rogue AP beacon flood needs many beacons and many SSIDs")
    func beaconFlood() throws {
        let c = try #require(
            try classifier.classify(Self.window([.beaconRatio: 0.87, .uniqueSSIDCount: 41, .totalDevices: 75])))
        #expect(c.type == .rogueAPBeaconFlood)
        #expect(
            c.description
                == "rogue AP beacon flood at ap-07: 87 % of 200 events were beacons, advertising 41 SSIDs (training "
                + "median 4) from 75 devices")
        // A high beacon ratio in a quiet night window (14 beacons) is not a flood.
        let night = try #require(
            try classifier.classify(Self.window([.beaconRatio: 0.9], events: 15, verdict: Self.barely)))
        #expect(night.type == .unknown)
    }

    @Test("RF jamming: high loss and collapsed data rates")
    func jamming() throws {
        let c = try #require(
            try classifier.classify(
                Self.window([.meanPacketLoss: 0.37, .meanDataRate: 3.2, .meanSignalStrength: -84, .errorRatio: 0.2])))
        #expect(c.type == .rfJamming)
        #expect(
            c.description
                == "RF jamming at ap-07: mean packet loss 37 % (training median 1.3 %) with a mean data rate of 3.20 "
                + "Mbit/s (training median 300 Mbit/s)")
        #expect(c.severity == .critical)
    }

    @Test("MAC flood: very many client MACs with little activity each")
    func macFlood() throws {
        let c = try #require(
            try classifier.classify(
                Self.window([.uniqueMACCount: 460, .meanDeviceActivity: 1.1, .totalDevices: 470], events: 520)))
        #expect(c.type == .macFlood)
        #expect(
            c.description
                == "MAC flood at ap-07: 460 distinct client MACs in one window, 33× the training median, 1.10 events "
                + "each on average")
    }

    @Test("off-hours activity is capped at high by its rule")
    func offHours() throws {
        let c = try #require(
            try classifier.classify(
                Self.window([.meanHourOfDay: 2.5, .maxDeviceActivity: 130, .meanDeviceActivity: 65, .uniqueMACCount: 2])
            ))
        #expect(c.type == .offHoursActivity)
        #expect(c.severity == .high)  // critical by its evidence
        #expect(
            c.description
                == "off-hours activity at ap-07 around 02:30 UTC: one client MAC produced 130 of 200 events (training "
                + "median 3)")
        // The same activity at noon is not off-hours.
        let noon = try classifier.classify(
            Self.window([.maxDeviceActivity: 130, .meanDeviceActivity: 65, .uniqueMACCount: 2], verdict: Self.quiet))
        #expect(noon == nil)
    }

    @Test("a model-only flag is unknown and never above medium, however strong the margin")
    func modelOnly() throws {
        let strong = try #require(
            try classifier.classify(
                Self.window([.meanSignalStrength: -85, .stdSignalStrength: 20, .meanTimeBetweenEvents: 90])))
        #expect(strong.type == .unknown)
        #expect(strong.detectedBy == Detection(source: .model, rules: []))
        #expect(strong.severity == .medium)
        #expect(
            strong.description
                == "unusual activity at ap-07 flagged by model wifi 1.0.0 (score 0.70 over threshold 0.50): "
                + "mean_time_between_events is 90, 7.80 standard deviations above the training mean")
        let weak = try #require(try classifier.classify(Self.window([:], verdict: Self.barely)))
        #expect(weak.severity == .low)
        #expect(weak.confidence == 0.58)  // 0.5 + 0.4 × ((0.52 − 0.5) / 0.5 / 0.2)
        #expect(weak.description.hasSuffix("(score 0.52 over threshold 0.50): no single feature stands out"))
    }

    @Test(
        "high needs a signature; critical needs the model, a signature and two corroborations",
        arguments: [
            // (verdict, deauth ratio, broad deviation, preceding anomalous windows, expected)
            ("barely", 0.0, false, 0, AnomalySeverity.low), ("strong", 0.0, false, 0, .medium),
            ("strong", 0.0, true, 0, .medium), ("barely", 0.0, true, 0, .medium), ("barely", 0.0, false, 1, .medium),
            ("strong", 0.0, true, 3, .medium),
            ("quiet", 0.2, false, 0, .high), ("quiet", 0.65, true, 2, .high),
            ("barely", 0.2, false, 0, .high), ("barely", 0.65, false, 0, .high), ("strong", 0.2, false, 0, .high),
            ("barely", 0.65, true, 0, .critical), ("strong", 0.65, false, 0, .critical),
            ("strong", 0.2, true, 0, .critical), ("barely", 0.2, false, 1, .high),
            ("barely", 0.65, false, 1, .critical),
            ("strong", 0.2, false, 1, .critical),
        ] as [(String, Double, Bool, Int, AnomalySeverity)])
    func severity(verdict: String, deauth: Double, broad: Bool, preceding: Int, expected: AnomalySeverity) throws {
        let v = ["barely": Self.barely, "strong": Self.flagged, "quiet": Self.quiet][verdict]!
        var changes: [F: Double] = [.deauthRatio: deauth]
        if broad { changes.merge([.errorRatio: 0.5, .warningRatio: 0.5, .stdSignalStrength: 30]) { _, b in b } }
        let c = try #require(try classifier.classify(Self.window(changes, verdict: v), precedingAnomalous: preceding))
        #expect(c.severity == expected)
        #expect(c.evidence?.persistence.windows == preceding + 1)
        #expect(c.evidence?.persistence.persistent == (preceding >= 1))
        #expect(c.evidence?.confirmed == (deauth > 0))
    }

    @Test("with a score calibration the model's strength is the score's percentile among the training windows")
    func calibrated() throws {
        // 1,000 training scores 0.000, 0.001, ..., 0.999: the threshold 0.5 sits at the 50th percentile.
        let calibration = try ScoreCalibration(referenceScores: (0..<1000).map { Double($0) / 1000 })
        let calibrated = try AnomalyClassifier(reference: Self.reference, calibration: calibration)
        #expect(calibration.percentile(of: 0.5) == 50.1)
        #expect(calibration.percentile(of: 2) == 100)
        // 0.52 is at the 52.1st percentile: far from strong (99.5), although its margin is 0.04.
        let barely = try #require(try calibrated.classify(Self.window([:], verdict: Self.barely)))
        let model = try #require(barely.evidence?.model)
        #expect(model.flagged && !model.strong && model.percentile == 52.1 && abs(model.margin - 0.04) < 1e-12)
        #expect(barely.severity == .low)
        #expect(barely.confidence == ((0.5 + 0.4 * (52.1 - 50.1) / (99.5 - 50.1)) * 1000).rounded() / 1000)
        let above = ModelVerdict(model: "wifi", modelVersion: "1.0.0", score: 0.9995, threshold: 0.5, isAnomaly: true)
        let strong = try #require(try calibrated.classify(Self.window([:], verdict: above)))
        #expect(strong.evidence?.model.percentile == 100)
        #expect(strong.evidence?.model.strong == true)
        #expect(strong.severity == .medium)
        #expect(strong.confidence == 0.9)
    }

    @Test("the persistence tracker counts consecutive anomalous windows of one AP; a gap or a normal window resets")
    func persistence() {
        var t = PersistenceTracker()
        let w = 300 * second
        #expect(t.record(entity: "a", start: 0, end: w, anomalous: true) == 1)
        #expect(t.preceding(entity: "a", start: w) == 1)
        #expect(t.preceding(entity: "b", start: w) == 0)
        #expect(t.record(entity: "a", start: w, end: 2 * w, anomalous: true) == 2)
        #expect(t.record(entity: "b", start: w, end: 2 * w, anomalous: true) == 1)
        #expect(t.preceding(entity: "a", start: 3 * w) == 0)  // a gap
        #expect(t.record(entity: "a", start: 2 * w, end: 3 * w, anomalous: false) == 0)
        #expect(t.preceding(entity: "a", start: 3 * w) == 0)
        #expect(t.preceding(entity: "b", start: 2 * w) == 1)
    }

    @Test("the first matching rule names the type; every matching rule is reported")
    func priority() throws {
        let c = try #require(try classifier.classify(Self.window([.deauthRatio: 0.4, .authFailureRatio: 0.4])))
        #expect(c.type == .deauthFlood)
        #expect(c.detectedBy.rules == ["deauth_flood", "auth_failure_storm"])
    }

    @Test("contributors: top 5 by |z|, ties in feature order, z capped; a constant training feature gives ±cap")
    func contributors() throws {
        var features = WiFiFeatures.Name.allCases.map { Self.normal[$0] ?? 0 }
        features[F.deauthRatio.index] = 0.12  // z 5
        features[F.authFailureRatio.index] = 0.12  // z 5, earlier feature
        features[F.uniqueMACCount.index] = 15 + 8 * 1000  // z 1000 → capped 100
        features[F.meanSignalStrength.index] = -74  // z -4
        features[F.errorRatio.index] = 0.04  // z 3
        features[F.warningRatio.index] = 0.05  // z 1
        features[F.beaconRatio.index] = 0.32  // z 0.1
        let list = classifier.contributors(of: features)
        #expect(
            list.map(\.feature) == [
                "unique_mac_count", "auth_failure_ratio", "deauth_ratio", "mean_signal_strength", "error_ratio",
            ])
        #expect(list[0].z == 100)
        #expect(abs(list[3].z + 4) < 1e-12)
        let constant = try AnomalyClassifier(
            reference: TrainingReference(features: ["unique_ssid_count": .init(mean: 4, std: 0)]))
        #expect(constant.contributors(of: features.map { _ in 4 }) == [])
        var five = features
        five[F.uniqueSSIDCount.index] = 5
        #expect(constant.contributors(of: five) == [Contributor(feature: "unique_ssid_count", value: 5, z: 100)])
    }

    @Test("rejects a window without 17 finite features")
    func invalidFeatures() {
        var w = Self.window([:])
        w.features.removeLast()
        #expect(throws: AgentsError.self) { try classifier.classify(w) }
        var n = Self.window([:])
        n.features[3] = .nan
        do {
            _ = try classifier.classify(n)
            Issue.record("expected invalid_features")
        } catch {
            #expect(error.code == .invalidFeatures)
        }
    }

    @Test("a reference without the statistic a bound needs falls back to the absolute bound")
    func missingStatistic() throws {
        let sparse = try AnomalyClassifier(
            reference: TrainingReference(features: ["deauth_ratio": .init(mean: 0.02, std: 0.02)]))
        let c = try #require(try sparse.classify(Self.window([.deauthRatio: 0.4], verdict: Self.quiet)))
        #expect(c.type == .deauthFlood)
        #expect(c.description.hasSuffix("20× the training mean"))
        #expect(try sparse.classify(Self.window([.deauthRatio: 0.14], verdict: Self.quiet)) == nil)
    }
}
