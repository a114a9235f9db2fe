/// The 17 features of one window of WiFi log events, exactly as the contract's table defines them.
///
/// With `E` the window's events (`n = |E| ≥ 1`) sorted by (`ts`, `id`), ties in arrival order:
///
/// | # | feature | definition |
/// |---|---|---|
/// | 1 | `auth_failure_ratio` | count(`auth_failure`) / n |
/// | 2 | `deauth_ratio` | count(`deauth` or `disassoc`) / n |
/// | 3 | `beacon_ratio` | count(`beacon`) / n |
/// | 4 | `unique_mac_count` | distinct non-null `client_mac` |
/// | 5 | `unique_ssid_count` | distinct non-null `ssid` (compared exactly) |
/// | 6 | `mean_signal_strength` | mean of non-null `signal_dbm` |
/// | 7 | `std_signal_strength` | population std (ddof 0) of `signal_dbm`; 0 with fewer than 2 values |
/// | 8 | `mean_data_rate` | mean of non-null `data_rate_mbps` |
/// | 9 | `mean_packet_loss` | mean of non-null `packet_loss` |
/// | 10 | `error_ratio` | count(level `error`) / n |
/// | 11 | `warning_ratio` | count(level `warning`) / n |
/// | 12 | `mean_hour_of_day` | mean of the UTC hour as `h + m/60 + s/3600`, s with its µs |
/// | 13 | `mean_day_of_week` | mean of the UTC weekday, Monday = 0 … Sunday = 6 |
/// | 14 | `mean_time_between_events` | `((max ts − min ts) µs / 1e6) / (n − 1)`; 0 when n = 1 |
/// | 15 | `total_devices` | distinct non-null values of `client_mac ∪ bssid` |
/// | 16 | `max_device_activity` | most events of one `client_mac`; 0 when there is none |
/// | 17 | `mean_device_activity` | events with a `client_mac` / `unique_mac_count`; 0 when there is none |
///
/// Numerics, as the Python reference (`warden_features.features`) computes them, to agree within
/// `1e-12 · max(1, |x|)` (in practice bit for bit): a mean of a field with no non-null value is 0; sums are plain
/// left-to-right Double additions in the sorted order (not compensated, not pairwise); ratios are
/// `Double(count) / Double(n)`; the standard deviation is two-pass, `m = Σx/k`, then
/// `sqrt(Σ((x − m)·(x − m))/k)`; times stay integer microseconds until the last division
/// (`hour = (Double(h) + Double(m)/60) + Double(tod mod 60 s)/1e6/3600`, weekday `(floor(ts / day) + 3) mod 7`
/// since 1970-01-01 was a Thursday).
public enum WiFiFeatures {
    /// How many features there are.
    public static let count = 17

    /// The feature names in contract order (`training_info.feature_names` of a WiFi model).
    public static let names: [String] = Name.allCases.map(\.rawValue)

    /// The 17 features of a window's events, in ``names`` order.
    ///
    /// - Parameter events: the window's events, in arrival order (they are sorted by (`ts`, `id`) here).
    /// - Throws: ``AgentsError/Code/emptyWindow`` when `events` is empty.
    public static func compute(_ events: some Collection<LogEvent>) throws(AgentsError) -> [Double] {
        guard !events.isEmpty else {
            throw AgentsError(.emptyWindow, "features need at least one event; pass a window's events")
        }
        var compact = [WindowEvent]()
        compact.reserveCapacity(events.count)
        var ssids = DistinctStrings()
        for (i, e) in events.enumerated() {
            compact.append(WindowEvent(e, order: UInt32(truncatingIfNeeded: i)))
            if let ssid = e.ssid { ssids.insert(ssid) }
        }
        compact.sort(by: WindowEvent.precedes)
        var scratch = FeatureScratch()
        return compute(sorted: compact, distinctSSIDs: ssids.count, scratch: &scratch)
    }

    /// For each of a model's feature names, its position in ``names``: the columns to pass to the model.
    ///
    /// - Throws: ``AgentsError/Code/unknownFeatures`` naming every feature the table does not define: such a
    ///   model cannot be paired with a WiFi agent.
    public static func columns(for featureNames: [String]) throws(AgentsError) -> [Int] {
        var columns = [Int]()
        var unknown = [String]()
        for name in featureNames {
            if let feature = Name(rawValue: name) { columns.append(feature.index) } else { unknown.append(name) }
        }
        guard unknown.isEmpty else {
            throw AgentsError(
                .unknownFeatures,
                "the model's features \(unknown.map { "'\($0)'" }.joined(separator: ", ")) are not WiFi log "
                    + "features; pair a model trained on the 17 features of docs/wifi-logs.md")
        }
        return columns
    }

    /// The UTC hour of `ts` (µs since the epoch) as a fraction: `h + m/60 + s/3600`, s with its µs.
    @inline(__always)
    public static func hourOfDay(_ ts: Int64) -> Double {
        let tod = Timestamp.floorModulo(ts, Timestamp.microsecondsPerDay)
        let h = tod / Timestamp.microsecondsPerHour
        let m = (tod / Timestamp.microsecondsPerMinute) % 60
        let s = Double(tod % Timestamp.microsecondsPerMinute) / 1e6
        return (Double(h) + Double(m) / 60.0) + s / 3600.0
    }

    /// The UTC weekday of `ts` (µs since the epoch), Monday = 0 … Sunday = 6.
    @inline(__always)
    public static func dayOfWeek(_ ts: Int64) -> Int {
        Int(Timestamp.floorModulo(Timestamp.floorDivide(ts, Timestamp.microsecondsPerDay) + 3, 7))
    }
}
