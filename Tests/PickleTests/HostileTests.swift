import Foundation
import Pickle
import Testing
import TestSupport

/// A hostile case from python/fixtures/hostile.py.
struct HostileCase: Sendable, CustomStringConvertible {
    var file: String
    var marker: String?
    var expect: String
    var forbiddenGlobal: String?
    var description: String { URL(fileURLWithPath: file).lastPathComponent }

    static let all: [HostileCase] = {
        let dir = Fixtures.directory("hostile")
        guard let data = try? Data(contentsOf: dir.appendingPathComponent("index.json")),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.compactMap { d in
            guard let f = d["file"] as? String else { return nil }
            return HostileCase(
                file: dir.appendingPathComponent(f).path, marker: d["marker"] as? String,
                expect: d["expect"] as? String ?? "", forbiddenGlobal: d["forbidden_global"] as? String)
        }
    }()
}

@Suite("Hostile files are refused without executing anything")
struct HostileTests {
    static let policy = GlobalPolicy.numpyAndJoblib.adding(classes: [
        GlobalName("sklearn.ensemble._iforest", "IsolationForest"), GlobalName("sklearn.tree._classes", "ExtraTreeRegressor"),
        GlobalName("sklearn.tree._tree", "Tree"), GlobalName("sklearn.pipeline", "Pipeline"),
        GlobalName("sklearn.preprocessing._data", "StandardScaler"),
    ])

    @Test("the hostile corpus is present")
    func present() {
        #expect(HostileCase.all.count >= 15, "found \(HostileCase.all.count) hostile cases")
        #expect(HostileCase.all.contains { $0.forbiddenGlobal == "posix.system" || $0.forbiddenGlobal == "os.system" })
    }

    @Test("each hostile file fails with the expected category, naming the global, and creates no marker",
          arguments: HostileCase.all)
    func refused(_ c: HostileCase) throws {
        if let marker = c.marker { try? FileManager.default.removeItem(atPath: marker) }
        let error = #expect(throws: PickleError.self) { _ = try Joblib.load(path: c.file, policy: Self.policy) }
        switch c.expect {
        case "unsafe_pickle":
            #expect(error?.code == .disallowedGlobal || error?.code == .disallowedOpcode, "\(c): \(String(describing: error))")
            if let g = c.forbiddenGlobal { #expect(error?.global == g || error?.message.contains(g) == true, "\(c): \(String(describing: error))") }
        case "limit":
            #expect(error?.code == .limitExceeded || error?.code == .corrupt || error?.code == .truncated, "\(c): \(String(describing: error))")
        default:
            #expect(error != nil)
        }
        if let marker = c.marker {
            #expect(!FileManager.default.fileExists(atPath: marker), "\(c) created \(marker)")
        }
    }

    @Test("disallowed globals are refused by name", arguments: [
        ("os", "system"), ("posix", "system"), ("builtins", "eval"), ("builtins", "exec"), ("subprocess", "Popen"),
        ("builtins", "getattr"), ("builtins", "__import__"), ("nt", "system"), ("numpy", "load"), ("sklearn.utils", "Bunch"),
    ])
    func disallowed(_ global: (String, String)) {
        // PROTO 2, GLOBAL module\nname\n, STOP
        let bytes: [UInt8] = [0x80, 0x02, 0x63] + Array("\(global.0)\n\(global.1)\n".utf8) + [0x2E]
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: Self.policy).load(bytes) }
        #expect(error?.code == .disallowedGlobal)
        #expect(error?.global == "\(global.0).\(global.1)")
        #expect(error?.offset == 2)
    }

    @Test("persistent ids and the extension registry are refused", arguments: [
        [UInt8]([0x80, 0x02, 0x4E, 0x51, 0x2E]), [0x80, 0x02, 0x82, 0x01, 0x2E], [0x50] + Array("x\n".utf8) + [0x2E],
    ])
    func opcodes(_ bytes: [UInt8]) {
        let error = #expect(throws: PickleError.self) { _ = try Unpickler(policy: Self.policy).load(bytes) }
        #expect(error?.code == .disallowedOpcode)
    }
}

@Suite("Damaged and random input")
struct DamagedInputTests {
    static let model = Fixtures.path("samples/wifi-iforest/model.joblib")
    static let plain = Fixtures.directory("pickle").appendingPathComponent("arrays.joblib").path

    @Test("truncating a real file anywhere gives an error with an offset, never a crash")
    func truncation() throws {
        for path in [Self.plain] {
            let bytes = try Fixtures.bytes(URL(fileURLWithPath: path))
            for cut in Array(0..<min(bytes.count, 400)) + stride(from: 400, to: bytes.count, by: max(1, bytes.count / 2000)) {
                let error = #expect(throws: PickleError.self) {
                    _ = try Joblib.load(bytes: Array(bytes[0..<cut]), policy: HostileTests.policy)
                }
                #expect(error?.offset != nil || error?.code == .truncated, "cut at \(cut): \(String(describing: error))")
            }
        }
    }

    @Test("truncated compressed model files fail cleanly")
    func truncatedCompressed() throws {
        let bytes = try Fixtures.bytes(URL(fileURLWithPath: Self.model))
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: PickleError.self) { _ = try Joblib.load(bytes: Array(bytes[0..<cut]), policy: HostileTests.policy) }
        }
    }

    @Test("random bytes fail cleanly")
    func randomBytes() {
        var rng = SystemRandomNumberGenerator()
        for length in [1, 2, 7, 64, 1000, 100_000] {
            for first: UInt8 in [0x80, 0x78, 0x1F, 0x28, 0x5D, UInt8.random(in: 0...255, using: &rng)] {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
                bytes[0] = first
                _ = try? Joblib.load(bytes: bytes, policy: HostileTests.policy)
            }
        }
    }

    @Test("an empty file is named as such")
    func empty() {
        let error = #expect(throws: PickleError.self) { _ = try Joblib.load(bytes: [], policy: HostileTests.policy) }
        #expect(error?.message.contains("empty") ?? false)
    }
}
