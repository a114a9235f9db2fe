import Foundation
import Hummingbird
import HummingbirdTesting
import ModelRuntime
import ModelServer
import NIOCore
import Prometheus
import TestSupport
import WardenApp
import Testing

@Suite("Prometheus metrics")
struct MetricsRouteTests {
    @Test("predictions, anomalies, latency, errors and requests appear in /metrics with model and version labels")
    func predictionsCounted() async throws {
        let expected = try ServingExpected.load()
        let metrics = ServingMetrics(registry: PrometheusCollectorRegistry())
        let t = try await TestServer.make(metrics: metrics)
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            var anomalies = 0.0
            for _ in 0..<2 {
                let r = try await client.execute(uri: "/predict", method: .post, body: try featuresBody(expected.rows))
                #expect(r.status == .ok)
                anomalies += try r.body.json()["anomaly_count"]?.double ?? -1
            }
            let refused = try await client.execute(
                uri: "/predict", method: .post, body: body(#"{"features": [{"a": 1}]}"#))
            #expect(refused.status == .unprocessableContent)

            let scrape = try await client.execute(uri: "/metrics", method: .get)
            #expect(scrape.status == .ok)
            #expect(scrape.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let m = Exposition(String(buffer: scrape.body))
            let labels = ["model": ServingFixture.model, "version": ServingFixture.version]
            #expect(m.value("model_predictions_total", labels) == Double(2 * expected.rows.count))
            #expect(m.value("model_anomalies_detected_total", labels) == anomalies)
            #expect(anomalies == Double(2 * expected.predictions.reduce(0, +)))
            // One observation per request, the refused one included.
            #expect(m.value("model_prediction_latency_seconds_count", labels) == 3)
            #expect(m.value("model_prediction_latency_seconds_bucket", labels.merging(["le": "+Inf"]) { $1 }) == 3)
            #expect((m.value("model_prediction_latency_seconds_sum", labels) ?? 0) > 0)
            #expect(m.value("model_prediction_errors_total", labels.merging(["code": "422"]) { $1 }) == 1)
            #expect(m.type("model_prediction_latency_seconds") == "histogram")
            #expect(m.type("model_predictions_total") == "counter")
            // Requests by the matched route template.
            let predict = ["method": "POST", "route": "/predict"]
            #expect(m.value("warden_http_requests_total", predict.merging(["status": "200"]) { $1 }) == 2)
            #expect(m.value("warden_http_requests_total", predict.merging(["status": "422"]) { $1 }) == 1)
            #expect(m.value("model_memory_bytes", labels).map { $0 > 10_000 } == true)
        }
    }

    @Test("HTTP requests are labelled by route template, never the raw path")
    func routeTemplates() async throws {
        let metrics = ServingMetrics()
        let t = try await TestServer.make(metrics: metrics)
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            _ = try await client.execute(uri: "/v2/models/wifi-anomaly", method: .get)
            _ = try await client.execute(uri: "/v2/models/no-such-model", method: .get)
            _ = try await client.execute(uri: "/no/such/path/123", method: .get)
            let m = Exposition(String(buffer: try await client.execute(uri: "/metrics", method: .get).body))
            let requests = m.samples.filter { $0.name == "warden_http_requests_total" }
            let routes = Set(requests.compactMap { $0.labels["route"] })
            #expect(routes.contains("/v2/models/{name}"))
            let rawPaths = ["wifi-anomaly", "no-such-model", "123"]
            #expect(!routes.contains { route in rawPaths.contains { route.contains($0) } })
            let notFound = ["method": "GET", "route": "NotFound", "status": "404"]
            #expect(m.value("warden_http_requests_total", notFound) == 1)
        }
    }

    @Test("drift, data quality and memory gauges are exposed; removeVersion drops a version's series")
    func gauges() throws {
        let metrics = ServingMetrics()
        metrics.setFeatureDrift(model: "m", version: "v1", feature: "rssi", value: 0.4)
        metrics.setPredictionDrift(model: "m", version: "v1", value: 0.2)
        metrics.setDatasetDriftShare(model: "m", version: "v1", value: 0.5)
        metrics.setDataQuality(model: "m", version: "v1", value: 0.99)
        metrics.setModelMemory(model: "m", version: "v1", bytes: 1234)
        metrics.recordSuccess(model: "m", version: "v1", latency: 0.0002, rows: 3, anomalies: 1)
        metrics.recordSuccess(model: "m", version: "v2", latency: 0.0002, rows: 5, anomalies: 0)
        var m = Exposition(metrics.render())
        let v1 = ["model": "m", "version": "v1"]
        #expect(m.value("model_feature_drift", v1.merging(["feature": "rssi"]) { $1 }) == 0.4)
        #expect(m.value("model_prediction_drift", v1) == 0.2)
        #expect(m.value("model_dataset_drift_share", v1) == 0.5)
        #expect(m.value("model_data_quality", v1) == 0.99)
        #expect(m.value("model_memory_bytes", v1) == 1234)
        #expect(m.type("model_feature_drift") == "gauge")
        // 0.2 ms falls in the 0.00025 s bucket, not the 0.0001 s one.
        #expect(m.value("model_prediction_latency_seconds_bucket", v1.merging(["le": "0.0001"]) { $1 }) == 0)
        #expect(m.value("model_prediction_latency_seconds_bucket", v1.merging(["le": "0.00025"]) { $1 }) == 1)

        // Withdrawing a version that stops serving drops its drift and quality series, not its counters.
        metrics.exportServing(model: "m", version: "v2", features: ["rssi"])
        metrics.setDriftCheckTime(model: "m", version: "v2", secondsSince1970: 1_700_000_000)
        metrics.withdrawServing(model: "m", version: "v1")
        m = Exposition(metrics.render())
        #expect(m.value("model_feature_drift", v1.merging(["feature": "rssi"]) { $1 }) == nil)
        #expect(m.value("model_data_quality", v1) == nil)
        #expect(m.value("model_predictions_total", v1) == 3)
        #expect(m.value("model_feature_drift", ["version": "v2", "feature": "rssi"])?.isNaN == true)
        #expect(m.value("warden_drift_check_timestamp_seconds", ["version": "v2"]) == 1_700_000_000)

        metrics.removeVersion(model: "m", version: "v1")
        m = Exposition(metrics.render())
        #expect(!m.samples.contains { $0.labels["version"] == "v1" })
        #expect(m.value("model_predictions_total", ["model": "m", "version": "v2"]) == 5)
    }

