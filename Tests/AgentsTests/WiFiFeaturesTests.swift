import Agents
import Testing

@Suite("WiFiFeatures: the 17 features of a window")
struct WiFiFeaturesTests {
    typealias F = WiFiFeatures.Name

    /// Five events of ap-1 on Monday 10:00–10:02 UTC, pushed out of order.
    static var window: [LogEvent] {
        let a = mac("aa:aa:aa:aa:aa:aa")
        let b = mac("bb:bb:bb:bb:bb:bb")
        let x = mac("0a:00:00:00:00:01")
        let y = mac("0a:00:00:00:00:02")
        return [
            LogEvent(
                id: 3, ts: monday10 + 60 * second + 500_000, ap: "ap-1", bssid: y, clientMAC: b, ssid: "guest",
                eventType: .disassoc, level: .error, dataRateMbps: 6, packetLoss: 0.3),
            LogEvent(
                id: 1, ts: monday10, ap: "ap-1", bssid: x, clientMAC: a, ssid: "corp", eventType: .authFailure,
                level: .warning, signalDBm: -60),
            LogEvent(
                id: 5, ts: monday10 + 120 * second, ap: "ap-1", clientMAC: a, eventType: .data, level: .error,
                signalDBm: -65),
            LogEvent(
                id: 2, ts: monday10 + 30 * second, ap: "ap-1", bssid: x, clientMAC: a, ssid: "corp", eventType: .deauth,
                signalDBm: -70, dataRateMbps: 54, packetLoss: 0.1),
            LogEvent(id: 4, ts: monday10 + 90 * second, ap: "ap-1", bssid: y, ssid: "corp", eventType: .beacon),
        ]
    }

