/// Groups log events into tumbling windows per access point and closes them by watermark: a value-type state
/// machine with no I/O. Push events in arrival order; it returns the windows each push closes.
///
/// With `W` = window and `G` = grace in integer µs (the same rules as the Python reference
/// `warden_features.windows`):
/// 1. An event with time `t` belongs to the window (`ap`, `start`), `start = floor(t / W) · W` (floor, so times
///    before 1970 work too), `end = start + W`.
/// 2. The **watermark** is the largest `t` accepted so far over all APs, *before* the current event (none before
///    the first event).
/// 3. The event is **late** when `watermark ≥ end + G`: its window was already closed (scored or skipped) or was
///    never opened and is already past its grace. Every open window is closed as soon as the watermark reaches
///    its `end + G` and the watermark never decreases, so no set of closed windows is needed. A late event is
///    counted in ``ExtractorCounters/late`` and dropped: it never re-opens a window, never moves the watermark.
/// 4. Otherwise the event joins its window (opened if needed) and is counted in ``ExtractorCounters/events``;
///    then `watermark = max(watermark, t)`; then every open window with `watermark ≥ end + G` closes. The windows
///    one push closes come out in (`start`, entity) order, entities compared by UTF-8 bytes (= code points).
/// 5. A closed window with fewer than `min_events` events is **skipped**: returned with ``ClosedWindow/features``
///    nil (``ClosedWindow/isSkipped``) and counted in ``ExtractorCounters/skipped``. Otherwise it is **scored**:
///    its ``WiFiFeatures`` are computed and ``ExtractorCounters/scored`` is incremented.
/// 6. ``finish()`` closes every open window in (`start`, entity) order, as if the watermark had passed them all.
///    Events pushed after it are late.
///
/// Within a window, events are ordered by (`ts`, `id`), ties in arrival order. APs are compared exactly (by
/// bytes) and interned to small integers while they have open windows.
///
/// **Exactly-once resumption.** ``checkpoint`` says where to read again after a restart
/// (``ExtractorCheckpoint/resumePosition``: the smallest id in an open window, else the last id seen + 1).
/// ``init(configuration:resumingFrom:)`` starts from the checkpoint's watermark and counters; an event with
/// `id ≤ lastSeenID` is a replay: it rejoins its window when that was open at the checkpoint (its
/// `end + G > watermark`), is dropped silently otherwise (its window had closed, or it was late), and is never
/// counted. So a run cut at any point, checkpointed and resumed with the source's events from `resumePosition`
/// closes exactly the windows, with the same features and counters, as one uninterrupted run. This needs ids
/// that increase in arrival order (a source read `ORDER BY id`, a file's line numbers).
///
/// ```swift
/// var extractor = WindowExtractor()
/// for event in events {
///     for window in extractor.push(event) where !window.isSkipped { score(window) }
/// }
/// for window in extractor.finish() where !window.isSkipped { score(window) }
/// ```
public struct WindowExtractor: Sendable {
    /// The windowing rules.
    public let configuration: ExtractorConfiguration
    /// What has been done so far.
    public private(set) var counters = ExtractorCounters()
    /// The newest event time accepted (µs since the epoch); nil before the first event.
    public private(set) var watermark: Int64? = nil
    /// The largest id pushed so far (accepted, late or replayed); nil before the first event.
    public private(set) var lastSeenID: Int64? = nil
    /// Whether ``finish()`` was called.
    public private(set) var isFinished = false

    private let width: Int64
    /// Window length plus grace: a window closes when `watermark ≥ start + span`.
    private let span: Int64
    /// Ids up to this one are replays (the checkpoint's lastSeenID).
    private var replayThrough: Int64? = nil
    /// The checkpoint's resume position, still owed until the first event past the replays arrives.
    private var pendingResumePosition: Int64? = nil

    private var entityIDs = EntityTable()
    private var entities: [Entity] = []
    private var freeEntities: [Int32] = []
    private var windows: [OpenWindow] = []
    private var freeWindows: [Int32] = []
    /// The smallest `start + span` over open windows (`Int64.max` when none is open).
    private var nextClose = Int64.max
    /// The last event's window, `lastStart..<lastEnd` (empty at first): consecutive events usually share it,
    /// which saves a division.
    private var lastStart: Int64 = 1
    private var lastEnd: Int64 = 0
    private var scratch = FeatureScratch()

