import Foundation
import Hummingbird
import HummingbirdTesting
import ModelRuntime
import NIOCore
import TestSupport
import WardenApp
import AccessControl
import Testing

@Suite("Drift routes: check-drift, baseline, drift, report, alerts, cleanup")
struct DriftRouteTests {
    static let management = "/api/v1/model-management/performance/"

    /// The expected rows as CSV, each value transformed by `f`, `copies` times.
    static func csv(_ e: ServingExpected, copies: Int, _ f: (Double) -> Double = { $0 }) -> String {
        var lines = [e.featureNames.joined(separator: ",")]
        for _ in 0..<copies {
            for row in e.rows { lines.append(e.featureNames.map { "\(f(row[$0]?.double ?? 0))" }.joined(separator: ",")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("parts without enough data say why; baselines need enough predictions")
    func unavailable() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        let version = ServingFixture.version
        try await t.application.test(.router) { client in
            _ = try await client.execute(uri: "/predict", method: .post, body: try featuresBody(Array(e.rows.prefix(10))))
            let check = try await client.execute(uri: Self.management + version + "/check-drift", method: .post)
            #expect(check.status == .ok)
            let c = try check.body.json()
            #expect(c["drift_detected"] == .bool(false))
            #expect(c["drift_score"] == nil)
            #expect(c["indicators_unavailable"]?.string?.contains("needs at least 30") == true)
            #expect(c["data_drift_unavailable"]?.string?.contains("no reference profile") == true)
            #expect(c["window_count"]?.double == 10)

            let drift = try await client.execute(uri: "/api/monitoring/drift", method: .get)
            #expect(drift.status == .conflict)
            #expect(try drift.body.json()["error"]?["code"]?.string == "no_baseline")

            let early = try await client.execute(uri: "/api/monitoring/baseline", method: .post)
            #expect(early.status == .conflict)
            #expect(try early.body.json()["error"]?["code"]?.string == "insufficient_data")

            let unknown = try await client.execute(uri: Self.management + "19990101_000000/check-drift", method: .post)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a captured baseline gives seed 004's drift; an uploaded shifted reference raises data-drift alerts once")
    func baselineAndAlerts() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        let version = ServingFixture.version
        try await t.application.test(.router) { client in
            for _ in 0..<2 { _ = try await client.execute(uri: "/predict", method: .post, body: try featuresBody(e.rows)) }
            let set = try await client.execute(uri: "/api/monitoring/baseline", method: .post)
            #expect(set.status == .ok)
            let s = try set.body.json()
            #expect(s["message"]?.string == "Baseline set")
            #expect(s["source"]?.string == "window")
            #expect(s["rows"]?.double == 40)
            let mean = (e.scores + e.scores).reduce(0, +) / 40
            #expect(abs((s["baseline_mean"]?.double ?? 0) - mean) < 1e-12)

            let drift = try await client.execute(uri: "/api/monitoring/drift", method: .get)
            #expect(drift.status == .ok)
            let d = try drift.body.json()
            #expect(d["drift_detected"] == .bool(false))
            #expect(abs(d["drift_score"]?.double ?? 1) < 1e-9)  // the window is the baseline
            #expect(d["sample_count"]?.double == 40)
            #expect(d["threshold"]?.double == 2)
            #expect(d["data_drift"]?["dataset_drift"] == .bool(false))

            // An uploaded reference far from what is served: every feature drifts.
            let shifted = Self.csv(e, copies: 2) { $0 * 10 + 1000 }
            let upload = try await client.execute(
                uri: "/api/monitoring/baseline", method: .post, headers: [.contentType: "text/csv"],
                body: ByteBuffer(string: shifted))
            #expect(upload.status == .ok)
            #expect(try upload.body.json()["source"]?.string == "upload")
            let check = try await client.execute(uri: Self.management + version + "/check-drift", method: .post)
            let c = try check.body.json()
            #expect(c["drift_detected"] == .bool(true))
            #expect(c["data_drift"]?["dataset_drift"] == .bool(true))
            #expect(c["data_drift"]?["drifted_features"]?.double == Double(e.featureNames.count))
            #expect(c["reference"]?["source"]?.string == "upload")
            let raised = (c["alerts"]?.array ?? []).compactMap { $0["kind"]?.string }
            #expect(raised.contains("data_drift"))
            #expect(c["raised_alerts"]?.array?.contains(.string("data_drift")) == true)
            let again = try await client.execute(uri: Self.management + version + "/check-drift", method: .post)
            #expect(try again.body.json()["alerts"]?.array?.isEmpty == true)

            let alerts = try await client.execute(uri: "/api/monitoring/alerts?limit=50", method: .get)
            let history = try alerts.body.json()["alerts"]?.array ?? []
            #expect(history.filter { $0["kind"]?.string == "data_drift" }.count == 1)
            let event = history.first { $0["kind"]?.string == "data_drift" }
            #expect(event?["event"]?.string == "raised")
            #expect(event?["details"]?["drift_share"]?.double == 1)

            let report = try await client.execute(uri: Self.management + version + "/report", method: .get)
            #expect(report.status == .ok)
            let r = try report.body.json()
            #expect(r["window"]?["count"]?.double == 40)
            #expect(r["drift"]?["data_drift"]?["dataset_drift"] == .bool(true))
            let text = try await client.execute(uri: Self.management + version + "/report?format=text", method: .get)
            #expect(text.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(String(buffer: text.body).contains("Drift: DETECTED"))
        }
    }

    @Test("bad reference uploads and bad cleanup arguments are refused with stable codes")
    func refusals() async throws {
        let t = try await TestServer.make(mode: .maintenance)
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let bad = try await client.execute(
                uri: "/api/monitoring/baseline", method: .post, headers: [.contentType: "text/csv"],
                body: ByteBuffer(string: "nope,columns\n1,2\n"))
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.body.json()["error"]?["code"]?.string == "invalid_reference")
            let days = try await client.execute(uri: Self.management + "cleanup?days=soon", method: .delete)
            #expect(days.status == .badRequest)
            #expect(try days.body.json()["error"]?["code"]?.string == "invalid_days")
            let limit = try await client.execute(uri: "/api/monitoring/alerts?limit=0", method: .get)
            #expect(limit.status == .badRequest)
        }
    }

    @Test("cleanup deletes flushed data older than the days kept")
    func cleanup() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()  // predictions first (inference), then cleanup in maintenance
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            _ = try await client.execute(uri: "/predict", method: .post, body: try featuresBody(e.rows))
            let coordinator = t.app.monitoring.coordinator
            let flushed = try await coordinator.flush(now: Date().addingTimeInterval(1))
            #expect(flushed.windows == 1)
            _ = try await client.execute(uri: "/api/mode/maintenance", method: .post)
            let keep = try await client.execute(uri: Self.management + "cleanup?days=30", method: .delete)
            #expect(try keep.body.json()["deleted_buckets"]?.double == 0)
            let all = try await client.execute(uri: Self.management + "cleanup?days_to_keep=0", method: .delete)
            #expect(all.status == .ok)
            let body = try all.body.json()
            #expect(body["days_kept"]?.double == 0)
            #expect((body["deleted_buckets"]?.double ?? 0) >= 1)
        }
    }
}

