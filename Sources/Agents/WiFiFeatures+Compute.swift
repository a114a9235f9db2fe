import Foundation  // sqrt (libm) on Linux

extension WiFiFeatures {
    /// The 17 features of a non-empty window whose events are already sorted by ``WindowEvent/precedes(_:_:)``
    /// and which holds `distinctSSIDs` distinct SSIDs.
    static func compute(sorted events: [WindowEvent], distinctSSIDs: Int, scratch: inout FeatureScratch) -> [Double] {
        let n = events.count
        var authFailures = 0
        var deauths = 0
        var beacons = 0
        var errors = 0
        var warnings = 0
        var withMAC = 0
        var signalSum = 0.0
        var signalCount = 0
        var rateSum = 0.0
        var rateCount = 0
        var lossSum = 0.0
        var lossCount = 0
        var hours = 0.0
        var weekdays = 0.0
        scratch.clients.reset(expected: n)
        scratch.devices.reset(expected: 2 * n)
        for e in events {
            switch e.kind {
            case .authFailure: authFailures += 1
            case .deauthOrDisassoc: deauths += 1
            case .beacon: beacons += 1
            case .other: break
            }
            switch e.level {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: break
            }
            if e.clientMAC != WindowEvent.noDevice {
                scratch.clients.insert(e.clientMAC)
                scratch.devices.insert(e.clientMAC)
                withMAC += 1
            }
            if e.bssid != WindowEvent.noDevice { scratch.devices.insert(e.bssid) }
            if !e.signal.isNaN {
                signalSum += e.signal
                signalCount += 1
            }
            if !e.rate.isNaN {
                rateSum += e.rate
                rateCount += 1
            }
            if !e.loss.isNaN {
                lossSum += e.loss
                lossCount += 1
            }
            hours += hourOfDay(e.ts)
            weekdays += Double(dayOfWeek(e.ts))
        }

        let meanSignal = signalCount > 0 ? signalSum / Double(signalCount) : 0.0
        var stdSignal = 0.0
        if signalCount >= 2 {
            var q = 0.0
            for e in events where !e.signal.isNaN {
                let d = e.signal - meanSignal
                q += d * d
            }
            stdSignal = (q / Double(signalCount)).squareRoot()
        }

        let uniqueMACs = scratch.clients.distinct
        let maxActivity = Int(scratch.clients.largest)
        let devices = scratch.devices.distinct

        let fn = Double(n)
        var span = 0.0
        if n > 1, let first = events.first, let last = events.last {
            span = (Double(last.ts - first.ts) / 1e6) / Double(n - 1)
        }
        return [
            Double(authFailures) / fn,
            Double(deauths) / fn,
            Double(beacons) / fn,
            Double(uniqueMACs),
            Double(distinctSSIDs),
            meanSignal,
            stdSignal,
            rateCount > 0 ? rateSum / Double(rateCount) : 0.0,
            lossCount > 0 ? lossSum / Double(lossCount) : 0.0,
            Double(errors) / fn,
            Double(warnings) / fn,
            hours / fn,
            weekdays / fn,
            span,
            Double(devices),
            Double(maxActivity),
            uniqueMACs > 0 ? Double(withMAC) / Double(uniqueMACs) : 0.0,
        ]
    }
}
