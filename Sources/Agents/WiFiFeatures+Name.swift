extension WiFiFeatures {
    /// One of the 17 features; `rawValue` is its contract name, ``index`` its position in a feature vector.
    public enum Name: String, Sendable, Hashable, Codable, CaseIterable {
        /// `auth_failure_ratio`.
        case authFailureRatio = "auth_failure_ratio"
        /// `deauth_ratio`.
        case deauthRatio = "deauth_ratio"
        /// `beacon_ratio`.
        case beaconRatio = "beacon_ratio"
        /// `unique_mac_count`.
        case uniqueMACCount = "unique_mac_count"
        /// `unique_ssid_count`.
        case uniqueSSIDCount = "unique_ssid_count"
        /// `mean_signal_strength`.
        case meanSignalStrength = "mean_signal_strength"
        /// `std_signal_strength`.
        case stdSignalStrength = "std_signal_strength"
        /// `mean_data_rate`.
        case meanDataRate = "mean_data_rate"
        /// `mean_packet_loss`.
        case meanPacketLoss = "mean_packet_loss"
        /// `error_ratio`.
        case errorRatio = "error_ratio"
        /// `warning_ratio`.
        case warningRatio = "warning_ratio"
        /// `mean_hour_of_day`.
        case meanHourOfDay = "mean_hour_of_day"
        /// `mean_day_of_week`.
        case meanDayOfWeek = "mean_day_of_week"
        /// `mean_time_between_events`.
        case meanTimeBetweenEvents = "mean_time_between_events"
        /// `total_devices`.
        case totalDevices = "total_devices"
        /// `max_device_activity`.
        case maxDeviceActivity = "max_device_activity"
        /// `mean_device_activity`.
        case meanDeviceActivity = "mean_device_activity"

        /// The feature's position in a vector ordered as ``WiFiFeatures/names``.
        public var index: Int {
            switch self {
            case .authFailureRatio: return 0
            case .deauthRatio: return 1
            case .beaconRatio: return 2
            case .uniqueMACCount: return 3
            case .uniqueSSIDCount: return 4
            case .meanSignalStrength: return 5
            case .stdSignalStrength: return 6
            case .meanDataRate: return 7
            case .meanPacketLoss: return 8
            case .errorRatio: return 9
            case .warningRatio: return 10
            case .meanHourOfDay: return 11
            case .meanDayOfWeek: return 12
            case .meanTimeBetweenEvents: return 13
            case .totalDevices: return 14
            case .maxDeviceActivity: return 15
            case .meanDeviceActivity: return 16
            }
        }
    }
}