@Suite("Drift against the package's reference sample")
struct PackageReferenceTests {
    @Test("a version whose package ships reference_sample.csv is checked against it without a baseline")
    func packageReference() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        let shifted = DriftRouteTests.csv(e, copies: 2) { $0 * 10 + 1000 }
        try await t.fixture.addCopy(named: "20250101_000000", extraFiles: ["reference_sample.csv": Array(shifted.utf8)])
        let uri = DriftRouteTests.management + "20250101_000000/check-drift"
        try await t.application.test(.router) { client in
            let before = try await client.execute(uri: uri, method: .post)
            let b = try before.body.json()
            #expect(b["reference"]?["source"]?.string == "package")
            #expect(b["reference"]?["rows"]?.double == 40)
            #expect(b["data_drift_unavailable"]?.string?.contains("no input rows") == true)
            for _ in 0..<2 {
                let r = try await client.execute(
                    uri: "/predict?version=20250101_000000", method: .post, body: try featuresBody(e.rows))
                #expect(r.status == .ok)
            }
            let after = try await client.execute(uri: uri, method: .post)
            let a = try after.body.json()
            #expect(a["data_drift"]?["dataset_drift"] == .bool(true))
            #expect(a["data_drift"]?["prediction"]?["reference_count"]?.double == 40)
            // The serving version has no reference of its own.
            let serving = try await client.execute(
                uri: DriftRouteTests.management + ServingFixture.version + "/check-drift", method: .post)
            #expect(try serving.body.json()["reference"] == nil)
        }
    }
}
