import DataFormats
import Foundation
import ModelRuntime
import Testing
import TestSupport

/// The parts of a printed token `wdn_<12 hex>_<43 base64url>`, nil when the text is not one.
private func tokenParts(_ token: String) -> (id: String, secret: String)? {
    let bytes = Array(token.utf8)
    guard bytes.count == 60, token.hasPrefix("wdn_"), bytes[16] == UInt8(ascii: "_") else { return nil }
    let id = String(decoding: bytes[4..<16], as: UTF8.self)
    let secret = String(decoding: bytes[17...], as: UTF8.self)
    let hex = id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    let base64URL = secret.utf8.allSatisfy { b in
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }
    return hex && base64URL ? (id, secret) : nil
}

/// Every token-shaped word of `text`.
private func tokens(in text: String) -> [String] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\"" }).map(String.init)
        .filter { tokenParts($0) != nil }
}

private func bool(_ value: JSONValue?) -> Bool? {
    if case .bool(let b)? = value { return b }
    return nil
}

private func isNull(_ value: JSONValue?) -> Bool {
    if case .null? = value { return true }
    return false
}

extension DataDir {
    /// Runs `keys create --json` and returns the printed key's id and token.
    func createKey(_ name: String, role: String = "operator", extra: [String] = []) throws
        -> (id: String, token: String)
    {
        let r = try run(["keys", "create", "--name", name, "--role", role, "--by", "alice", "--json"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json, "\(r.stdout)")
        return (try #require(j["id"]?.string), try #require(j["key"]?.string))
    }

    /// The bytes of every registry file: the database and any WAL or journal beside it.
    func registryBytes() throws -> Data {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("registry.sqlite") }
        #expect(names.contains("registry.sqlite"))
        return try names.reduce(into: Data()) { all, name in
            all += try Data(contentsOf: url.appendingPathComponent(name))
        }
    }
}

@Suite("warden keys and warden audit")
struct KeysCLITests {
    @Test("create prints the token once, as wdn_<12 hex>_<43 chars>, with a warning; --json gives its fields")
    func create() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["keys", "create", "--name", "ci", "--role", "operator", "--models", "m,wifi-anomaly"])
        #expect(r.status == 0, "\(r.stderr)")
        let printed = tokens(in: r.stdout)
        #expect(printed.count == 1, "\(r.stdout)")
        let token = try #require(printed.first)
        let parts = try #require(tokenParts(token))
        #expect(parts.secret.count == 43)
        #expect(r.stdout.contains("will not be shown again"))
        #expect(r.stdout.contains(parts.id) && r.stdout.contains("'ci'") && r.stdout.contains("operator"))
        #expect(r.stdout.components(separatedBy: parts.secret).count == 2, "the secret is printed once")

