import DataFormats
import Foundation
import Hummingbird
import HummingbirdTesting
import ModelRuntime
import NIOCore
import TestSupport
import WardenApp
import Testing

/// `/predict` (seed 003), `/api/v1/models/analyze` and the API's error shape. Scores are compared with
/// scikit-learn's (python/fixtures/serving.py, glibc libm kernels): exact.
@Suite("Predict routes")
struct PredictRouteTests {
    @Test("/predict answers seed 003's fields with scikit-learn's scores")
    func predict() async throws {
        let expected = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            try await client.execute(uri: "/predict", method: .post, body: try featuresBody(expected.rows)) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.init("X-Request-Id")!] != nil)
                let json = try r.body.json()
                #expect(json["scores"]?.array?.compactMap(\.double) == expected.scores)
                #expect(json["predictions"]?.array?.compactMap(\.double).map { Int($0) } == expected.predictions)
                #expect(json["threshold"]?.double == expected.threshold)
                #expect(json["anomaly_count"]?.double == Double(expected.predictions.reduce(0, +)))
                #expect(json["total_samples"]?.double == Double(expected.rows.count))
                #expect(json["model_version"]?.string == ServingFixture.version)
            }
            // Raw scikit-learn outputs on request; the same answer from analyze with a bare array.
            try await client.execute(
                uri: "/predict", method: .post,
                body: try featuresBody(expected.rows, extra: ",\"outputs\":[\"score_samples\",\"decision_function\",\"predict\"]")
            ) { r in
                let json = try r.body.json()
                #expect(json["score_samples"]?.array?.compactMap(\.double) == expected.scoreSamples)
                #expect(json["decision_function"]?.array?.compactMap(\.double) == expected.decisionFunction)
                #expect(json["predict"]?.array?.compactMap(\.double).map { Int($0) } == expected.predict)
            }
            try await client.execute(
                uri: "/api/v1/models/analyze", method: .post, body: body(try jsonText(.array(expected.rows)))
            ) { r in
                #expect(r.status == .ok)
                let scores = try r.body.json()["scores"]?.array?.compactMap(\.double)
                #expect(scores == expected.scores)
            }
        }
    }

    @Test("errors share one shape with a stable code", arguments: [
        ("/predict", "{}", 400, "no_features"),
        ("/predict", "{\"features\": []}", 400, "no_features"),
        ("/predict", "not json", 400, "invalid_json"),
        ("/predict", "{\"features\": [{\"auth_failure_ratio\": 1}]}", 422, "missing_features"),
        ("/predict", "{\"features\": [[1, 2]]}", 422, "invalid_features"),
        ("/predict?version=19990101_000000", "{\"features\": [[1]]}", 404, "version_not_found"),
        ("/api/monitoring/baseline", "", 409, "insufficient_data"),
        ("/api/v1/model-management/performance/19990101_000000/check-drift", "", 404, "version_not_found"),
        ("/api/v1/models/19990101_000000/deploy", "", 404, "version_not_found"),
        ("/api/v1/models/20241201_143022/deactivate", "", 409, "serving_version_protected"),
        ("/no/such/route", "", 404, "route_not_found"),
    ])
    func errors(uri: String, requestBody: String, status: Int, code: String) async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            try await client.execute(uri: uri, method: .post, body: body(requestBody)) { r in
                #expect(r.status.code == status)
                #expect(r.headers[.contentType] == "application/json")
                let error = try r.body.json()["error"]
                #expect(error?["code"]?.string == code)
                #expect((error?["message"]?.string ?? "").isEmpty == false)
            }
        }
    }

    @Test("a missing feature is named for every row in the 422's details")
    func missingDetails() async throws {
        let expected = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        guard case .object(var fields) = expected.rows[0] else { return }
        fields["beacon_ratio"] = nil
        let row = JSONValue.object(fields)
        try await t.application.test(.router) { client in
            try await client.execute(uri: "/predict", method: .post, body: try featuresBody([expected.rows[1], row])) { r in
                #expect(r.status == .unprocessableContent)
                let missing = try r.body.json()["error"]?["details"]?["missing"]?.array
                #expect(missing?.count == 1)
                #expect(missing?.first?["row"]?.double == 1)
                #expect(missing?.first?["features"]?.array?.compactMap(\.string) == ["beacon_ratio"])
            }
            // The seed's policy on request: missing features are 0.0.
            try await client.execute(
                uri: "/predict", method: .post,
                body: try featuresBody([row], extra: ",\"missing_features\":\"zero\"")
            ) { r in
                #expect(r.status == .ok)
            }
        }
    }

    @Test("more rows than inference_config.batch_size is a 413 naming the limit")
    func tooManyRows() async throws {
        let expected = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        let rows = Array(repeating: expected.rows[0], count: 1001)  // the package's batch_size is 1000
        try await t.application.test(.router) { client in
            try await client.execute(uri: "/predict", method: .post, body: try featuresBody(rows)) { r in
                #expect(r.status == .contentTooLarge)
                let error = try r.body.json()["error"]
                #expect(error?["code"]?.string == "too_many_rows")
                #expect(error?["details"]?["limit"]?.double == 1000)
            }
        }
    }

    @Test("the client's X-Request-Id comes back")
    func requestID() async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            try await client.execute(uri: "/health", method: .get, headers: [.init("X-Request-Id")!: "abc-123"]) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.init("X-Request-Id")!] == "abc-123")
            }
        }
    }

    @Test("with nothing deployed, /predict is 503 model_not_loaded and health says unhealthy")
    func nothingDeployed() async throws {
        let t = try await TestServer.make(deploy: false)
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            try await client.execute(uri: "/predict", method: .post, body: body("{\"features\":[[1]]}")) { r in
                #expect(r.status == .serviceUnavailable)
                let code = try r.body.json()["error"]?["code"]?.string
                #expect(code == "model_not_loaded")
            }
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(r.status == .serviceUnavailable)
            }
        }
    }
}
