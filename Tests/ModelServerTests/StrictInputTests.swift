import DataFormats
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Input the server used to read loosely and now refuses with a code, a message naming the problem and a remedy:
/// V2 integer tensors out of range, MLflow `dataframe_split` with an index that does not match its rows, bodies in
/// a charset other than UTF-8.
@Suite("Strict input: V2 integer tensors, dataframe_split index, charset")
struct StrictInputTests {
    /// The V2 JSON body of one input tensor `[rows, 17]` of `datatype` holding `data` (JSON text).
    func tensor(_ datatype: String, rows: Int, data: String) -> ByteBuffer {
        let input = #"{"name": "input", "datatype": "\#(datatype)", "shape": [\#(rows), 17], "data": \#(data)}"#
        return ByteBuffer(string: #"{"inputs": [\#(input)]}"#)
    }

    func zeros(_ n: Int, last: String) -> String {
        "[" + Array(repeating: "0", count: n - 1).joined(separator: ",") + "," + last + "]"
    }

    @Test(
        "V2 integer tensors take whole numbers within their type; others are 400 invalid_tensor_data",
        arguments: [
            ("INT64", "18446744073709551616", false), ("INT64", "9223372036854775808", false), ("INT64", "2.5", false),
            ("INT64", "\"NaN\"", false), ("INT32", "2147483648", false), ("FP32", "1e300", false),
            ("INT64", "9223372036854775807", true), ("INT64", "-9223372036854775808", true),
            ("INT32", "-2147483648", true),
            ("INT64", "3", true), ("FP32", "1.5", true), ("FP64", "1e300", true),
        ])
    func integerTensors(datatype: String, value: String, accepted: Bool) async throws {
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            let r = try await client.execute(
                uri: "/v2/models/\(ServingFixture.model)/infer", method: .post,
                body: tensor(datatype, rows: 1, data: zeros(17, last: value)))
            if accepted {
                #expect(r.status == .ok, "\(datatype) \(value): \(String(buffer: r.body))")
            } else {
                #expect(r.status == .badRequest, "\(datatype) \(value): \(String(buffer: r.body))")
                let doc = try r.body.json()
                #expect(doc["code"]?.string == "invalid_tensor_data")
                #expect(doc["details"]?["index"] == .int(16))
                #expect(doc["error"]?.string?.contains("FP64") == true)
            }
        }
    }

    @Test("MLflow dataframe_split: an index must have one label per row")
    func dataframeSplitIndex() async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        let rows = try jsonText(.array(e.rows.prefix(2).map { row in .array(e.featureNames.map { row[$0] ?? .null }) }))
        let columns = try jsonText(.array(e.featureNames.map(JSONValue.string)))
        @Sendable func split(_ index: String) -> ByteBuffer {
            ByteBuffer(string: #"{"dataframe_split": {"columns": \#(columns), "index": \#(index), "data": \#(rows)}}"#)
        }
        try await t.application.test(.router) { client in
            let headers: HTTPFields = [.contentType: "application/json"]
            for index in ["[0, 1, 2]", "[0]", "\"a\""] {
                let r = try await client.execute(
                    uri: "/invocations", method: .post, headers: headers, body: split(index))
                #expect(r.status == .badRequest, "index \(index)")
                let error = try r.body.json()["error"]
                #expect(error?["code"]?.string == "invalid_request")
                #expect(error?["message"]?.string?.contains("one index label per row") == true)
            }
            let ok = try await client.execute(
                uri: "/invocations", method: .post, headers: headers, body: split("[7, 8]"))
            #expect(ok.status == .ok, "\(String(buffer: ok.body))")
        }
    }

    @Test(
        "a body in another charset than UTF-8 is 415 unsupported_charset on every body reader",
        arguments: ["/predict", "/invocations", "/v2/models/wifi-anomaly/infer", "/api/monitoring/baseline"])
    func charset(path: String) async throws {
        let e = try ServingExpected.load()
        let t = try await TestServer.make()
        defer { t.fixture.remove() }
        try await t.application.test(.router) { client in
            // The baseline reads a CSV body only (without one it captures the window).
            let types =
                path == "/api/monitoring/baseline"
                ? ["text/csv; charset=latin1", "text/csv; charset=utf-16"]
                : [
                    "application/json; charset=utf-16", "application/json;charset=\"UTF-16LE\"",
                    "text/csv; charset=latin1",
                ]
            for type in types {
                let r = try await client.execute(
                    uri: path, method: .post, headers: [.contentType: type], body: try featuresBody(e.rows))
                #expect(r.status == .unsupportedMediaType, "\(path) \(type): \(String(buffer: r.body))")
                let doc = try r.body.json()
                #expect((doc["error"]?["code"]?.string ?? doc["code"]?.string) == "unsupported_charset")
            }
            let utf8 = try await client.execute(
                uri: "/predict", method: .post, headers: [.contentType: "application/json; charset=UTF-8"],
                body: try featuresBody(e.rows))
            #expect(utf8.status == .ok)
        }
    }
}