        let j = try #require(try data.run(["keys", "create", "--name", "viewer", "--role", "viewer", "--json"]).json)
        let key = try #require(j["key"]?.string)
        #expect(tokenParts(key)?.id == j["id"]?.string)
        #expect(j["name"]?.string == "viewer" && j["role"]?.string == "viewer" && isNull(j["models"]))
        let admin = try #require(
            try data.run(["keys", "create", "--name", "ops", "--role", "admin", "--models", "m", "--json"]).json)
        #expect(admin["models"]?.array?.compactMap(\.string) == ["m"])

        // An active key's name is taken: conflict (88), and nothing is created.
        let again = try data.run(["keys", "create", "--name", "ci", "--role", "admin"])
        #expect(again.status == 88, "\(again.stderr)")
        #expect(again.error?["code"]?.string == "conflict")
        #expect(again.error?["message"]?.string?.contains(parts.id) == true)
        #expect(tokens(in: again.stdout).isEmpty)
        #expect(try data.run(["keys", "list", "--json"]).json?["keys"]?.array?.count == 3)
    }

    @Test("list shows ids, names, roles and scopes but no secret or hash, and the registry file holds no secret")
    func listHidesSecrets() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let created = try data.createKey("ci", extra: ["--models", "m"])
        let secret = try #require(tokenParts(created.token)).secret
        let text = try data.run(["keys", "list"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains(created.id) && text.stdout.contains("ci") && text.stdout.contains("active"))
        let json = try data.run(["keys", "list", "--json"])
        let keys = try #require(json.json?["keys"]?.array)
        #expect(keys.count == 1)
        #expect(keys.first?["id"]?.string == created.id && keys.first?["role"]?.string == "operator")
        #expect(keys.first?["models"]?.array?.compactMap(\.string) == ["m"])
        #expect(bool(keys.first?["active"]) == true && isNull(keys.first?["revoked_at"]))
        #expect(keys.first?["created_by"]?.string == "cli:alice")
        #expect(keys.first?["hash"] == nil && keys.first?["salt"] == nil)
        for output in [text.stdout, json.stdout, text.stderr, json.stderr] {
            #expect(!output.contains(secret))
            #expect(!output.contains("wdn_"))
        }
        let audit = try data.run(["audit", "--json"])
        #expect(!audit.stdout.contains(secret))
        let bytes = try data.registryBytes()
        #expect(bytes.count > 0)
        #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in the registry file")
        #expect(bytes.range(of: Data(created.id.utf8)) != nil, "the key id is not in the registry file")
    }

    static let refusedCreates: [[String]] = [
        ["--name", "ci", "--role", "root"],
        ["--name", "ci", "--role", "Admin"],
        ["--name", "ci"],
        ["--name", "", "--role", "viewer"],
        ["--name", "ci", "--role", "viewer", "--models", "a/b"],
        ["--name", "ci", "--role", "viewer", "--models", "m,,n"],
    ]

    @Test("create refuses a bad role, name or model list as a usage error (64), creating nothing",
        arguments: refusedCreates)
    func refusedCreate(_ args: [String]) throws {
        let data = DataDir()
        defer { data.cleanup() }
        let r = try data.run(["keys", "create"] + args)
        #expect(r.status == 64, "\(args): \(r.stderr)")
        #expect(tokens(in: r.stdout + r.stderr).isEmpty)
        #expect(try data.run(["keys", "list", "--json"]).json?["keys"]?.array?.isEmpty == true)
    }

    @Test("rotate prints a new token for the same id; the old secret is gone; an unknown id is 80")
    func rotate() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let created = try data.createKey("ci", role: "admin")
        let r = try data.run(["keys", "rotate", created.id, "--by", "bob"])
        #expect(r.status == 0, "\(r.stderr)")
        let rotated = try #require(tokens(in: r.stdout).first)
        #expect(tokens(in: r.stdout).count == 1)
        #expect(rotated != created.token)
        #expect(tokenParts(rotated)?.id == created.id)
        #expect(r.stdout.contains("will not be shown again"))
        let j = try #require(try data.run(["keys", "rotate", created.id, "--json"]).json)
        let third = try #require(j["key"]?.string)
        #expect(tokenParts(third)?.id == created.id && third != rotated)
        #expect(j["name"]?.string == "ci" && j["role"]?.string == "admin")

        let keys = try #require(try data.run(["keys", "list", "--json"]).json?["keys"]?.array)
        #expect(keys.count == 1 && keys.first?["rotated_at"]?.string != nil && bool(keys.first?["active"]) == true)
        let bytes = try data.registryBytes()
        for token in [created.token, rotated, third] {
            #expect(bytes.range(of: Data(try #require(tokenParts(token)).secret.utf8)) == nil)
        }

        let unknown = try data.run(["keys", "rotate", "0123456789ab"])
        #expect(unknown.status == 80, "\(unknown.stderr)")
        #expect(unknown.error?["message"]?.string?.contains("0123456789ab") == true)
        #expect(try data.run(["keys", "rotate", "not-an-id"]).status == 64)
    }

    @Test("revoke marks the key revoked; revoking or rotating it again is key_revoked (81)")
    func revoke() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let created = try data.createKey("ci")
        let other = try data.createKey("other")
        let r = try data.run(["keys", "revoke", created.id])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("revoked") && r.stdout.contains(created.id))
        let keys = try #require(try data.run(["keys", "list", "--json"]).json?["keys"]?.array)
        let byID = Dictionary(uniqueKeysWithValues: keys.map { ($0["id"]?.string ?? "", $0) })
        #expect(bool(byID[created.id]?["active"]) == false && byID[created.id]?["revoked_at"]?.string != nil)
        #expect(bool(byID[other.id]?["active"]) == true)
        #expect(try data.run(["keys", "list"]).stdout.contains("revoked "))

        let twice = try data.run(["keys", "revoke", created.id])
        #expect(twice.status == 81, "\(twice.stderr)")
        #expect(twice.error?["code"]?.string == "key_revoked")
        #expect(twice.error?["message"]?.string?.contains("revoked") == true)
        let rotate = try data.run(["keys", "rotate", created.id])
        #expect(rotate.status == 81, "\(rotate.stderr)")
        #expect(tokens(in: rotate.stdout).isEmpty)
        // The revoked key's name is free again.
        #expect(try data.run(["keys", "create", "--name", "ci", "--role", "viewer"]).status == 0)
    }

    @Test("audit lists key.create, key.rotate and key.revoke newest first, refusals too, filtered")
    func audit() throws {
        let data = DataDir()
        defer { data.cleanup() }
        let created = try data.createKey("ci")
        #expect(try data.run(["keys", "rotate", created.id, "--by", "bob"]).status == 0)
        #expect(try data.run(["keys", "revoke", created.id, "--by", "carol"]).status == 0)
        #expect(try data.run(["keys", "revoke", created.id, "--by", "carol"]).status == 81)

        let r = try data.run(["audit", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let entries = try #require(r.json?["entries"]?.array)
        let rows = entries.map {
            "\($0["action"]?.string ?? "?")/\($0["outcome"]?.string ?? "?")/\($0["actor"]?.string ?? "?")"
        }
        #expect(
            rows == [
                "key.revoke/failed/cli:carol", "key.revoke/success/cli:carol", "key.rotate/success/cli:bob",
                "key.create/success/cli:alice",
            ])
        let ids = entries.compactMap { $0["id"]?.double }
        #expect(ids == ids.sorted(by: >) && Set(ids).count == 4)
        #expect(entries.allSatisfy { $0["target"]?.string == "key:\(created.id)" })
        let create = try #require(entries.last)
        #expect(create["before"] == nil || create["before"] == .null)
        #expect(
            create["after"]?.string
                == #"{"models":null,"name":"ci","role":"operator","rotated_at":null,"state":"active"}"#)
        #expect(entries[1]["before"]?.string?.contains(#""state":"active""#) == true)
        #expect(entries[1]["after"]?.string?.contains(#""state":"revoked""#) == true)
        #expect(entries[0]["details"]?.string?.contains("key_revoked") == true)

        let rotations = try data.run(["audit", "--action", "key.rotate", "--json"]).json?["entries"]?.array
        #expect(rotations?.count == 1)
        let carol = try data.run(["audit", "--actor", "cli:carol", "--limit", "1", "--json"]).json?["entries"]?.array
        #expect(carol?.count == 1 && carol?.first?["outcome"]?.string == "failed")
        let future = try data.run(["audit", "--since", "2999-01-01", "--json"]).json?["entries"]?.array
        #expect(future?.isEmpty == true)
        let past = try data.run(["audit", "--since", "2000-01-01T00:00:00Z", "--json"]).json?["entries"]?.array
        #expect(past?.count == 4)
        let text = try data.run(["audit"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines.last?.contains("key.create") == true)
        #expect(lines.first?.contains("failed") == true)
        #expect(try data.run(["audit", "--since", "yesterday"]).status == 64)
        #expect(try data.run(["audit", "--limit", "-1"]).status == 64)
    }
}
