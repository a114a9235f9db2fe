import Foundation

/// Server-side SVG geometry: numbers in, coordinates out (the templates draw them; no script, no markup built
/// from text here).
enum SVGChart {
    /// A sparkline's polyline points (`x,y x,y …`) in a `width`×`height` box; gaps (nil) are skipped. Empty when
    /// nothing was measured.
    static func sparkline(_ values: [Double?], width: Double = 120, height: Double = 28) -> String {
        let known = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = known.min(), let high = known.max(), values.count > 1 else { return "" }
        let span = high - low
        var out: [String] = []
        for (i, v) in values.enumerated() {
            guard let v, v.isFinite else { continue }
            let x = Double(i) / Double(values.count - 1) * width
            let y = span > 0 ? height - 2 - (v - low) / span * (height - 4) : height / 2
            out.append(format(x) + "," + format(y))
        }
        return out.joined(separator: " ")
    }

    /// Horizontal bars for labelled values (contributors' z-scores): each bar's label, value text, y, width and
    /// whether it is negative, scaled to the largest magnitude over `width`.
    static func bars(_ items: [(label: String, value: Double)], width: Double = 360, rowHeight: Double = 22)
        -> [[String: Any]]
    {
        let top = items.map { abs($0.value) }.filter(\.isFinite).max() ?? 0
        return items.enumerated().map { i, item in
            let w = top > 0 && item.value.isFinite ? max(1, abs(item.value) / top * width) : 1
            return [
                "label": item.label, "value": format(item.value), "y": format(Double(i) * rowHeight),
                "textY": format(Double(i) * rowHeight + rowHeight * 0.7), "width": format(w),
                "height": format(rowHeight - 6), "negative": item.value < 0,
            ]
        }
    }

    /// A histogram's bars in a `width`×`height` box: per bin the recent share (a filled bar) and, when given, the
    /// reference share (an outlined bar beside it), both scaled to the largest share; with the bin's range and
    /// counts for the data table beside the chart.
    static func histogram(
        edges: [Double], current: [Int], reference: [Int]?, width: Double = 480, height: Double = 160
    ) -> [[String: Any]] {
        guard edges.count == current.count + 1, !current.isEmpty else { return [] }
        let totalCurrent = Double(max(1, current.reduce(0, +)))
        let totalReference = Double(max(1, reference?.reduce(0, +) ?? 0))
        let shares = current.map { Double($0) / totalCurrent }
        let referenceShares = reference.map { $0.map { Double($0) / totalReference } }
        let top = max(shares.max() ?? 0, referenceShares?.max() ?? 0)
        let slot = width / Double(current.count)
        let barWidth = referenceShares == nil ? slot - 2 : (slot - 2) / 2
        return current.indices.map { i in
            func bar(_ share: Double) -> (y: String, h: String) {
                let h = top > 0 ? share / top * (height - 4) : 0
                return (format(height - h), format(h))
            }
            let c = bar(shares[i])
            var row: [String: Any] = [
                "x": format(Double(i) * slot + 1), "y": c.y, "height": c.h, "width": format(max(1, barWidth)),
                "from": UIFormat.number(edges[i], digits: 4), "to": UIFormat.number(edges[i + 1], digits: 4),
                "count": current[i], "share": UIFormat.percent(shares[i]),
            ]
            if let referenceShares, let reference {
                let r = bar(referenceShares[i])
                row["hasRef"] = true
                row["refX"] = format(Double(i) * slot + 1 + barWidth)
                row["refY"] = r.y
                row["refHeight"] = r.h
                row["refCount"] = reference[i]
                row["refShare"] = UIFormat.percent(referenceShares[i])
            }
            return row
        }
    }

    static func format(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        return String(format: "%.2f", v)
    }
}

/// Display formats shared by the pages.
enum UIFormat {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(secondsFromGMT: 0) ?? c.timeZone
        return c
    }()

    /// `2026-01-06 08:50:00 UTC`.
    static func date(_ d: Date?) -> String {
        guard let d else { return "—" }
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0)
    }

    static func percent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return String(format: "%.2f %%", v * 100)
    }

    static func number(_ v: Double?, digits: Int = 3) -> String {
        guard let v, v.isFinite else { return "—" }
        return String(format: "%.\(digits)f", v)
    }

    static func milliseconds(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "—" }
        return String(format: "%.2f ms", seconds * 1000)
    }

    static func duration(_ seconds: Double?) -> String {
        guard let s = seconds, s.isFinite else { return "—" }
        if s < 120 { return String(format: "%.0f s", s) }
        if s < 7200 { return String(format: "%.0f min", s / 60) }
        if s < 172_800 { return String(format: "%.1f h", s / 3600) }
        return String(format: "%.1f d", s / 86400)
    }

    static func bytes(_ n: Int) -> String {
        n < 1024
            ? "\(n) B"
            : n < 1_048_576
                ? String(format: "%.1f KiB", Double(n) / 1024)
                : String(format: "%.1f MiB", Double(n) / 1_048_576)
    }
}