    private struct Entity {
        var name: String
        var key: TextKey
        var hash: UInt64
        /// Slots (in `windows`) of the entity's open windows: one or two in practice.
        var open: [Int32]
    }

    private struct OpenWindow {
        var entity: Int32
        var start: Int64
        var events: [WindowEvent]
        var ssids: DistinctStrings
        var firstID: Int64
        var lastID: Int64
        var isOpen: Bool
    }

    /// Creates an extractor with the contract's defaults or the given rules.
    public init(configuration: ExtractorConfiguration = .standard) {
        self.configuration = configuration
        self.width = configuration.windowMicroseconds
        self.span = configuration.windowMicroseconds + configuration.graceMicroseconds
    }

    /// Resumes from a checkpoint: feed it the source's events from `checkpoint.resumePosition` on.
    ///
    /// - Throws: ``AgentsError/Code/checkpointMismatch`` when the checkpoint was written with another
    ///   configuration (its windows would be cut differently).
    public init(configuration: ExtractorConfiguration, resumingFrom checkpoint: ExtractorCheckpoint) throws(AgentsError)
    {
        guard checkpoint.configuration == configuration else {
            throw AgentsError(
                .checkpointMismatch,
                "the checkpoint was written with \(checkpoint.configuration), the extractor has \(configuration); "
                    + "resume with the checkpoint's configuration or start a new agent position")
        }
        self.init(configuration: configuration)
        counters = checkpoint.counters
        watermark = checkpoint.watermark
        lastSeenID = checkpoint.lastSeenID
        replayThrough = checkpoint.lastSeenID
        if checkpoint.lastSeenID != nil { pendingResumePosition = checkpoint.resumePosition }
    }

    /// Where to resume after a restart, and the state to resume with.
    public var checkpoint: ExtractorCheckpoint {
        var position = pendingResumePosition
        for window in windows where window.isOpen {
            position = min(position ?? window.firstID, window.firstID)
        }
        let resume = position ?? lastSeenID.map { $0 == .max ? .max : $0 + 1 } ?? .min
        return ExtractorCheckpoint(
            resumePosition: resume, lastSeenID: lastSeenID, watermark: watermark, counters: counters,
            configuration: configuration)
    }

    /// How many windows are open.
    public var openWindowCount: Int { windows.count - freeWindows.count }

    /// Adds one event (in arrival order).
    ///
    /// - Returns: the windows this event closes, in (start, entity) order; usually none.
    public mutating func push(_ event: LogEvent) -> [ClosedWindow] {
        let isReplay = replayThrough.map { event.id <= $0 } ?? false
        if !isReplay { pendingResumePosition = nil }
        if let last = lastSeenID {
            if event.id > last { lastSeenID = event.id }
        } else {
            lastSeenID = event.id
        }
        let start: Int64
        if event.ts >= lastStart, event.ts < lastEnd {
            start = lastStart
        } else {
            start = Timestamp.floorDivide(event.ts, width) * width
            lastStart = start
            lastEnd = start + width
        }
        let due = start + span
        if isFinished || (watermark.map { $0 >= due } ?? false) {
            if !isReplay { counters.late += 1 }
            return []
        }
        let slot = Int(openWindow(ap: event.ap, start: start, due: due))
        let order = UInt32(truncatingIfNeeded: windows[slot].events.count)
        windows[slot].events.append(WindowEvent(event, order: order))
        if let ssid = event.ssid { windows[slot].ssids.insert(ssid) }
        if event.id < windows[slot].firstID { windows[slot].firstID = event.id }
        if event.id > windows[slot].lastID { windows[slot].lastID = event.id }
        if !isReplay { counters.events += 1 }
        let mark = max(watermark ?? event.ts, event.ts)
        watermark = mark
        guard mark >= nextClose else { return [] }
        return close(through: mark)
    }

    /// Closes every open window, as at the end of a file; later events are late.
    ///
    /// - Returns: the windows, in (start, entity) order.
    public mutating func finish() -> [ClosedWindow] {
        isFinished = true
        return close(through: nil)
    }

