import DataFormats
import Foundation
import ModelRuntime
import Monitoring

#if canImport(Glibc)
    import Glibc
#endif

/// Warden's monitoring benchmark (issue 5): what recording a prediction costs beside the prediction itself, and how
/// long a drift check of 10,000-row windows on 17 features takes. scripts/bench-monitoring runs it beside scipy
/// (python/bench/drift_scipy.py) on the same numbers and prints the ratios.
///
///     warden-monitoring-bench --data bench-results/monitoring/data --model-dir bench-results/monitoring/model \
///         [--json OUT] [--quick] [--only hot|drift]
///
/// `--data DIR` holds data.json (shape, names) and data.f64 (little-endian float64: reference features column by
/// column, current features column by column, reference scores, current scores), written by drift_scipy.py.
/// `--model-dir DIR` holds the sample package's model.joblib and scaler.joblib. `--only` runs one half (for profiling).
enum MonitoringBench {
    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    struct Samples {
        var names: [String]
        var reference: [[Double]]
        var current: [[Double]]
        var referenceScores: [Double]
        var currentScores: [Double]
    }

    /// Per-thread results of a concurrent measurement.
    final class Results: @unchecked Sendable {
        // Invariant: `values` is only touched while `lock` is held.
        private let lock = NSLock()
        private var values: [Double]
        init(count: Int) { values = .init(repeating: 0, count: count) }
        func set(_ i: Int, _ v: Double) {
            lock.lock()
            values[i] = v
            lock.unlock()
        }
        var mean: Double {
            lock.lock()
            defer { lock.unlock() }
            return values.reduce(0, +) / Double(values.count)
        }
    }

