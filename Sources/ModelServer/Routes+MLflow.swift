import DataFormats
import Foundation
import Hummingbird
import ModelRuntime
import Serving
import WardenApp

/// MLflow's scoring protocol: `POST /invocations` with the JSON shapes MLflow documents (`dataframe_split`,
/// `dataframe_records`, `instances`, `inputs`) or CSV. Answers `{"predictions": [...]}` with the model's own
/// `predict` (+1 inlier, −1 outlier), as MLflow's sklearn flavour serves it.
extension WardenServer {
    func addMLflowRoutes(to router: Router<WardenRequestContext>) {
        router.post("invocations") { request, _ in try await invocations(request) }
    }

    func invocations(_ request: Request) async throws -> Response {
        let start = ContinuousClock.now
        let serving = try await serving(request.uri.queryParameters["model"].map(String.init), request)
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        let timeout = bodyTimeout(serving)
        let buffer = try await RequestBody.collect(request, limit: http.maxBodyBytes, timeout: timeout)
        let input: FeatureInput
        if contentType.hasPrefix("application/json") {
            input = try mlflowJSON(try RequestBody.json(buffer), serving)
        } else if contentType.hasPrefix("text/csv") {
            let matrix: FeatureMatrix
            do {
                matrix = try FeatureRows.parse(
                    bytes: buffer.readableBytesView, format: .csv, featureNames: serving.featureNames,
                    nFeatures: serving.nFeatures)
            } catch {
                throw APIError(.badRequest, code: "invalid_csv", error.message)
            }
            input = try FeatureInput(matrix: matrix, for: serving)
        } else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                "content type '\(contentType)' is not supported; send application/json or text/csv",
                details: ["content_type": .string(contentType)])
        }
        let p = try app.predictions.score(input, on: serving, outputs: [.predict], since: start)
        var out = "{\"predictions\":"
        JSONWriter.ints(p.predict ?? [], into: &out)
        out += "}"
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .init("X-Model-Version")!: serving.version],
            body: ResponseBody(byteBuffer: .init(string: out)))
    }

    func mlflowJSON(_ body: JSONValue, _ serving: ServingModel) throws -> FeatureInput {
        guard case .object(let o) = body else {
            throw APIError(.badRequest, code: "invalid_request", Self.mlflowShapes)
        }
        let keys = ["dataframe_split", "dataframe_records", "instances", "inputs"].filter { o[$0] != nil }
        guard keys.count == 1, let key = keys.first, let value = o[key] else {
            throw APIError(.badRequest, code: "invalid_request", Self.mlflowShapes)
        }
        var rows: [JSONValue]
        switch (key, value) {
        case ("dataframe_split", .object(let split)):
            guard let data = split["data"]?.array else {
                throw APIError(.badRequest, code: "invalid_request", "dataframe_split needs \"data\": [[...], ...]")
            }
            if let index = split["index"] {
                // pandas refuses an index whose length differs from the rows' ("Length of values does not match
                // length of index"); so does Warden, rather than guess which rows were meant.
                guard let labels = index.array, labels.count == data.count else {
                    let given = index.array.map { "\($0.count) index labels" } ?? "an index that is not a list"
                    throw APIError(
                        .badRequest, code: "invalid_request",
                        "dataframe_split has \(given) for \(data.count) data rows; send one index label per row, or no "
                            + "index",
                        details: ["rows": .int(data.count)])
                }
            }
            if let columns = split["columns"]?.array {
                let names = columns.compactMap(\.string)
                rows = try data.enumerated().map { (r, row) in
                    guard let values = row.array, values.count == names.count else {
                        throw APIError(
                            .badRequest, code: "invalid_request",
                            "dataframe_split row \(r) does not have one value per column (\(names.count))")
                    }
                    return .object(Dictionary(zip(names, values), uniquingKeysWith: { a, _ in a }))
                }
            } else {
                rows = data
            }
        case ("dataframe_records", .array(let records)), ("instances", .array(let records)),
            ("inputs", .array(let records)):
            rows = records
        case ("inputs", .object(let columns)), ("instances", .object(let columns)):
            // Columnar: {feature: [v0, v1, ...]}.
            let counts = Set(columns.values.map { $0.array?.count ?? -1 })
            guard counts.count == 1, let n = counts.first, n >= 0 else {
                throw APIError(
                    .badRequest, code: "invalid_request", "columnar \(key) needs arrays of the same length per feature")
            }
            rows = (0..<n).map { i in .object(columns.mapValues { $0.array?[i] ?? .null }) }
        default:
            throw APIError(.badRequest, code: "invalid_request", Self.mlflowShapes)
        }
        if rows.isEmpty { throw APIError(.badRequest, code: "no_features", "the request has no rows") }
        return try FeatureInput(rows: rows, for: serving, missing: app.predictions.missingFeatures)
    }

    static let mlflowShapes =
        "send exactly one of dataframe_split {columns, data}, dataframe_records [{...}], instances [...] or inputs"
}