    @Test("lists the 17 names in contract order")
    func names() {
        #expect(
            WiFiFeatures.names == [
                "auth_failure_ratio", "deauth_ratio", "beacon_ratio", "unique_mac_count", "unique_ssid_count",
                "mean_signal_strength", "std_signal_strength", "mean_data_rate", "mean_packet_loss", "error_ratio",
                "warning_ratio", "mean_hour_of_day", "mean_day_of_week", "mean_time_between_events", "total_devices",
                "max_device_activity", "mean_device_activity",
            ])
        #expect(WiFiFeatures.Name.allCases.map(\.index) == Array(0..<17))
    }

    @Test("computes every feature of a hand-worked window")
    func handWorked() throws {
        let f = try WiFiFeatures.compute(Self.window)
        #expect(f.count == 17)
        #expect(f[F.authFailureRatio.index] == 1.0 / 5)
        #expect(f[F.deauthRatio.index] == 2.0 / 5)  // deauth and disassoc
        #expect(f[F.beaconRatio.index] == 1.0 / 5)
        #expect(f[F.uniqueMACCount.index] == 2)
        #expect(f[F.uniqueSSIDCount.index] == 2)
        #expect(f[F.meanSignalStrength.index] == (-60.0 + -70.0 + -65.0) / 3)
        #expect(f[F.stdSignalStrength.index] == ((25.0 + 25.0 + 0.0) / 3).squareRoot())
        #expect(f[F.meanDataRate.index] == (54.0 + 6.0) / 2)
        #expect(f[F.meanPacketLoss.index] == (0.1 + 0.3) / 2)
        #expect(f[F.errorRatio.index] == 2.0 / 5)
        #expect(f[F.warningRatio.index] == 1.0 / 5)
        let hours: [Double] = [
            10.0 + 0.0 / 60.0 + 0.0 / 3600.0, (10.0 + 0.0 / 60.0) + 30.0 / 3600.0, (10.0 + 1.0 / 60.0) + 0.5 / 3600.0,
            (10.0 + 1.0 / 60.0) + 30.0 / 3600.0, (10.0 + 2.0 / 60.0) + 0.0 / 3600.0,
        ]
        #expect(f[F.meanHourOfDay.index] == (((hours[0] + hours[1]) + hours[2]) + hours[3] + hours[4]) / 5)
        #expect(f[F.meanDayOfWeek.index] == 0)  // Monday
        #expect(f[F.meanTimeBetweenEvents.index] == 120.0 / 4)
        #expect(f[F.totalDevices.index] == 4)  // a, b, x, y
        #expect(f[F.maxDeviceActivity.index] == 3)  // a
        #expect(f[F.meanDeviceActivity.index] == 4.0 / 2)
    }

    @Test("a single event: time between events and std are 0, means are its values")
    func singleEvent() throws {
        let e = LogEvent(
            id: 1, ts: monday10, ap: "ap", clientMAC: mac("aa:aa:aa:aa:aa:aa"), eventType: .probe, signalDBm: -42.5,
            dataRateMbps: 1, packetLoss: 0)
        let f = try WiFiFeatures.compute([e])
        #expect(f[F.meanTimeBetweenEvents.index] == 0)
        #expect(f[F.stdSignalStrength.index] == 0)
        #expect(f[F.meanSignalStrength.index] == -42.5)
        #expect(f[F.meanDataRate.index] == 1)
        #expect(f[F.maxDeviceActivity.index] == 1)
        #expect(f[F.meanDeviceActivity.index] == 1)
        #expect(f[F.totalDevices.index] == 1)
    }

    @Test("fields without any non-null value give 0.0; no client MAC gives zero device activity")
    func noValues() throws {
        let events = (0..<3).map { LogEvent(id: Int64($0), ts: monday10 + Int64($0) * second, ap: "ap") }
        let f = try WiFiFeatures.compute(events)
        for name in [
            F.uniqueMACCount, .uniqueSSIDCount, .meanSignalStrength, .stdSignalStrength, .meanDataRate,
            .meanPacketLoss, .totalDevices, .maxDeviceActivity, .meanDeviceActivity, .authFailureRatio,
            .errorRatio, .warningRatio,
        ] {
            #expect(f[name.index] == 0, "\(name)")
        }
        #expect(f[F.meanTimeBetweenEvents.index] == 1)
    }

    @Test("std of signal is 0 with fewer than 2 values and population (ddof 0) with 2")
    func stdEdges() throws {
        var events = [LogEvent(id: 1, ts: monday10, ap: "ap", signalDBm: -50), LogEvent(id: 2, ts: monday10, ap: "ap")]
        #expect(try WiFiFeatures.compute(events)[F.stdSignalStrength.index] == 0)
        events.append(LogEvent(id: 3, ts: monday10, ap: "ap", signalDBm: -54))
        #expect(try WiFiFeatures.compute(events)[F.stdSignalStrength.index] == 2)
    }

    @Test("sums run left to right over events sorted by (ts, id), ties in arrival order")
    func summationOrder() throws {
        // In (ts, id) order the signals are 1e16, 1, -1e16: (1e16 + 1) - 1e16 == 0 in Double, so the mean is 0;
        // any other order or a compensated sum would give 1/3.
        let byTime = [
            LogEvent(id: 9, ts: monday10 + 2, ap: "ap", signalDBm: -1e16),
            LogEvent(id: 8, ts: monday10 + 1, ap: "ap", signalDBm: 1),
            LogEvent(id: 7, ts: monday10, ap: "ap", signalDBm: 1e16),
        ]
        #expect(try WiFiFeatures.compute(byTime)[F.meanSignalStrength.index] == 0)
        let byID = [
            LogEvent(id: 3, ts: monday10, ap: "ap", signalDBm: -1e16),
            LogEvent(id: 2, ts: monday10, ap: "ap", signalDBm: 1),
            LogEvent(id: 1, ts: monday10, ap: "ap", signalDBm: 1e16),
        ]
        #expect(try WiFiFeatures.compute(byID)[F.meanSignalStrength.index] == 0)
        let byArrival = [
            LogEvent(id: 1, ts: monday10, ap: "ap", signalDBm: 1e16),
            LogEvent(id: 1, ts: monday10, ap: "ap", signalDBm: 1),
            LogEvent(id: 1, ts: monday10, ap: "ap", signalDBm: -1e16),
        ]
        #expect(try WiFiFeatures.compute(byArrival)[F.meanSignalStrength.index] == 0)
        let other = [byArrival[0], byArrival[2], byArrival[1]]
        #expect(try WiFiFeatures.compute(other)[F.meanSignalStrength.index] == 1.0 / 3)
    }

    @Test(
        "hour of day is UTC with minutes and µs seconds; weekday is Monday 0 … Sunday 6",
        arguments: [
            ("2026-01-05T00:00:00Z", 0.0, 0), ("2026-01-05T23:59:59.999999Z", (23.0 + 59.0 / 60) + 59.999999 / 3600, 0),
            ("2026-01-11T12:30:00Z", 12.5, 6), ("2026-01-10T06:15:36Z", (6.0 + 15.0 / 60) + 36.0 / 3600, 5),
            ("1969-12-31T18:00:00Z", 18.0, 2), ("1970-01-01T00:00:00Z", 0.0, 3),
            ("2026-01-05T10:00:00+02:00", 8.0, 0),
        ] as [(String, Double, Int)])
    func clock(text: String, hour: Double, weekday: Int) throws {
        let ts = try #require(Timestamp(iso8601: text)).microseconds
        #expect(WiFiFeatures.hourOfDay(ts) == hour)
        #expect(WiFiFeatures.dayOfWeek(ts) == weekday)
        let f = try WiFiFeatures.compute([LogEvent(id: 1, ts: ts, ap: "ap")])
        #expect(f[F.meanHourOfDay.index] == hour)
        #expect(f[F.meanDayOfWeek.index] == Double(weekday))
    }

    @Test("SSIDs compare exactly: case and Unicode normalisation forms are distinct; many SSIDs are counted")
    func ssidsExact() throws {
        let names = ["corp", "Corp", "caf\u{E9}", "cafe\u{301}", "corp"]
        let events = names.enumerated().map { LogEvent(id: Int64($0.offset), ts: monday10, ap: "ap", ssid: $0.element) }
        #expect(try WiFiFeatures.compute(events)[F.uniqueSSIDCount.index] == 4)
        let many = (0..<60).map { LogEvent(id: Int64($0), ts: monday10, ap: "ap", ssid: "wlan-\($0 % 23)") }
        #expect(try WiFiFeatures.compute(many)[F.uniqueSSIDCount.index] == 23)
    }

    @Test("total devices is the distinct union of client MACs and BSSIDs")
    func devicesUnion() throws {
        let a = mac("aa:aa:aa:aa:aa:aa")
        let b = mac("bb:bb:bb:bb:bb:bb")
        let events = [
            LogEvent(id: 1, ts: monday10, ap: "ap", bssid: a, clientMAC: b),
            LogEvent(id: 2, ts: monday10, ap: "ap", bssid: b, clientMAC: a),
            LogEvent(id: 3, ts: monday10, ap: "ap", bssid: b),
        ]
        let f = try WiFiFeatures.compute(events)
        #expect(f[F.totalDevices.index] == 2)
        #expect(f[F.uniqueMACCount.index] == 2)
        #expect(f[F.maxDeviceActivity.index] == 1)
        #expect(f[F.meanDeviceActivity.index] == 1)
    }

    @Test("an empty window is an error")
    func empty() {
        #expect(throws: AgentsError.self) { try WiFiFeatures.compute([LogEvent]()) }
    }

    @Test("maps a model's feature names to columns and refuses unknown features by name")
    func columns() throws {
        #expect(try WiFiFeatures.columns(for: ["deauth_ratio", "auth_failure_ratio"]) == [1, 0])
        #expect(try WiFiFeatures.columns(for: WiFiFeatures.names) == Array(0..<17))
        do {
            _ = try WiFiFeatures.columns(for: ["deauth_ratio", "bytes_sent", "cpu"])
            Issue.record("expected unknown_features")
        } catch {
            #expect(error.code == .unknownFeatures)
            #expect(error.message.contains("'bytes_sent', 'cpu'"))
        }
    }
}
