import Foundation
import ModelPackage
import Testing
import TestSupport

/// One archive written by python/fixtures/zips.py, as listed in Tests/Fixtures/zips/index.json.
struct ZipCase: Sendable, Decodable, CustomStringConvertible {
    /// One entry of a readable archive, with the bytes Python put in summarised by size and CRC-32.
    struct Entry: Sendable, Decodable {
        var name: String
        var size: Int
        var crc32: UInt32
        var sha256: String
        var method: Int
        var directory: Bool
    }

    var file: String
    var expect: String?
    var stage: String?
    var entry: String?
    var issues: Int?
    var note: String
    var entries: [Entry]?
    var topLevel: String?
    var ignored: [String]?

    enum CodingKeys: String, CodingKey {
        case file, expect, stage, entry, issues, note, entries, ignored
        case topLevel = "top_level"
    }

    var url: URL { Fixtures.directory("zips").appendingPathComponent(file) }
    var description: String { file }

    static let all: [ZipCase] = {
        let index = Fixtures.directory("zips").appendingPathComponent("index.json")
        guard let data = try? Data(contentsOf: index) else { return [] }
        return (try? JSONDecoder().decode([ZipCase].self, from: data)) ?? []
    }()

    static let readable = all.filter { $0.expect == nil }
    static let refusedWhenReading = all.filter { $0.stage == "read" }

    static func named(_ file: String) -> ZipCase? { all.first { $0.file == file } }
}

/// CRC-32 (IEEE) computed here, independently of zlib, to check what the reader returns.
enum TestCRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    static func of(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-zip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    return url
}

/// Every path below `url`, relative to it, without following links.
func tree(_ url: URL) -> [String] {
    let items = (try? FileManager.default.subpathsOfDirectory(atPath: url.path)) ?? []
    return items.sorted()
}

@Suite("ZipArchive opens untrusted deployment packages")
struct ZipArchiveTests {
    static let refusalCodes = ModelPackageError.Code.allCases.filter { $0 != .io }

    @Test("the zip corpus is present and covers every refusal code")
    func corpus() {
        #expect(ZipCase.all.count >= 30, "found \(ZipCase.all.count) zip fixtures")
        for code in Self.refusalCodes {
            #expect(ZipCase.all.contains { $0.expect == code.rawValue }, "no fixture expects \(code.rawValue)")
        }
    }

