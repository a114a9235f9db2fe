/// The part of a ``LogEvent`` that windows and features need, as plain data (no references, so no reference
/// counting when it is stored, sorted or copied): what ``WindowExtractor`` keeps for every event of an open
/// window. SSIDs are not kept: a window collects its distinct SSIDs as events join it.
struct WindowEvent {
    /// `clientMAC` / `bssid` of an event without one (MACs are 48-bit, so this is never an address).
    static let noDevice = UInt64.max

    /// What the features count of an event type.
    enum Kind: UInt8 {
        case other
        case authFailure
        case deauthOrDisassoc
        case beacon
    }

    var ts: Int64
    var id: Int64
    var clientMAC: UInt64
    var bssid: UInt64
    /// NaN when missing (or not finite).
    var signal: Double
    /// NaN when missing (or not finite).
    var rate: Double
    /// NaN when missing (or not finite).
    var loss: Double
    /// Arrival position within the window: the last sort key, so ties on (ts, id) keep arrival order.
    var order: UInt32
    var kind: Kind
    var level: LogLevel

    init(_ e: LogEvent, order: UInt32) {
        ts = e.ts
        id = e.id
        clientMAC = e.clientMAC?.rawValue ?? WindowEvent.noDevice
        bssid = e.bssid?.rawValue ?? WindowEvent.noDevice
        signal = WindowEvent.measurement(e.signalDBm)
        rate = WindowEvent.measurement(e.dataRateMbps)
        loss = WindowEvent.measurement(e.packetLoss)
        self.order = order
        switch e.eventType {
        case .authFailure: kind = .authFailure
        case .deauth, .disassoc: kind = .deauthOrDisassoc
        case .beacon: kind = .beacon
        default: kind = .other
        }
        level = e.level
    }

    @inline(__always) private static func measurement(_ value: Double?) -> Double {
        guard let value, value.isFinite else { return .nan }
        return value
    }

    /// The features' order: (ts, id), then arrival.
    @inline(__always) static func precedes(_ a: WindowEvent, _ b: WindowEvent) -> Bool {
        if a.ts != b.ts { return a.ts < b.ts }
        if a.id != b.id { return a.id < b.id }
        return a.order < b.order
    }
}
