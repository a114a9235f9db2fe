import Foundation
import Registry
import Testing

@Suite("LegacyRegistry parses both model_registry.json formats")
struct LegacyRegistryTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("reads seed 004's flat dictionary with metrics, tags and description")
    func flat() throws {
        let json = """
            {"1.0.0": {"version": "1.0.0", "created_at": "2024-12-21T14:30:00", "model_hash": "abc123...",
              "metrics": {"loss": 0.5, "accuracy": 0.92}, "file_path": "./models/model_v1.0.0.pth",
              "file_size": 10485760, "description": "Production model v1.0", "tags": ["production", "stable"]},
             "1.1.0": {"created_at": "2024-12-22T10:00:00", "metrics": {"loss": 0.4, "accuracy": 0.95},
              "model_hash": "\(String(repeating: "ab", count: 32))", "file_size": 7, "file_path": "m.pth"}}
            """
        let reg = try LegacyRegistry.parse(Data(json.utf8), model: "m", now: Self.now)
        #expect(reg.format == .flat)
        #expect(reg.records.map(\.version) == ["1.0.0", "1.1.0"])
        let first = reg.records[0]
        #expect(first.status == .available)
        #expect(first.tags == ["production", "stable"])
        #expect(first.description == "Production model v1.0")
        #expect(first.files.isEmpty)
        #expect(first.importedAt == Date(timeIntervalSince1970: 1_734_791_400))
        #expect(reg.records[1].files == [ArtifactReference(name: "m.pth", sha256: String(repeating: "ab", count: 32), size: 7)])
        #expect(reg.notes.contains { $0.entry == "1.0.0" && $0.reason.contains("abc123") })
        let cmp = VersionComparison(reg.records[0], reg.records[1])
        #expect(cmp.metrics.map(\.name) == ["accuracy", "loss"])
        #expect(abs((cmp.metrics[1].difference ?? 0) - -0.1) < 1e-12)
    }

    @Test("reads the old models array and reports unusable entries with the reason")
    func modelsArray() throws {
        let json = """
            {"models": [
              {"version": "20241201_143022", "status": "deployed", "created_at": "2024-12-01T14:30:22"},
              {"version": "20241202_143022", "status": "deployed", "created_at": "2024-12-02T14:30:22"},
              {"version": "latest", "status": "available"},
              {"version": "20241203_143022", "status": "archived"},
              {"version": "20241201_143022"},
              "nonsense"
            ]}
            """
        let reg = try LegacyRegistry.parse(Data(json.utf8), model: "m", now: Self.now)
        #expect(reg.format == .modelsArray)
        #expect(reg.records.map(\.version) == ["20241201_143022", "20241202_143022"])
        #expect(reg.records.map(\.status) == [.available, .deployed])
        #expect(reg.skipped.map(\.entry) == ["models[2]", "models[3]", "models[4]", "models[5]"])
        #expect(reg.skipped.map(\.code) == [.invalidVersion, .invalidRecord, .duplicateVersion, .invalidRecord])
        #expect(reg.skipped[1].reason.contains("archived"))
    }

    @Test("maps seed 002's imported_ directory keys to their timestamp version")
    func importedKeys() throws {
        let json = #"{"imported_20241201_143022": {"path": "/m/imported_20241201_143022", "status": "imported"}}"#
        let reg = try LegacyRegistry.parse(Data(json.utf8), model: "m", now: Self.now)
        #expect(reg.records.map(\.version) == ["20241201_143022"])
        #expect(reg.records[0].importedAt == Self.now)
    }

    @Test("refuses a file that is not a JSON object")
    func notJSON() {
        let error = #expect(throws: RegistryError.self) {
            _ = try LegacyRegistry.parse(Data("[1]".utf8), model: "m", now: Self.now)
        }
        #expect(error?.code == .invalidRecord)
    }
}
