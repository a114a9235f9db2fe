import DataFormats
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import ModelPackage
import ModelRuntime
import PackageImport
import Registry
import RegistrySQLite

/// Warden's registry benchmark: import, list and deploy, printed beside the seeds' Python registry
/// (python/bench/registry_anchor.py) measured on the same packages. scripts/bench-registry runs both.
///
///     warden-registry-bench --packages bench-results/registry/packages --work bench-results/registry/warden \
///         --anchor bench-results/registry/anchor.json [--versions 10000] [--quick] [--json OUT]
///
/// - import: `PackageImporter.import(fileAt:)` of each package ZIP into one SQLite registry and artifact store —
///   ZIP read with limits, every check of the validator (SHA256, schemas, trial load and inference, quality rules),
///   artifacts written through tmp/ with fsync and renamed, one transaction. Median over the packages.
/// - list: over a registry holding VERSIONS versions: `SQLiteRegistryStore.summaries(model:offset:limit:)` of every
///   version (the summary columns `warden models list`, the paged API and the UI read), one page of 100, and, for
///   comparison, `records(model:)` (every full record: metadata, manifest, validation report, 8 artifact
///   references). Median of 5. When the `warden` binary sits beside this one, also `warden models list --json` as a
///   whole process and `GET /api/v1/model-management/models` from a `warden serve` over loopback: every version,
///   and a page of 100 (`?limit=100&offset=5000`); median of 9 requests after one warm-up.
/// - deploy: what `warden models deploy` does after opening the registry: plan, read model.joblib and
///   scaler.joblib from the artifact store (digest-checked), load both and build the pipeline, commit the plan
///   (the previous version becomes available). Alternating between two versions; median of 10.
@main
struct RegistryBench {
    static func main() async throws {
        let args = CommandLine.arguments
        func value(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        let quick = args.contains("--quick")
        let packages = URL(fileURLWithPath: value("--packages") ?? "bench-results/registry/packages")
        let work = URL(fileURLWithPath: value("--work") ?? "bench-results/registry/warden")
        let versionCount = Int(value("--versions") ?? "10000") ?? 10_000
        let fm = FileManager.default
        try? fm.removeItem(at: work)
        try fm.createDirectory(at: work, withIntermediateDirectories: true)

        var zips = try fm.contentsOfDirectory(atPath: packages.path).filter { $0.hasSuffix(".zip") }.sorted()
            .map { packages.appendingPathComponent($0) }
        if quick { zips = Array(zips.prefix(3)) }
        guard zips.count >= 2 else {
            throw BenchError(
                "need at least 2 package ZIPs in \(packages.path); run python/bench/registry_anchor.py make")
        }

        // Import.
        let data = work.appendingPathComponent("import")
        try fm.createDirectory(at: data, withIntermediateDirectories: true)
        let store = try SQLiteRegistryStore(path: data.appendingPathComponent("registry.sqlite").path)
        let artifacts = FileArtifactStore(root: data.appendingPathComponent("artifacts"))
        let importer = PackageImporter(store: store, artifacts: artifacts)
        var importTimes: [Double] = []
        var imported: [VersionRecord] = []
        for zip in zips {
            let t0 = now()
            let result = try await importer.import(fileAt: zip, origin: .file(zip))
            importTimes.append(now() - t0)
            imported.append(result.record)
        }
        let packageBytes = imported[0].files.reduce(0) { $0 + $1.size }

        // Deploy (load + swap).
        let model = imported[0].model
        let pair = [imported[0].version, imported[1].version]
        var deployTimes: [Double] = []
        for i in 0..<(quick ? 4 : 11) {
            let t0 = now()
            try await deploy(pair[i % 2], model: model, store: store, artifacts: artifacts)
            if i > 0 { deployTimes.append(now() - t0) }
        }

        // List.
        let listData = work.appendingPathComponent("list")
        try fm.createDirectory(at: listData, withIntermediateDirectories: true)
        let listStore = try SQLiteRegistryStore(path: listData.appendingPathComponent("registry.sqlite").path)
        let fillStart = now()
        try await fill(listStore, like: imported[0], count: versionCount)
        let fillSeconds = now() - fillStart
        var listTimes: [Double] = []
        var pageTimes: [Double] = []
        var recordTimes: [Double] = []
        for i in 0..<(quick ? 4 : 6) {
            var t0 = now()
            let all = try await listStore.summaries(model: model, offset: 0, limit: nil)
            if i > 0 { listTimes.append(now() - t0) }
            guard all.versions.count == versionCount else { throw BenchError("listed \(all.versions.count) versions") }
            t0 = now()
            let page = try await listStore.summaries(model: model, offset: versionCount / 2, limit: 100)
            if i > 0 { pageTimes.append(now() - t0) }
            guard page.versions.count == min(100, versionCount - versionCount / 2) else {
                throw BenchError("a page held \(page.versions.count) versions")
            }
            t0 = now()
            let rows = try await listStore.records(model: model)
            if i > 0 { recordTimes.append(now() - t0) }
            guard rows.count == versionCount else { throw BenchError("listed \(rows.count) records") }
        }
        var cliList: Double?
        let warden = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("warden")
        if fm.isExecutableFile(atPath: warden.path) {
            var times: [Double] = []
            for i in 0..<(quick ? 2 : 4) {
                let t0 = now()
                try runQuietly(warden, ["models", "list", "--json", "--data-dir", listData.path])
                if i > 0 { times.append(now() - t0) }
            }
            cliList = median(times)
        }
        var http: (all: Double, page: Double)?
        if fm.isExecutableFile(atPath: warden.path) {
            http = try await httpListing(warden, data: listData, model: model, versions: versionCount, quick: quick)
        }

        var results: [String: Double] = [
            "import_s": median(importTimes), "deploy_s": median(deployTimes), "list_s": median(listTimes),
            "list_versions": Double(versionCount), "package_bytes": Double(packageBytes),
            "fill_s": fillSeconds,
        ]
        if let cliList { results["cli_list_s"] = cliList }
        results["page_s"] = median(pageTimes)
        results["records_s"] = median(recordTimes)
        if let http {
            results["http_list_s"] = http.all
            results["http_page_s"] = http.page
        }
        let anchor = value("--anchor").flatMap { try? JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: $0))) }
        printTable(results, anchor: anchor, imports: importTimes.count)
        if let out = value("--json") {
            let body = results.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
            try "{\(body)}\n".write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

    /// Serves `data` with `warden serve --no-auth` on a free loopback port and times
    /// `GET /api/v1/model-management/models?model=…` for every version and for a page of 100 (median of 9 after a
    /// warm-up each); the server is stopped with SIGTERM.
    static func httpListing(
        _ warden: URL, data: URL, model: String, versions: Int, quick: Bool
    ) async throws -> (all: Double, page: Double) {
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = warden
        process.arguments = ["serve", "--data-dir", data.path, "--port", "\(port)", "--no-auth"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)/api/v1/model-management/models?model=\(model)"
        let session = URLSession(configuration: .ephemeral)
        func get(_ url: String) async throws -> Data {
            guard let u = URL(string: url) else { throw BenchError("bad URL \(url)") }
            let (body, response) = try await session.data(from: u)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw BenchError("GET \(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
            return body
        }
        var ready = false
        for _ in 0..<300 where !ready {
            if (try? await get("http://127.0.0.1:\(port)/v2/health/live")) != nil { ready = true } else {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        guard ready else { throw BenchError("warden serve on port \(port) did not become ready") }
        func timed(_ url: String, expect: Int) async throws -> Double {
            var times: [Double] = []
            for i in 0..<(quick ? 3 : 10) {
                let t0 = now()
                let body = try await get(url)
                if i > 0 { times.append(now() - t0) }
                let count = (try JSONValue.parse(body))["count"]?.double ?? -1
                guard Int(count) == expect else { throw BenchError("GET \(url) listed \(count) versions") }
            }
            return median(times)
        }
        let all = try await timed(base, expect: versions)
        let page = try await timed(
            base + "&limit=100&offset=\(versions / 2)", expect: min(100, versions - versions / 2))
        return (all, page)
    }

    /// `warden models deploy`'s work after opening the registry (RegistryContext.perform and verify).
    static func deploy(
        _ version: String, model: String, store: SQLiteRegistryStore, artifacts: FileArtifactStore
    ) async throws {
        let plan = try await store.lifecycle(model: model).plan(.deploy(version), actor: "bench", at: Date())
        let record = try await store.record(model: model, version: version)
        guard let modelFile = record.files.first(where: { $0.name == "model.joblib" }),
            let scalerFile = record.files.first(where: { $0.name == "scaler.joblib" })
        else { throw BenchError("version \(version) lacks model.joblib or scaler.joblib") }
        let detector = try ModelLoader.load(bytes: try await artifacts.read(modelFile.sha256), name: "model.joblib")
            .detector()
        let scaler = try ModelLoader.load(bytes: try await artifacts.read(scalerFile.sha256), name: "scaler.joblib")
            .transformer()
        _ = try Pipeline(transformers: [(name: "scaler", transformer: scaler)], detector: detector)
        try await store.commit(plan)
    }

    /// Inserts `count` copies of `record` under distinct timestamp versions (one minute apart from 2024-01-01).
    static func fill(_ store: SQLiteRegistryStore, like record: VersionRecord, count: Int) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        let start = Date(timeIntervalSince1970: 1_704_067_200)
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd_HHmmss"
        for i in 0..<count {
            var copy = record
            let at = start.addingTimeInterval(Double(i) * 60)
            copy.version = formatter.string(from: at)
            copy.importedAt = at
            try await store.insert(copy)
        }
    }

    static func printTable(_ r: [String: Double], anchor: JSONValue?, imports: Int) {
        let mb = String(format: "%.2f", (r["package_bytes"] ?? 0) / 1e6)
        print(
            "Registry: Warden beside the seeds' Python registry (joblib.load + model_registry.json), one process each")
        print("package: \(mb) MB of files; imports: \(imports); list: \(Int(r["list_versions"] ?? 0)) versions")
        print("")
        print(pad("", 34) + pad("Warden", 12) + pad("seed Python", 14) + "Python / Warden")
        func row(_ label: String, _ key: String, _ anchorKey: String?) {
            let w = r[key]
            let a = anchorKey.flatMap { anchor?[$0]?.double }
            var ratio = "-"
            if let w, let a, w > 0 { ratio = String(format: "%.2f×", a / w) }
            print(pad(label, 34) + pad(w.map(ms) ?? "-", 12) + pad(a.map(ms) ?? "-", 14) + ratio)
        }
        row("import of one package (median)", "import_s", "import_s")
        let n = Int(r["list_versions"] ?? 0)
        row("list \(n) versions (in process)", "list_s", "list_s")
        row("  one page of 100 (in process)", "page_s", "list_s")
        row("  full records (in process)", "records_s", "list_s")
        row("list, GET …/models (HTTP, all)", "http_list_s", "list_s")
        row("list, GET …/models?limit=100", "http_page_s", "list_s")
        row("list, `warden models list --json`", "cli_list_s", "list_s")
        row("deploy: load + swap (median)", "deploy_s", "deploy_s")
        print("")
        print(
            "(ratio > 1: Warden is faster; inserting the \(Int(r["list_versions"] ?? 0)) versions took \(ms(r["fill_s"] ?? 0)), untimed)"
        )
    }

    static func ms(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.1f ms", seconds * 1000)
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    static func runQuietly(_ url: URL, _ args: [String]) throws {
        let process = Process()
        process.executableURL = url
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(url.path) \(args) exited \(process.terminationStatus)")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
