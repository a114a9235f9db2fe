import Foundation
import Hummingbird
import HummingbirdTesting
import ModelRuntime
import Registry
import NIOCore
import Serving
import TestSupport
import WardenApp
import Testing

/// Zero-downtime hot swap: a bounded load on loopback while 100 deploy/rollback cycles run.
@Suite("Hot swap")
struct HotSwapTests {
    /// When a version may have started and stopped serving: the swap to it happened inside its command's
    /// [start, end], and it stopped inside the next command's [start, end].
    struct Window {
        var version: String
        var earliestStart: ContinuousClock.Instant
        var latestEnd: ContinuousClock.Instant?
    }

    @Test("100 deploy/rollback cycles under load: no failed request, every response's version served during it")
    func hotSwap() async throws {
        let expected = try ServingExpected.load()
        let other = "20250101_000000"
        let t = try await TestServer.make(copies: [other])
        defer { t.fixture.remove() }
        let windows = SwapLog([Window(version: ServingFixture.version, earliestStart: .now - .seconds(3600))])
        let done = SwapLog(false)
        let progress = SwapLog(0)
        let observed = SwapLog([(version: String, start: ContinuousClock.Instant, end: ContinuousClock.Instant)]())
        let requestBody = try featuresBody([expected.rows[0]])
        try await t.application.test(.ahc(.http)) { client in
            try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var count = 0
                        var problems: [String] = []
                        while !done.withLock({ $0 }) {
                            let start = ContinuousClock.now
                            let response = try await client.execute(uri: "/predict", method: .post, body: requestBody)
                            let end = ContinuousClock.now
                            count += 1
                            progress.withLock { $0 += 1 }
                            guard response.status == .ok, let version = try response.body.json()["model_version"]?.string else {
                                problems.append("status \(response.status.code): \(String(buffer: response.body))")
                                continue
                            }
                            observed.withLock { $0.append((version, start, end)) }
                        }
                        return (count, problems)
                    }
                }
                for cycle in 0..<100 {
                    // Each cycle waits until the clients have made three more requests, so the swaps interleave
                    // with the load however the machine schedules the tasks (up to 10 s per cycle).
                    let waitUntil = ContinuousClock.now + .seconds(10)
                    while progress.withLock({ $0 }) < 3 * (cycle + 1), ContinuousClock.now < waitUntil {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    for command in [LifecycleCommand.deploy(other), .rollback(to: nil)] {
                        let start = ContinuousClock.now
                        let outcome = try await t.host.perform(command, model: ServingFixture.model, actor: "test")
                        let end = ContinuousClock.now
                        let target = outcome.plan.target
                        windows.withLock { ws in
                            ws[ws.count - 1].latestEnd = end
                            ws.append(Window(version: target, earliestStart: start))
                        }
                    }
                }
                done.withLock { $0 = true }
                var total = 0
                var problems: [String] = []
                for try await (count, p) in group {
                    total += count
                    problems += p
                }
                // Checked once every window is known: a swap inside a command's [start, end] may be recorded
                // after the request that saw it ended.
                let ws = windows.withLock { $0 }
                for (version, start, end) in observed.withLock({ $0 }) {
                    let plausible = ws.contains { w in
                        w.version == version && w.earliestStart <= end && (w.latestEnd.map { $0 >= start } ?? true)
                    }
                    if !plausible { problems.append("version \(version) was not serving during the request") }
                }
                #expect(problems.isEmpty, "\(problems.prefix(5))")
                #expect(total > 200, "the load ran alongside the swaps (\(total) requests)")
            }
        }
        let history = await t.fixture.store.deploymentHistory(model: ServingFixture.model)
        #expect(history.count == 201)
    }
}

/// A value behind a lock, shared by the load tasks and the swapping loop.
final class SwapLog<Value>: @unchecked Sendable {
    // Invariant: `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
