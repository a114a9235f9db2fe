/// Buffers reused from window to window so that computing features does not allocate per window.
struct FeatureScratch {
    var macs: [UInt64] = []
    var devices: [UInt64] = []
    /// Distinct SSIDs while there are few (a linear scan beats hashing for the usual handful).
    var ssids: [String] = []
    /// Distinct SSIDs once there are many.
    var ssidSet: Set<ExactText> = []

    private static let linearLimit = 8

    mutating func reset() {
        macs.removeAll(keepingCapacity: true)
        devices.removeAll(keepingCapacity: true)
        ssids.removeAll(keepingCapacity: true)
        ssidSet.removeAll(keepingCapacity: true)
    }

    mutating func insertSSID(_ ssid: String) {
        if ssidSet.isEmpty {
            for seen in ssids where ExactText.bytesEqual(seen, ssid) { return }
            if ssids.count < FeatureScratch.linearLimit {
                ssids.append(ssid)
                return
            }
            for seen in ssids { ssidSet.insert(ExactText(seen)) }
        }
        ssidSet.insert(ExactText(ssid))
    }

    var distinctSSIDs: Int { ssidSet.isEmpty ? ssids.count : ssidSet.count }
}
