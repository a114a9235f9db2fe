import Foundation
import ModelRuntime
import Testing
import TestSupport

@Suite("warden audit records command-line changes")
struct AuditCLITests {
    @Test("import, deploy, a refused deploy, a repeated deploy and tag are in the audit log with actor, before and after")
    func commandLineChanges() throws {
        let data = DataDir()
        defer { data.cleanup() }
        #expect(try data.run(["import", validZip]).status == 0)
        #expect(try data.run(["models", "deploy", firstVersion, "--by", "alice"]).status == 0)
        #expect(try data.run(["models", "deploy", "19990101_000000", "--by", "alice"]).status == 80)  // refused
        let again = try data.run(["models", "deploy", firstVersion, "--by", "alice"])  // already deployed: no change
        #expect(again.status == 0 && again.stdout.contains("nothing changed"), "\(again.stdout)")
        #expect(try data.run(["models", "tag", firstVersion, "stable"]).status == 0)
        let r = try data.run(["audit", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let entries = r.json?["entries"]?.array ?? []
        #expect(entries.compactMap { $0["action"]?.string } == ["tag", "deploy", "deploy", "deploy", "import"])
        let deploys = entries.filter { $0["action"]?.string == "deploy" }
        #expect(deploys.compactMap { $0["outcome"]?.string } == ["success", "failed", "success"])
        #expect(deploys.allSatisfy { $0["actor"]?.string == "cli:alice" })
        #expect(deploys.last?["after"]?.string?.contains(firstVersion) == true)
        #expect(deploys.last?["before"]?.string?.contains("null") == true)
    }
}