    @Test("refuses each hostile archive with its code, naming the entry and a remedy", arguments: refusalCodes)
    func refusedWhenOpening(_ code: ModelPackageError.Code) throws {
        let cases = ZipCase.all.filter { $0.expect == code.rawValue && $0.stage == "open" }
        #expect(!cases.isEmpty || code == .zipBomb || code == .corruptZip)
        for c in cases {
            let error = #expect(throws: ModelPackageError.self, "\(c)") { _ = try ZipArchive(contentsOf: c.url) }
            guard let error else { continue }
            #expect(error.code == code, "\(c): \(error)")
            if let entry = c.entry {
                #expect(error.message.contains(entry), "\(c): message does not name \(entry): \(error)")
                #expect(error.issues.contains { $0.entry?.contains(entry) == true }, "\(c): \(error.issues)")
            }
            if let count = c.issues { #expect(error.issues.count == count, "\(c): \(error.issues)") }
            #expect(error.message.count > 40, "\(c): message too short to carry a remedy: \(error)")
        }
    }

    @Test("opens damaged entries but refuses to read them", arguments: ZipCase.refusedWhenReading)
    func refusedWhenReading(_ c: ZipCase) throws {
        let archive = try ZipArchive(contentsOf: c.url)
        let entry = try #require(archive.entries.first { $0.name == c.entry })
        let error = #expect(throws: ModelPackageError.self) { _ = try archive.data(for: entry) }
        #expect(error?.code.rawValue == c.expect, "\(c): \(String(describing: error))")
        #expect(error?.entry == c.entry)
    }

    @Test("reads every entry back as the bytes Python wrote", arguments: ZipCase.readable)
    func roundTrip(_ c: ZipCase) throws {
        let archive = try ZipArchive(contentsOf: c.url)
        let expected = try #require(c.entries)
        #expect(archive.entries.map(\.name) == expected.map(\.name))
        for (entry, want) in zip(archive.entries, expected) {
            let bytes = try archive.data(for: entry)
            #expect(bytes.count == want.size, "\(entry.name)")
            #expect(TestCRC32.of(bytes) == want.crc32, "\(entry.name)")
            #expect(entry.crc32 == want.crc32)
            #expect(Int(entry.method.rawValue) == want.method)
            #expect(entry.isDirectory == want.directory)
        }
        #expect(archive.commonTopLevelFolder == c.topLevel)
        #expect(archive.ignoredEntries == (c.ignored ?? []))
    }

    @Test("the ZIP64 package lists the same entries as the plain one")
    func zip64() throws {
        let plain = try ZipArchive(contentsOf: #require(ZipCase.named("package.zip")).url)
        let zip64 = try ZipArchive(contentsOf: #require(ZipCase.named("package_zip64.zip")).url)
        #expect(zip64.entries.map(\.name) == plain.entries.filter { !$0.isDirectory }.map(\.name))
        for entry in zip64.entries {
            let twin = try #require(plain.entry(named: entry.name))
            #expect(try zip64.data(for: entry) == plain.data(for: twin))
        }
    }

    @Test("exposes the top-level folder of a nested package and sets macOS debris aside")
    func nested() throws {
        let archive = try ZipArchive(contentsOf: #require(ZipCase.named("package_nested.zip")).url)
        let prefix = try #require(archive.commonTopLevelFolder)
        #expect(prefix == "model_20241201_143022_deployment/")
        #expect(archive.entry(named: prefix + "deployment_manifest.json") != nil)
        #expect(archive.ignoredEntries.contains { $0.hasPrefix("__MACOSX/") })
        #expect(archive.ignoredEntries.contains { $0.hasSuffix(".DS_Store") })
        #expect(!archive.entries.contains { $0.name.contains("__MACOSX") || $0.name.hasSuffix(".DS_Store") })
    }

    @Test("reports every unsafe entry at once, not only the first")
    func allIssues() throws {
        let c = try #require(ZipCase.named("multiple_unsafe.zip"))
        let error = #expect(throws: ModelPackageError.self) { _ = try ZipArchive(contentsOf: c.url) }
        #expect(error?.issues.compactMap(\.entry).sorted() == ["../a.txt", "/b.txt", "c\\d.txt"])
        #expect(error?.entry == nil)
        #expect(error?.message.contains("3 problems") == true)
    }

    @Test("refuses the bomb from its headers, before inflating anything")
    func bomb() throws {
        let c = try #require(ZipCase.named("bomb.zip"))
        let error = #expect(throws: ModelPackageError.self) { _ = try ZipArchive(contentsOf: c.url) }
        #expect(error?.code == .zipBomb)
        #expect(error?.message.contains("209715200 bytes") == true, "\(String(describing: error))")
        // With the ratio check relaxed, the per-entry size limit still refuses it at open: nothing is inflated.
        let relaxed = ZipLimits(maxEntryBytes: 64 << 20, maxCompressionRatio: 100_000)
        let sized = #expect(throws: ModelPackageError.self) { _ = try ZipArchive(contentsOf: c.url, limits: relaxed) }
        #expect(sized?.code == .tooLarge)
        #expect(sized?.entry == "model.joblib")
    }

    @Test("stops inflating one byte past the size a lying header declares")
    func lyingHeader() throws {
        let archive = try ZipArchive(contentsOf: #require(ZipCase.named("lying_size.zip")).url)
        let entry = try #require(archive.entry(named: "model.joblib"))
        #expect(entry.uncompressedSize == 10)
        let error = #expect(throws: ModelPackageError.self) { _ = try archive.data(for: entry) }
        #expect(error?.code == .zipBomb)
        #expect(error?.message.contains("stopped after 11 bytes") == true, "\(String(describing: error))")
    }

    @Test(
        "applies configured limits",
        arguments: [
            (ZipLimits(maxArchiveBytes: 1_000), ModelPackageError.Code.tooLarge, nil),
            (ZipLimits(maxEntries: 3), .tooLarge, nil),
            (ZipLimits(maxEntryBytes: 2_000), .tooLarge, "model.joblib"),
            (ZipLimits(maxTotalUncompressedBytes: 10_000), .zipBomb, nil),
            (ZipLimits(maxCompressionRatio: 2, compressionRatioThreshold: 1_000), .zipBomb, "docs/README.md"),
            (ZipLimits(maxNameComponentBytes: 10), .unsafeZipEntry, "deployment_manifest.json"),
            (ZipLimits(maxNameBytes: 12), .unsafeZipEntry, "scaler.joblib"),
        ] as [(ZipLimits, ModelPackageError.Code, String?)])
    func limits(_ limits: ZipLimits, _ code: ModelPackageError.Code, _ entry: String?) throws {
        let url = try #require(ZipCase.named("package.zip")).url
        let error = #expect(throws: ModelPackageError.self) { _ = try ZipArchive(contentsOf: url, limits: limits) }
        #expect(error?.code == code, "\(String(describing: error))")
        if let entry { #expect(error?.issues.contains { $0.entry == entry } == true, "\(String(describing: error))") }
    }

    @Test("opens the same archive from bytes and from a path; a missing file is an I/O error")
    func sources() throws {
        let url = try #require(ZipCase.named("package.zip")).url
        let fromPath = try ZipArchive(contentsOf: url)
        let fromBytes = try ZipArchive(bytes: Fixtures.bytes(url))
        #expect(fromPath.entries == fromBytes.entries)
        let error = #expect(throws: ModelPackageError.self) {
            _ = try ZipArchive(contentsOf: url.appendingPathExtension("missing"))
        }
        #expect(error?.code == .io)
        #expect(error?.cause.map { "\($0)" }?.contains("errno") == true)
    }

    @Test("refuses an entry that belongs to another archive")
    func foreignEntry() throws {
        let plain = try ZipArchive(contentsOf: #require(ZipCase.named("package.zip")).url)
        let nested = try ZipArchive(contentsOf: #require(ZipCase.named("package_nested.zip")).url)
        let error = #expect(throws: ModelPackageError.self) { _ = try plain.data(for: nested.entries[1]) }
        #expect(error?.code == .io)
    }
}

@Suite("ZipArchive.extract writes below the destination only")
struct ZipExtractionTests {
    @Test("extracts the package with mode 0644 and nothing outside the destination", arguments: ZipCase.readable)
    func extracts(_ c: ZipCase) throws {
        let temp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let destination = temp.appendingPathComponent("out")
        try ZipArchive(contentsOf: c.url).extract(to: destination)
        #expect(tree(temp).allSatisfy { $0 == "out" || $0.hasPrefix("out/") }, "\(tree(temp))")
        for want in try #require(c.entries) where !want.directory {
            let path = destination.appendingPathComponent(want.name).path
            let bytes = try Fixtures.bytes(URL(fileURLWithPath: path))
            #expect(TestCRC32.of(bytes) == want.crc32, "\(want.name)")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o644, "\(want.name): mode \(String(mode ?? 0, radix: 8))")
        }
        for ignored in c.ignored ?? [] {
            #expect(!FileManager.default.fileExists(atPath: destination.appendingPathComponent(ignored).path))
        }
    }

    @Test("a refused extraction leaves nothing behind", arguments: ZipCase.refusedWhenReading)
    func refusedLeavesNothing(_ c: ZipCase) throws {
        let temp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let archive = try ZipArchive(contentsOf: c.url)
        let error = #expect(throws: ModelPackageError.self) {
            try archive.extract(to: temp.appendingPathComponent("out"))
        }
        #expect(error?.code.rawValue == c.expect)
        #expect(tree(temp).isEmpty, "\(tree(temp))")
    }

    @Test("a refused extraction into an existing folder removes only what it created")
    func refusedKeepsExisting() throws {
        let temp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        try Data("keep".utf8).write(to: temp.appendingPathComponent("existing.txt"))
        let archive = try ZipArchive(contentsOf: #require(ZipCase.named("crc_mismatch.zip")).url)
        #expect(throws: ModelPackageError.self) { try archive.extract(to: temp) }
        #expect(tree(temp) == ["existing.txt"])
    }

    @Test("never follows a symbolic link already in the destination")
    func plantedLink() throws {
        let temp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let destination = temp.appendingPathComponent("out")
        let outside = temp.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(
            at: destination.appendingPathComponent("docs"), withDestinationURL: outside)
        let archive = try ZipArchive(contentsOf: #require(ZipCase.named("package.zip")).url)
        let error = #expect(throws: ModelPackageError.self) { try archive.extract(to: destination) }
        #expect(error?.code == .io)
        #expect(tree(outside).isEmpty, "\(tree(outside))")
        #expect(tree(destination) == ["docs"], "\(tree(destination))")
    }

    @Test("never overwrites an existing file")
    func existingFile() throws {
        let temp = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        try Data("mine".utf8).write(to: temp.appendingPathComponent("validate_model.py"))
        let archive = try ZipArchive(contentsOf: #require(ZipCase.named("package.zip")).url)
        let error = #expect(throws: ModelPackageError.self) { try archive.extract(to: temp) }
        #expect(error?.code == .io)
        #expect(error?.entry == "validate_model.py")
        #expect(try String(contentsOf: temp.appendingPathComponent("validate_model.py"), encoding: .utf8) == "mine")
        #expect(tree(temp) == ["validate_model.py"], "\(tree(temp))")
    }
}

/// SplitMix64: a seeded generator so that a failing mutation can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("ZipArchive survives damaged input")
struct ZipMutationTests {
    @Test(
        "random byte damage gives an error or entries of exactly their declared size, never a crash",
        arguments: ["package.zip", "package_zip64.zip", "package_data_descriptor.zip"])
    func mutations(_ file: String) throws {
        let original = try Fixtures.bytes(#require(ZipCase.named(file)).url)
        var rng = SeededGenerator(state: 20_241_201)
        var opened = 0
        for round in 0..<600 {
            var bytes = original
            // Half the rounds damage the central directory and end records, where the parser reads offsets.
            let tail = round % 2 == 0 ? min(bytes.count, 600) : bytes.count
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let position = bytes.count - 1 - Int.random(in: 0..<tail, using: &rng)
                bytes[position] = UInt8.random(in: 0...255, using: &rng)
            }
            if round % 7 == 0 { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &rng)) }
            guard let archive = try? ZipArchive(bytes: bytes) else { continue }
            opened += 1
            for entry in archive.entries {
                if let data = try? archive.data(for: entry) {
                    #expect(data.count == entry.uncompressedSize, "round \(round): \(entry)")
                }
            }
        }
        #expect(opened > 0)
    }
}