    @Test("drift, data quality and the drift-check time exist for a serving version from load (NaN, 0), follow deploys and go with unloads")
    func seriesFromLoad() async throws {
        let metrics = ServingMetrics()
        let second = "20241202_090000"
        let t = try await TestServer.make(copies: [second], metrics: metrics)
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            func scrape() async throws -> Exposition {
                Exposition(String(buffer: try await client.execute(uri: "/metrics", method: .get).body))
            }
            func expectUnmeasured(_ m: Exposition, _ version: String) {
                let labels = ["model": ServingFixture.model, "version": version]
                let features = m.samples.filter { $0.name == "model_feature_drift" && $0.labels["version"] == version }
                #expect(features.count == 17 && features.allSatisfy(\.value.isNaN), "\(features.map(\.value))")
                #expect(Set(features.compactMap { $0.labels["feature"] }).contains("mean_signal_strength"))
                #expect(m.value("model_prediction_drift", labels)?.isNaN == true)
                #expect(m.value("model_dataset_drift_share", labels)?.isNaN == true)
                #expect(m.value("model_data_quality", labels)?.isNaN == true)
                #expect(m.value("warden_drift_check_timestamp_seconds", labels) == 0)
            }
            func series(_ m: Exposition, _ version: String) -> [String] {
                let names: Set = [
                    "model_feature_drift", "model_prediction_drift", "model_dataset_drift_share", "model_data_quality",
                    "warden_drift_check_timestamp_seconds",
                ]
                return m.samples.filter { names.contains($0.name) && $0.labels["version"] == version }.map(\.name)
            }
            // Before any prediction or drift check.
            var m = try await scrape()
            expectUnmeasured(m, ServingFixture.version)
            #expect(m.type("warden_drift_check_timestamp_seconds") == "gauge")

            // A check that cannot measure drift yet still stamps its time; the values stay NaN.
            let before = Date().timeIntervalSince1970
            _ = try await t.app.monitoring.check(model: ServingFixture.model, version: ServingFixture.version)
            m = try await scrape()
            let stamp = m.value(
                "warden_drift_check_timestamp_seconds", ["model": ServingFixture.model, "version": ServingFixture.version])
            #expect((stamp ?? 0) >= before.rounded(.down))
            #expect(m.value("model_prediction_drift", ["version": ServingFixture.version])?.isNaN == true)

            // A deploy moves the series to the new serving version.
            try await t.host.perform(.deploy(second), model: ServingFixture.model, actor: "test")
            m = try await scrape()
            #expect(series(m, ServingFixture.version).isEmpty)
            expectUnmeasured(m, second)

            // Unloading the model withdraws them.
            t.host.unload(ServingFixture.model)
            m = try await scrape()
            #expect(series(m, second).isEmpty)
        }
    }

    @Test("/metrics answers 503 metrics_disabled when metrics are off")
    func disabled() async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let r = try await client.execute(uri: "/metrics", method: .get)
            #expect(r.status == .serviceUnavailable)
            #expect(try r.body.json()["error"]?["code"]?.string == "metrics_disabled")
        }
    }
}

/// A parsed Prometheus text exposition: samples and `# TYPE` lines.
struct Exposition {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample] = []
    var types: [String: String] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("#") || line.isEmpty { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let open = series.firstIndex(of: "{"), series.last == "}" {
                name = String(series[..<open])
                let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
                // Label values written by swift-prometheus here contain no quotes or commas.
                for pair in body.split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { continue }
                    labels[String(kv[0])] = String(kv[1].dropFirst().dropLast())
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    /// The value of the one sample named `name` whose labels include `labels`.
    func value(_ name: String, _ labels: [String: String]) -> Double? {
        let matching = samples.filter { s in s.name == name && labels.allSatisfy { s.labels[$0.key] == $0.value } }
        return matching.count == 1 ? matching[0].value : nil
    }

    func type(_ name: String) -> String? { types[name] }
}
