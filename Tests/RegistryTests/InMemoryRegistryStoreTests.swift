import Foundation
import Registry
import Testing
import TestSupport

@Suite("InMemoryRegistryStore")
struct InMemoryRegistryStoreTests {
    @Test("passes the RegistryStore conformance suite", arguments: RegistryConformance.checks)
    func conformance(_ check: RegistryConformance.Check) async throws {
        try await check.run(InMemoryRegistryStore())
    }

    @Test("serialises concurrent deploys and rollbacks: one serving version, one history entry per success")
    func concurrency() async throws {
        let store = InMemoryRegistryStore()
        let versions = (0..<6).map { "1.0.\($0)" }
        for v in versions { try await store.insert(RegistryConformance.record(v)) }
        let successes = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<24 {
                group.addTask {
                    var done = 0
                    for round in 0..<10 {
                        let command: LifecycleCommand =
                            (task + round) % 3 == 0 ? .rollback(to: nil) : .deploy(versions[(task * 7 + round) % 6])
                        while true {
                            let life = await store.lifecycle(model: "m")
                            guard let plan = try? life.plan(command, actor: "t\(task)", at: Date()) else { break }
                            await Task.yield()  // the load step
                            do {
                                try await store.commit(plan)
                                done += 1
                                break
                            } catch let error as RegistryError where error.code == .conflict {
                                continue
                            }
                        }
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let life = await store.lifecycle(model: "m")
        #expect(life.statuses.values.filter(\.isServing).count == 1)
        #expect(await store.deploymentHistory(model: "m").count == successes)
        #expect(successes > 0)
    }
}
