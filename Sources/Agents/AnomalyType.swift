/// The kinds of anomaly the WiFi classifier names.
public enum AnomalyType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Many deauthentication or disassociation frames: clients kicked off the network.
    case deauthFlood = "deauth_flood"
    /// Many failed authentications: password guessing or a misconfigured fleet.
    case authFailureStorm = "auth_failure_storm"
    /// Beacons dominating the window, advertising many networks: a rogue AP or a beacon flood.
    case rogueAPBeaconFlood = "rogue_ap_beacon_flood"
    /// High packet loss with collapsed data rates: interference or jamming.
    case rfJamming = "rf_jamming"
    /// Very many distinct client MACs with little activity each: MAC randomisation abuse or a flood.
    case macFlood = "mac_flood"
    /// Heavy activity outside business hours.
    case offHoursActivity = "off_hours_activity"
    /// The model flagged the window and no rule explains it.
    case unknown
}
