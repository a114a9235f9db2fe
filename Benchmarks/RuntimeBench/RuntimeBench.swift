import DataFormats
import Foundation
import ModelRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// Warden's runtime benchmark: the same pipeline and rows as python/bench/anchor.py, printed beside the anchors.
///
///     warden-bench --model-dir bench-results/model --anchor bench-results/anchor.json [--quick]
///     warden-bench --parse FILE[,FILE...] --feature-names a,b,... [--repeat N]   (file parsing alone)
@main
struct RuntimeBench {
    static func main() throws {
        let args = CommandLine.arguments
        func value(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        if let files = value("--parse") {
            // File parsing alone (scripts/bench's file job).
            try ParseBench.run(
                files: files.split(separator: ",").map(String.init),
                names: (value("--feature-names") ?? "").split(separator: ",").map(String.init),
                repeat: Int(value("--repeat") ?? "3") ?? 3)
            return
        }
        let dir = value("--model-dir") ?? "bench-results/model"
        let quick = args.contains("--quick")
        let modelPath = dir + "/pipeline.joblib"
        let rows = try loadRows(dir)
        if args.contains("--peak-child") {
            // Child mode: load and score the full batch once, then report peak RSS (as anchor.py's child does).
            let detector = try ModelLoader.load(path: modelPath).detector()
            let threads = Int(value("--threads") ?? "1") ?? 1
            _ = try detector.evaluate(rows, threads: threads)
            print(peakRSSMegabytes())
            return
        }
        let detector = try ModelLoader.load(path: modelPath).detector()
        try verify(detector, rows, dir)

        var results: [String: Double] = [:]
        results["load_s"] = median((0..<(quick ? 3 : 7)).map { _ in time { _ = try? ModelLoader.load(path: modelPath) } })
        let budget = quick ? 0.3 : 1.5
        for batch in [1, 100, 10_000, 1_000_000] {
            results["rows_per_s_\(batch)"] = try throughput(detector, rows, batch: batch, threads: 1, seconds: budget)
        }
        for batch in [10_000, 1_000_000] {
            results["rows_per_s_\(batch)_2t"] = try throughput(detector, rows, batch: batch, threads: 2, seconds: budget)
        }
        let (p50, p99) = try latency(detector, rows, calls: quick ? 2_000 : 20_000)
        results["latency_p50_us"] = p50
        results["latency_p99_us"] = p99
        results["peak_rss_mb"] = try childPeak(dir: dir, threads: 1)
        results["peak_rss_mb_2t"] = try childPeak(dir: dir, threads: 2)

        let anchor = value("--anchor").flatMap { try? JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: $0))) }
        printTable(results, anchor: anchor)
        if let out = value("--json") {
            let body = results.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
            try "{\(body)}\n".write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

    /// Reads rows.f64 straight into the matrix's storage, so the peak-memory child holds the rows once
    /// (as the anchors' children do), not a file buffer and a copy.
    static func loadRows(_ dir: String) throws -> FeatureMatrix {
        let meta = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/rows.json")))
        guard let n = meta["rows"]?.double, let c = meta["columns"]?.double else { throw BenchError("bad rows.json") }
        let count = Int(n) * Int(c)
        guard let file = fopen(dir + "/rows.f64", "rb") else { throw BenchError("cannot open rows.f64") }
        defer { fclose(file) }
        var read = 0
        let values = [Double](unsafeUninitializedCapacity: count) { buf, initialized in
            read = fread(buf.baseAddress, 8, count, file)
            initialized = read
        }
        guard read == count else { throw BenchError("rows.f64 holds \(read) values, expected \(count)") }
        return FeatureMatrix(rows: Int(n), columns: Int(c), values: values)
    }

    static func slice(_ m: FeatureMatrix, _ start: Int, _ count: Int) -> FeatureMatrix {
        let s = start % max(1, m.rows - count + 1)
        return FeatureMatrix(rows: count, columns: m.columns, values: Array(m.values[s * m.columns..<(s + count) * m.columns]))
    }

    /// Checks that this is the model the anchors scored: scores on the first 1,000 rows equal scikit-learn's.
    static func verify(_ d: any OutlierDetector, _ rows: FeatureMatrix, _ dir: String) throws {
        let path = dir + "/expected_first1000.json"
        guard let expected = try? JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path))) else {
            print("note: \(path) missing; parity not checked")
            return
        }
        let list = (expected.array ?? expected["score_samples"]?.array ?? []).compactMap(\.double)
        let got = try d.evaluate(slice(rows, 0, list.count)).scoreSamples
        let worst = zip(got, list).map { abs($0 - $1) }.max() ?? .infinity
        print("parity: \(list.count) rows, max |Δ| vs scikit-learn = \(worst)")
        guard worst <= 1e-12 else { throw BenchError("scores differ from scikit-learn by \(worst)") }
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }

    static func throughput(_ d: any OutlierDetector, _ rows: FeatureMatrix, batch: Int, threads: Int, seconds: Double) throws
        -> Double
    {
        let batches = (0..<8).map { slice(rows, $0 * 7919 * batch % max(1, rows.rows), min(batch, rows.rows)) }
        _ = try d.evaluate(batches[0], threads: threads)  // warm-up
        var scored = 0
        var elapsed = 0.0
        var i = 0
        while elapsed < seconds || scored == 0 {
            let b = batches[i % batches.count]
            elapsed += try time { _ = try d.evaluate(b, threads: threads) }
            scored += b.rows
            i += 1
        }
        return Double(scored) / elapsed
    }

    static func latency(_ d: any OutlierDetector, _ rows: FeatureMatrix, calls: Int) throws -> (Double, Double) {
        let singles = (0..<256).map { slice(rows, $0 * 31, 1) }
        for s in singles { _ = try d.evaluate(s) }
        var samples: [Double] = []
        samples.reserveCapacity(calls)
        for i in 0..<calls {
            let s = singles[i % singles.count]
            samples.append(try time { _ = try d.evaluate(s) } * 1e6)
        }
        samples.sort()
        return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)])
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func childPeak(dir: String, threads: Int) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["--model-dir", dir, "--peak-child", "--threads", String(threads)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
    }

    static func printTable(_ w: [String: Double], anchor: JSONValue?) {
        let sk = anchor?["engines"]?["sklearn"], ox = anchor?["engines"]?["onnxruntime"]
        func a(_ e: JSONValue?, _ path: [String]) -> Double? {
            var v = e
            for p in path { v = v?[p] }
            return v?.double
        }
        func fmt(_ v: Double?) -> String {
            guard let v, v.isFinite else { return "-" }
            if v >= 100_000 { return String(format: "%.0f", v) }
            if v >= 100 { return String(format: "%.1f", v) }
            return String(format: "%.3g", v)
        }
        func ratio(_ num: Double?, _ den: Double?) -> String {
            guard let num, let den, den > 0, num.isFinite else { return "-" }
            return String(format: "%.1fx", num / den)
        }
        print("")
        print("Single thread. Ratios say how many times better Warden is (higher is better).")
        let header = ["metric", "warden", "scikit-learn", "onnxruntime", "vs sklearn", "vs onnxruntime"]
        var rows: [[String]] = [header]
        // (label, warden key, anchor path, lowerIsBetter, scale)
        let lines: [(String, String, [String], Bool, Double)] = [
            ("load (ms)", "load_s", ["load_s"], true, 1000),
            ("rows/s, batch 1", "rows_per_s_1", ["rows_per_s", "1"], false, 1),
            ("rows/s, batch 100", "rows_per_s_100", ["rows_per_s", "100"], false, 1),
            ("rows/s, batch 10,000", "rows_per_s_10000", ["rows_per_s", "10000"], false, 1),
            ("rows/s, batch 1,000,000", "rows_per_s_1000000", ["rows_per_s", "1000000"], false, 1),
            ("latency p50, 1 row (µs)", "latency_p50_us", ["latency_us", "p50"], true, 1),
            ("latency p99, 1 row (µs)", "latency_p99_us", ["latency_us", "p99"], true, 1),
            ("peak RSS, 1M rows (MB)", "peak_rss_mb", ["peak_rss_mb"], true, 1),
        ]
        for (label, key, path, lower, scale) in lines {
            let wv = w[key].map { $0 * scale }, sv = a(sk, path).map { $0 * scale }, ov = a(ox, path).map { $0 * scale }
            rows.append([label, fmt(wv), fmt(sv), fmt(ov), lower ? ratio(sv, wv) : ratio(wv, sv), lower ? ratio(ov, wv) : ratio(wv, ov)])
        }
        printAligned(rows)
        print("")
        print("Warden on both cores (2 threads) against Warden single-thread:")
        printAligned([
            ["metric", "1 thread", "2 threads", "speed-up"],
            ["rows/s, batch 10,000", fmt(w["rows_per_s_10000"]), fmt(w["rows_per_s_10000_2t"]), ratio(w["rows_per_s_10000_2t"], w["rows_per_s_10000"])],
            ["rows/s, batch 1,000,000", fmt(w["rows_per_s_1000000"]), fmt(w["rows_per_s_1000000_2t"]), ratio(w["rows_per_s_1000000_2t"], w["rows_per_s_1000000"])],
            ["peak RSS, 1M rows (MB)", fmt(w["peak_rss_mb"]), fmt(w["peak_rss_mb_2t"]), "-"],
        ])
    }

    static func printAligned(_ rows: [[String]]) {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            print(r.enumerated().map { c, s in c == 0 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - s.count) + s }.joined(separator: "  "))
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
