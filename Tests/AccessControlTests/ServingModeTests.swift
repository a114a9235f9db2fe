import Foundation
import AccessControl
import Testing

@Suite("Serving modes")
struct ServingModeTests {
    /// The whole table from the issue: which modes permit which action.
    static let table: [(ModeAction, Set<ServingMode>)] = [
        (.read, [.inference, .training, .maintenance]),
        (.predict, [.inference]),
        (.lifecycle, [.inference, .training]),
        (.registryWrite, [.training]),
        (.maintenance, [.maintenance]),
        (.administer, [.inference, .training, .maintenance]),
    ]

    @Test("the table covers every action")
    func tableIsComplete() {
        #expect(Set(Self.table.map(\.0)) == Set(ModeAction.allCases))
        #expect(Self.table.count == ModeAction.allCases.count)
    }

    @Test("each (mode, action) pair is permitted exactly as the table says", arguments: table)
    func permits(action: ModeAction, modes: Set<ServingMode>) {
        for mode in ServingMode.allCases {
            #expect(mode.permits(action) == modes.contains(mode), "\(mode) \(action)")
        }
        #expect(ServingMode.allowedModes(for: action) == ServingMode.allCases.filter(modes.contains))
    }

    @Test("modes use their names as raw values")
    func rawValues() {
        #expect(ServingMode.allCases.map(\.rawValue) == ["inference", "training", "maintenance"])
        #expect(ServingMode(rawValue: "training") == .training)
        #expect(ServingMode(rawValue: "Training") == nil)
    }
}

@Suite("Mode state")
struct ModeStateTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("the default mode is inference")
    func defaults() {
        let state = ModeState(since: Self.start)
        #expect(state.mode == .inference)
        #expect(state.since == Self.start)
        #expect(state.permits(.predict))
        #expect(!state.permits(.registryWrite))
    }

    @Test("entering another mode changes it and records when", arguments: [ServingMode.training, .maintenance])
    func change(to target: ServingMode) {
        var state = ModeState(mode: .inference, since: Self.start)
        let later = Self.start.addingTimeInterval(60)
        let transition = state.enter(target, at: later)
        #expect(transition == ModeState.Transition(from: .inference, to: target, changed: true))
        #expect(state.mode == target)
        #expect(state.since == later)
        #expect(!state.permits(.predict))
    }

    @Test("entering the current mode is a no-op that keeps the original time")
    func noOp() {
        var state = ModeState(mode: .training, since: Self.start)
        let before = state
        let transition = state.enter(.training, at: Self.start.addingTimeInterval(600))
        #expect(transition == ModeState.Transition(from: .training, to: .training, changed: false))
        #expect(state == before)
    }

    @Test("every pair of modes transitions, and back")
    func allPairs() {
        for from in ServingMode.allCases {
            for to in ServingMode.allCases {
                var state = ModeState(mode: from, since: Self.start)
                let there = state.enter(to, at: Self.start.addingTimeInterval(1))
                #expect(there.changed == (from != to))
                #expect(state.mode == to)
                let back = state.enter(from, at: Self.start.addingTimeInterval(2))
                #expect(back.from == to && back.to == from && back.changed == (from != to))
                #expect(state.since == (from == to ? Self.start : Self.start.addingTimeInterval(2)))
            }
        }
    }
}
