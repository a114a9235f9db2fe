import DataFormats
import Foundation
import Testing
import TestSupport

@Suite("warden mcp: MCP over stdio for one API key from the environment or a key file")
struct MCPCLITests {
    /// A data dir with the valid package imported and deployed, and keys of two roles.
    static func registry() throws -> (DataDir, viewer: String, admin: String) {
        let dir = DataDir()
        #expect(try dir.run(["import", validZip]).status == 0)
        #expect(try dir.run(["models", "deploy", firstVersion]).status == 0)
        return (dir, try dir.createKey("assistant", role: "viewer").token, try dir.createKey("ops", role: "admin").token)
    }

    static let session = [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"cli-test","version":"1"}}}"#,
        #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_models","arguments":{}}}"#,
        #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"deploy_version","arguments":{"version":"20241201_143022","reason":"r"}}}"#,
    ].joined(separator: "\n") + "\n"

    /// The replies of a session by id.
    static func replies(_ stdout: String) throws -> [Int: JSONValue] {
        var out: [Int: JSONValue] = [:]
        for line in stdout.split(separator: "\n") {
            let reply = try JSONValue.parse(Array(line.utf8))
            if let id = reply["id"]?.int { out[id] = reply }
        }
        return out
    }

    @Test("a viewer key from WARDEN_API_KEY: the tools list and read, deploy_version is refused and audited")
    func viewerSession() throws {
        let (dir, viewer, _) = try Self.registry()
        defer { dir.cleanup() }
        let r = try WardenBinary.run(
            ["mcp", "--data-dir", dir.path], stdin: Self.session, environment: ["WARDEN_API_KEY": viewer])
        #expect(r.status == 0, "\(r.stderr)")
        let replies = try Self.replies(r.stdout)
        #expect(replies.count == 4, "\(r.stdout)")
        #expect(replies[1]?["result"]?["protocolVersion"] == "2025-06-18")
        #expect(replies[2]?["result"]?["tools"]?.array?.count == 17)
        #expect(replies[3]?["result"]?["structuredContent"]?["count"] == 1)
        #expect(replies[4]?["result"]?["isError"] == true)
        #expect(replies[4]?["result"]?["structuredContent"]?["error"]?["code"] == "forbidden")
        let audit = try dir.run(["audit", "--json", "--action", "deploy"])
        #expect(audit.stdout.contains("denied"), "\(audit.stdout)")
        #expect(!r.stderr.contains(viewer), "the key never reaches the log")
    }

    @Test("--key-file: an admin key deploys, the change is in the registry")
    func keyFile() throws {
        let (dir, _, admin) = try Self.registry()
        defer { dir.cleanup() }
        let file = dir.url.appendingPathComponent("key.txt")
        try (admin + "\n").write(to: file, atomically: true, encoding: .utf8)
        let r = try WardenBinary.run(["mcp", "--data-dir", dir.path, "--key-file", file.path], stdin: Self.session)
        #expect(r.status == 0, "\(r.stderr)")
        let deploy = try Self.replies(r.stdout)[4]?["result"]
        #expect(deploy?["isError"] == nil, "\(String(describing: deploy))")
        #expect(deploy?["structuredContent"]?["changed"] == false)  // it already serves
    }

    @Test("without a key, or with a bad one, it refuses to start (exit 99) and says how to give one")
    func refusals() throws {
        let (dir, _, _) = try Self.registry()
        defer { dir.cleanup() }
        let none = try WardenBinary.run(["mcp", "--data-dir", dir.path], stdin: Self.session)
        #expect(none.status == 99)
        #expect(none.stderr.contains("WARDEN_API_KEY"))
        #expect(none.stdout.isEmpty)
        let bad = try WardenBinary.run(
            ["mcp", "--data-dir", dir.path], stdin: Self.session, environment: ["WARDEN_API_KEY": "wdn_nope_nope"])
        #expect(bad.status == 99)
        #expect(bad.stderr.contains("invalid_key"))
        let missing = try WardenBinary.run(["mcp", "--data-dir", dir.path, "--key-file", "/nonexistent/key"])
        #expect(missing.status == 99)
    }

    @Test("--catalog prints the catalog committed as docs/MCP.json")
    func catalog() throws {
        let r = try WardenBinary.run(["mcp", "--catalog"])
        #expect(r.status == 0)
        let committed = try JSONValue.parse(try Data(contentsOf: Fixtures.root.appendingPathComponent("docs/MCP.json")))
        #expect(try JSONValue.parse(Array(r.stdout.utf8)) == committed)
    }
}
