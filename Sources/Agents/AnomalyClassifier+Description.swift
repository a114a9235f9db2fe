import Foundation  // String(format:)

extension AnomalyClassifier {
    /// One sentence for an operator: what happened, where, and how it compares with the training windows.
    func describe(_ type: AnomalyType, _ w: ScoredWindow, contributors: [Contributor]) -> String {
        typealias F = WiFiFeatures.Name
        let ap = w.entity
        let n = w.eventCount
        switch type {
        case .deauthFlood:
            return "deauth flood at \(ap): \(percent(w[.deauthRatio])) of \(n) events were deauthentications or "
                + "disassociations\(comparison(.deauthRatio, w))"
        case .authFailureStorm:
            return "authentication failure storm at \(ap): \(percent(w[.authFailureRatio])) of \(n) events were "
                + "failed authentications, from \(count(w[.uniqueMACCount])) client MACs"
                + comparison(.authFailureRatio, w)
        case .rogueAPBeaconFlood:
            return "rogue AP beacon flood at \(ap): \(percent(w[.beaconRatio])) of \(n) events were beacons, "
                + "advertising \(count(w[.uniqueSSIDCount])) SSIDs\(median(.uniqueSSIDCount)) from "
                + "\(count(w[.totalDevices])) devices"
        case .rfJamming:
            let loss = percent(w[.meanPacketLoss]) + median(.meanPacketLoss, percent: true)
            let rate = number(w[.meanDataRate]) + " Mbit/s" + median(.meanDataRate, unit: " Mbit/s")
            return "RF jamming at \(ap): mean packet loss \(loss) with a mean data rate of \(rate)"
        case .macFlood:
            return "MAC flood at \(ap): \(count(w[.uniqueMACCount])) distinct client MACs in one window"
                + "\(comparison(.uniqueMACCount, w)), \(number(w[.meanDeviceActivity])) events each on average"
        case .offHoursActivity:
            return "off-hours activity at \(ap) around \(clock(w[.meanHourOfDay])) UTC: one client MAC produced "
                + "\(count(w[.maxDeviceActivity])) of \(n) events\(median(.maxDeviceActivity))"
        case .unknown:
            let v = w.verdict
            var text =
                "unusual activity at \(ap) flagged by model \(v.model) \(v.modelVersion) (score "
                + "\(number(v.score)) over threshold \(number(v.threshold)))"
            if let top = contributors.first, abs(top.z) >= rules.evidence.deviationZ {
                let direction = top.z > 0 ? "above" : "below"
                text +=
                    ": \(top.feature) is \(number(top.value)), \(number(abs(top.z))) standard deviations "
                    + "\(direction) the training mean"
            } else {
                text += ": no single feature stands out"
            }
            return text
        }
    }

    /// ", 19× the training median" (or mean, or "where training windows had none"); "" without a reference.
    private func comparison(_ feature: WiFiFeatures.Name, _ w: ScoredWindow) -> String {
        guard let s = reference[feature.rawValue] else { return "" }
        let x = w[feature]
        if let p50 = s.p50, p50 > 0 { return ", \(times(x / p50)) the training median" }
        if s.mean > 0 { return ", \(times(x / s.mean)) the training mean" }
        return ", where training windows had none"
    }

    /// " (training median 4)"; "" without a median.
    private func median(_ feature: WiFiFeatures.Name, percent asPercent: Bool = false, unit: String = "") -> String {
        guard let p50 = reference[feature.rawValue]?.p50 else { return "" }
        return " (training median \(asPercent ? percent(p50) : number(p50))\(unit))"
    }

    private func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        return String(format: p >= 10 || p == 0 ? "%.0f %%" : "%.1f %%", p)
    }

    private func times(_ ratio: Double) -> String {
        String(format: ratio >= 10 ? "%.0f×" : "%.1f×", ratio)
    }

    private func count(_ x: Double) -> String { String(format: "%.0f", x) }

    private func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.0f", x) }
        let magnitude = abs(x)
        return String(format: magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f", x)
    }

    private func clock(_ hour: Double) -> String {
        let minutes = Int((hour * 60).rounded()) % (24 * 60)
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
