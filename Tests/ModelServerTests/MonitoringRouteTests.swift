import Foundation
import Hummingbird
import HummingbirdTesting
import ModelRuntime
import NIOCore
import TestSupport
import WardenApp
import Testing

@Suite("Monitoring routes")
struct MonitoringRouteTests {
    @Test("predictions and failures land in the serving version's window; stats and performance report them")
    func statistics() async throws {
        let expected = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let empty = try await client.execute(uri: "/api/monitoring/stats", method: .get)
            #expect(try empty.body.json()["total_predictions"]?.double == 0)
            // 20 rows through /predict, 3 through V2, one refused request.
            _ = try await client.execute(uri: "/predict", method: .post, body: try featuresBody(expected.rows))
            let arrays = expected.rows.prefix(3).map { row in expected.featureNames.map { row[$0]?.double ?? 0 } }
            let v2 = #"{"inputs":[{"name":"input","shape":[3,17],"datatype":"FP64","data":\#(arrays)}]}"#
            let infer = try await client.execute(uri: "/v2/models/wifi-anomaly/infer", method: .post, body: body(v2))
            #expect(infer.status == .ok)
            let refused = try await client.execute(uri: "/predict", method: .post, body: body(#"{"features": [{"a": 1}]}"#))
            #expect(refused.status == .unprocessableContent)

            let stats = try await client.execute(uri: "/api/monitoring/stats", method: .get)
            let s = try stats.body.json()
            #expect(s["version"]?.string == ServingFixture.version)
            #expect(s["total_predictions"]?.double == 24)
            #expect(s["error_count"]?.double == 1)
            #expect(s["error_rate"]?.double == 1.0 / 24)
            let anomalies = expected.predictions.reduce(0, +) + expected.predictions.prefix(3).reduce(0, +)
            #expect(s["anomaly_rate"]?.double == Double(anomalies) / 23)
            let scores = expected.scores + expected.scores.prefix(3)
            #expect(s["confidence"]?["max"]?.double == scores.max())
            #expect(s["confidence"]?["min"]?.double == scores.min())
            #expect((s["prediction_time"]?["mean"]?.double ?? 0) > 0)
            #expect((s["memory_bytes"]?.double ?? 0) > 100_000)  // 100 trees of the sample forest
            #expect((s["throughput_per_second"]?.double ?? 0) > 0)

            let all = try await client.execute(uri: "/api/v1/model-management/performance", method: .get)
            #expect(try all.body.json()["versions"]?.array?.count == 1)
            let one = try await client.execute(
                uri: "/api/v1/model-management/performance/\(ServingFixture.version)", method: .get)
            #expect(try one.body.json()["total_predictions"]?.double == 24)
            #expect((try one.body.json()["memory_bytes"]?.double ?? 0) > 100_000)
            let unknown = try await client.execute(uri: "/api/v1/model-management/performance/19990101_000000", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}