    static func run() throws {
        let args = CommandLine.arguments
        func value(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        let quick = args.contains("--quick")
        let data = try loadData(value("--data") ?? "bench-results/monitoring/data")
        let modelDir = value("--model-dir") ?? "bench-results/monitoring/model"

        let only = value("--only")
        var figures: [(String, Double)] = []
        if only != "drift" { figures += try hotPath(data: data, modelDir: modelDir, quick: quick) }
        var report: DriftReport?
        var columns = 0
        if only != "hot" {
            let (timings, r, n) = try driftCheck(data: data, quick: quick)
            figures += timings
            report = r
            columns = n
        }
        printTable(figures, rows: data.reference.first?.count ?? 0, columns: columns, report: report)
        if let out = value("--json") {
            try json(figures, report: report).write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

    /// Evidently's configuration on 17 features + the scores, 10,000 rows each side: the whole report, then each
    /// statistic alone over every column.
    static func driftCheck(data: Samples, quick: Bool) throws -> ([(String, Double)], DriftReport, Int) {

        let samples = (0..<data.names.count).map {
            FeatureSamples(name: data.names[$0], reference: data.reference[$0], current: data.current[$0])
        }
        let scoreSamples = FeatureSamples(name: "score", reference: data.referenceScores, current: data.currentScores)
        let all = samples + [scoreSamples]
        let detectorConfig = DriftDetector(configuration: .evidently)
        let runs = quick ? 5 : 9
        var report = try detectorConfig.report(features: samples, scores: scoreSamples)  // warm-up
        let reportS = median(try (0..<runs).map { _ in
            try seconds { report = try detectorConfig.report(features: samples, scores: scoreSamples) }
        })
        let ksS = median(try (0..<runs).map { _ in
            try seconds { for s in all { _ = try DriftStatistics.kolmogorovSmirnov(s.reference, s.current) } }
        })
        let wassersteinS = median(try (0..<runs).map { _ in
            try seconds { for s in all { _ = try DriftStatistics.wassersteinDistance(s.reference, s.current) } }
        })
        let binnedS = median(try (0..<runs).map { _ in
            try seconds {
                for s in all {
                    let b = try BinnedDistributions(reference: s.reference, current: s.current)
                    let f = b.filledZeroes()
                    _ = try DriftStatistics.populationStabilityIndex(reference: f.reference, current: f.current)
                    _ = try DriftStatistics.jensenShannonDistance(b.reference, b.current, base: 2)
                }
            }
        })
        let timings = [
            ("drift_report_s", reportS),
            ("ks_2samp_s", ksS),
            ("wasserstein_s", wassersteinS),
            ("psi_js_binning_s", binnedS),
        ]
        return (timings, report, all.count)
    }

    /// One row scored by the served pipeline (scaler + IsolationForest), then recorded.
    static func hotPath(data: Samples, modelDir: String, quick: Bool) throws -> [(String, Double)] {
        let detector = try loadPipeline(modelDir)
        let row = FeatureMatrix(rows: 1, columns: data.names.count, values: data.current.map { $0[0] })
        let reps = quick ? 15 : 41
        let calls = quick ? 2_000 : 10_000
        let predictNs = median((0..<reps).map { _ in
            perCall(calls) { _ = try? detector.evaluate(row) }
        })
        let scored = try detector.evaluate(row)
        let scores = scored.decisionFunction
        let labels = scored.predict
        let names = data.names
        let features = row.values

        // The server's path: the version's recorder is attached to the loaded model once, then used directly.
        let monitor = try PerformanceMonitor(windowSize: 1_000)
        let recorder = monitor.recorder(model: "wifi-anomaly", version: "bench")
        func record() {
            recorder.recordSuccess(
                latency: 0.000_1, scores: scores, labels: labels, featureNames: names, features: features)
        }
        for _ in 0..<5_000 { record() }  // the window exists and has wrapped
        let recordNs = median((0..<reps).map { _ in perCall(calls) { record() } })

        let plain = try PerformanceMonitor(windowSize: 1_000).recorder(model: "wifi-anomaly", version: "bench")
        func recordNoFeatures() {
            plain.recordSuccess(latency: 0.000_1, scores: scores, labels: labels)
        }
        for _ in 0..<5_000 { recordNoFeatures() }
        let recordPlainNs = median((0..<reps).map { _ in perCall(calls) { recordNoFeatures() } })

        // Two threads recording into the same version: wall time per call seen by each thread.
        let contendedNs = median((0..<max(5, reps / 3)).map { _ in
            let perThread = Results(count: 2)
            DispatchQueue.concurrentPerform(iterations: 2) { t in
                let ns = perCall(calls) {
                    recorder.recordSuccess(
                        latency: 0.000_1, scores: scores, labels: labels, featureNames: names, features: features)
                }
                perThread.set(t, ns)
            }
            return perThread.mean
        })
        // By name (a lookup of the version's recorder first), as callers without a loaded model do.
        let byNameNs = median((0..<reps).map { _ in
            perCall(calls) {
                monitor.recordSuccess(
                    model: "wifi-anomaly", version: "bench", latency: 0.000_1, scores: scores, labels: labels,
                    featureNames: names, features: features)
            }
        })
        return [
            ("predict_one_row_ns", predictNs),
            ("record_by_name_ns", byNameNs),
            ("record_one_row_ns", recordNs),
            ("record_one_row_no_features_ns", recordPlainNs),
            ("record_one_row_2_threads_ns", contendedNs),
            ("record_overhead_pct", 100 * recordNs / predictNs),
            ("record_overhead_2_threads_pct", 100 * contendedNs / predictNs),
        ]
    }

    // MARK: - Input

    static func loadData(_ dir: String) throws -> Samples {
        let metaData = try Data(contentsOf: URL(fileURLWithPath: dir + "/data.json"))
        let meta = try JSONValue.parse(metaData)
        guard let n1 = meta["reference_rows"]?.double.map(Int.init),
            let n2 = meta["current_rows"]?.double.map(Int.init),
            let names = meta["names"]?.array?.compactMap(\.string), !names.isEmpty
        else { throw BenchError("\(dir)/data.json lacks reference_rows, current_rows or names") }
        let k = names.count
        let count = k * n1 + k * n2 + n1 + n2
        guard let file = fopen(dir + "/data.f64", "rb") else { throw BenchError("cannot open \(dir)/data.f64") }
        defer { fclose(file) }
        var read = 0
        let values = [Double](unsafeUninitializedCapacity: count) { buf, initialized in
            read = fread(buf.baseAddress, 8, count, file)
            initialized = read
        }
        guard read == count else { throw BenchError("data.f64 holds \(read) values, expected \(count)") }
        var offset = 0
        func take(_ n: Int) -> [Double] {
            defer { offset += n }
            return Array(values[offset..<offset + n])
        }
        let reference = (0..<k).map { _ in take(n1) }
        let current = (0..<k).map { _ in take(n2) }
        return Samples(
            names: names, reference: reference, current: current, referenceScores: take(n1), currentScores: take(n2))
    }

    /// The package's model with its scaler in front, as Serving's VersionLoader composes them.
    static func loadPipeline(_ dir: String) throws -> any OutlierDetector {
        let model = try ModelLoader.load(path: dir + "/model.joblib").detector()
        let scaler = try ModelLoader.load(path: dir + "/scaler.joblib").transformer()
        return try Pipeline(transformers: [(name: "scaler", transformer: scaler)], detector: model)
    }

    // MARK: - Timing

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Nanoseconds per call of `body`, over `calls` calls.
    static func perCall(_ calls: Int, _ body: () -> Void) -> Double {
        let start = now()
        for _ in 0..<calls { body() }
        return Double(now() - start) / Double(calls)
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return Double(now() - start) / 1e9
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    // MARK: - Output

    static func printTable(_ figures: [(String, Double)], rows: Int, columns: Int, report: DriftReport?) {
        let f = Dictionary(figures, uniquingKeysWith: { a, _ in a })
        if let predict = f["predict_one_row_ns"] {
            print("warden-monitoring-bench: hot path (one 17-feature row)")
            print(String(format: "  predict (scaler + IsolationForest)    %10.1f ns", predict))
            for (key, label) in [
                ("record_one_row_ns", "recordSuccess, 1 thread             "),
                ("record_one_row_2_threads_ns", "recordSuccess, 2 threads contending "),
                ("record_one_row_no_features_ns", "recordSuccess without features      "),
            ] {
                let ns = f[key] ?? .nan
                print("  \(label)  " + String(format: "%10.1f ns   %5.1f %% of predict", ns, 100 * ns / predict))
            }
        }
        if let report {
            print("warden-monitoring-bench: drift check (\(rows) + \(rows) rows, \(columns) columns incl. scores)")
            for (key, label) in [
                ("drift_report_s", "DriftDetector.report (Evidently)    "),
                ("ks_2samp_s", "ks_2samp                            "),
                ("wasserstein_s", "wasserstein_distance                "),
                ("psi_js_binning_s", "binning + PSI + Jensen-Shannon      "),
            ] {
                print("  \(label)  " + String(format: "%10.2f ms", (f[key] ?? .nan) * 1e3))
            }
            print(
                "  drifted features: \(report.driftedFeatures) of \(report.features.count), "
                    + "dataset drift: \(report.datasetDrift)")
        }
    }

    static func json(_ figures: [(String, Double)], report: DriftReport?) -> String {
        func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
        let timings = figures.map { "\"\($0.0)\": \(number($0.1))" }.joined(separator: ", ")
        let drifts = (report?.features ?? []) + (report?.prediction.map { [$0] } ?? [])
        let columns = drifts.map { d in
            "{\"name\": \"\(d.name)\", \"ks_statistic\": \(number(d.kolmogorovSmirnovStatistic)), "
                + "\"ks_pvalue\": \(number(d.kolmogorovSmirnovPValue)), \"wasserstein\": \(number(d.wasserstein)), "
                + "\"wasserstein_normed\": \(number(d.normalizedWasserstein)), "
                + "\"psi\": \(number(d.populationStabilityIndex)), \"jensenshannon\": \(number(d.jensenShannon)), "
                + "\"drifted\": \(d.drifted)}"
        }.joined(separator: ",\n    ")
        let drifted = report.map { "\($0.driftedFeatures)" } ?? "null"
        let dataset = report.map { "\($0.datasetDrift)" } ?? "null"
        return "{\"timings\": {\(timings)},\n \"drifted_features\": \(drifted), \"dataset_drift\": \(dataset),\n"
            + " \"columns\": [\n    \(columns)]}\n"
    }
}

do {
    try MonitoringBench.run()
} catch {
    FileHandle.standardError.write(Data("warden-monitoring-bench: \(error)\n".utf8))
    exit(1)
}