    /// The slot of the open window (ap, start), opened if needed.
    private mutating func openWindow(ap: String, start: Int64, due: Int64) -> Int32 {
        let (key, hash) = entityIDs.key(of: ap)
        let entity: Int32
        let found = entityIDs.find(hash: hash) { id in
            switch (key, entities[Int(id)].key) {
            case (.packed(let a), .packed(let b)): return a == b
            case (.long, .long): return ExactText.bytesEqual(ap, entities[Int(id)].name)
            default: return false
            }
        }
        if let known = found {
            entity = known
            for slot in entities[Int(entity)].open where windows[Int(slot)].start == start { return slot }
        } else if let free = freeEntities.popLast() {
            entity = free
            entities[Int(entity)].name = ap
            entities[Int(entity)].key = key
            entities[Int(entity)].hash = hash
            entityIDs.insert(entity, hash: hash)
        } else {
            entity = Int32(entities.count)
            entities.append(Entity(name: ap, key: key, hash: hash, open: []))
            entityIDs.insert(entity, hash: hash)
        }
        let slot: Int32
        if let free = freeWindows.popLast() {
            slot = free
            windows[Int(slot)].entity = entity
            windows[Int(slot)].start = start
            windows[Int(slot)].firstID = .max
            windows[Int(slot)].lastID = .min
            windows[Int(slot)].isOpen = true
        } else {
            slot = Int32(windows.count)
            windows.append(
                OpenWindow(
                    entity: entity, start: start, events: [], ssids: DistinctStrings(), firstID: .max, lastID: .min,
                    isOpen: true))
        }
        entities[Int(entity)].open.append(slot)
        if due < nextClose { nextClose = due }
        return slot
    }

    /// Closes the open windows with `start + span ≤ mark` (all of them when `mark` is nil).
    private mutating func close(through mark: Int64?) -> [ClosedWindow] {
        var due = [Int32]()
        var next = Int64.max
        for (slot, window) in windows.enumerated() where window.isOpen {
            let closesAt = window.start + span
            if let mark, closesAt > mark {
                next = min(next, closesAt)
            } else {
                due.append(Int32(slot))
            }
        }
        nextClose = next
        due.sort { a, b in
            let wa = windows[Int(a)]
            let wb = windows[Int(b)]
            if wa.start != wb.start { return wa.start < wb.start }
            return ExactText.bytesPrecede(entities[Int(wa.entity)].name, entities[Int(wb.entity)].name)
        }
        var closed = [ClosedWindow]()
        closed.reserveCapacity(due.count)
        for slot in due { closed.append(emit(Int(slot))) }
        return closed
    }

    /// Scores or skips the window in `slot` and frees the slot (keeping its buffer for the next window).
    private mutating func emit(_ slot: Int) -> ClosedWindow {
        let count = windows[slot].events.count
        var features: [Double]? = nil
        if count >= configuration.minEvents {
            windows[slot].events.sort(by: WindowEvent.precedes)
            features = WiFiFeatures.compute(
                sorted: windows[slot].events, distinctSSIDs: windows[slot].ssids.count, scratch: &scratch)
            counters.scored += 1
        } else {
            counters.skipped += 1
        }
        let entity = Int(windows[slot].entity)
        let start = windows[slot].start
        let closed = ClosedWindow(
            entity: entities[entity].name, start: start, end: start + width, eventCount: count,
            firstEventID: windows[slot].firstID, lastEventID: windows[slot].lastID, features: features)

        // A very large window's buffer is released rather than kept for reuse.
        if windows[slot].events.capacity > 1 << 16 {
            windows[slot].events = []
        } else {
            windows[slot].events.removeAll(keepingCapacity: true)
        }
        windows[slot].ssids.removeAll()
        windows[slot].isOpen = false
        freeWindows.append(Int32(slot))
        entities[entity].open.removeAll { $0 == Int32(slot) }
        if entities[entity].open.isEmpty {
            entityIDs.remove(Int32(entity), hash: entities[entity].hash)
            entities[entity].name = ""
            freeEntities.append(Int32(entity))
        }
        return closed
    }
}
