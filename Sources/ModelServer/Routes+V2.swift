import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import ModelRuntime
import NIOCore
import Registry
import Serving
import WardenApp
import WardenViews

/// The Open Inference Protocol (KServe V2 / Triton HTTP), with the binary tensor data and model repository
/// extensions. A model's input is one tensor of shape `[rows, features]` (FP32 or FP64); outputs are `scores`
/// (FP64 anomaly scores), `labels` (INT64, 1 = anomaly), and on request `score_samples`, `decision_function`
/// (FP64) and `predict` (INT64, ±1).
extension WardenServer {
    static let v2Outputs: [(name: String, datatype: String)] = [
        ("scores", "FP64"), ("labels", "INT64"), ("score_samples", "FP64"), ("decision_function", "FP64"),
        ("predict", "INT64"),
    ]

    func addV2Routes(to group: RouterGroup<WardenRequestContext>) {
        group.get { _, _ in
            JSONResponse.make(.object([
                "name": "warden", "version": .string(app.settings.wardenVersion),
                "extensions": .array(["model_repository", "binary_tensor_data"]),
            ]))
        }
        group.get("health/live") { _, _ in JSONResponse.make(.object(["live": true])) }
        group.get("health/ready") { _, _ in
            let ready = !app.host.loadedModels.filter(\.serving).isEmpty
            return JSONResponse.make(.object(["ready": .bool(ready)]), status: ready ? .ok : .badRequest)
        }
        group.get("models/:name") { request, context in
            try await v2Metadata(try context.parameters.require("name"), version: nil, request)
        }
        group.get("models/:name/versions/:version") { request, context in
            try await v2Metadata(
                try context.parameters.require("name"), version: try context.parameters.require("version"), request)
        }
        group.get("models/:name/ready") { _, context in
            let ready = (try? app.host.serving(try context.parameters.require("name"))) != nil
            return JSONResponse.make(.object(["ready": .bool(ready)]), status: ready ? .ok : .badRequest)
        }
        group.get("models/:name/versions/:version/ready") { _, context in
            let name = try context.parameters.require("name"), version = try context.parameters.require("version")
            let ready = (try? await app.host.model(name, version: version, loadIfNeeded: false)) != nil
            return JSONResponse.make(.object(["ready": .bool(ready)]), status: ready ? .ok : .badRequest)
        }
        group.post("models/:name/infer") { request, context in
            let serving = try await serving(try context.parameters.require("name"), request)
            return try await v2Infer(request, serving)
        }
        group.post("models/:name/versions/:version/infer") { request, context in
            let serving = try await app.predictions.resolve(
                model: try context.parameters.require("name"), version: try context.parameters.require("version"),
                caller: caller(request))
            return try await v2Infer(request, serving)
        }
        group.post("repository/index") { request, _ in
            let body = try await RequestBody.optionalJSON(request)
            let onlyReady = body?["ready"] == .bool(true)
            let entries = try await app.lifecycle.repositoryIndex(visibleTo: caller(request))
            return JSONResponse.make(.array(entries.filter { !onlyReady || $0.ready }.map { e in
                var o: [String: JSONValue] = [
                    "name": .string(e.model), "state": .string(e.ready ? "READY" : "UNAVAILABLE"),
                    "version": Views.optional(e.version),
                ]
                if let reason = e.reason { o["reason"] = .string(reason) }
                return .object(o)
            }))
        }
        group.post("repository/models/:name/load") { _, context in
            _ = try await app.lifecycle.loadModel(try context.parameters.require("name"))
            return JSONResponse.make(.object([:]))
        }
        group.post("repository/models/:name/unload") { _, context in
            try await app.lifecycle.unloadModel(try context.parameters.require("name"))
            return JSONResponse.make(.object([:]))
        }
    }

    func v2Metadata(_ name: String, version: String?, _ request: Request) async throws -> Response {
        let serving = try await app.predictions.resolve(model: name, version: version, caller: caller(request))
        let versions = try await app.models.page(model: name).versions.reversed().map(\.version)
        return JSONResponse.make(.object([
            "name": .string(name), "versions": .array(versions.map(JSONValue.string)),
            "platform": "warden_sklearn", "version": .string(serving.version),
            "inputs": .array([
                .object(["name": "input", "datatype": "FP64", "shape": .array([.int(-1), .int(serving.nFeatures)])])
            ]),
            "outputs": .array(Self.v2Outputs.map {
                .object(["name": .string($0.name), "datatype": .string($0.datatype), "shape": .array([.int(-1)])])
            }),
            "parameters": .object([
                "feature_names": serving.featureNames.map { .array($0.map(JSONValue.string)) } ?? .null,
                "threshold": .double(serving.threshold), "estimator": .string(serving.estimatorClass),
            ]),
        ]))
    }

    func v2Infer(_ request: Request, _ serving: ServingModel) async throws -> Response {
        let start = ContinuousClock.now
        let timeout = bodyTimeout(serving)
        var buffer = try await RequestBody.collect(request, limit: http.maxBodyBytes, timeout: timeout)
        var binary: ByteBuffer?
        if let h = request.headers[.inferenceHeaderContentLength] {
            guard let n = Int(h), n >= 0, n <= buffer.readableBytes else {
                throw APIError(
                    .badRequest, code: "invalid_request",
                    "Inference-Header-Content-Length is \(h) but the body has \(buffer.readableBytes) bytes")
            }
            let json = buffer.readSlice(length: n) ?? ByteBuffer()
            binary = buffer
            buffer = json
        }
        let body = try RequestBody.json(buffer)
        guard case .array(let inputs)? = body["inputs"], inputs.count == 1, case .object(let input) = inputs[0] else {
            throw APIError(
                .badRequest, code: "invalid_request",
                "send exactly one input tensor of shape [rows, \(serving.nFeatures)] in \"inputs\"")
        }
        // v2Matrix bounds the rows (413 too_many_rows) before it allocates anything.
        let matrix = try v2Matrix(input, binary: &binary, serving: serving)
        // Requested outputs, each possibly binary.
        var wanted: [(name: String, binary: Bool)] = []
        let binaryDefault = body["parameters"]?["binary_data_output"] == .bool(true)
        if case .array(let outs)? = body["outputs"] {
            for o in outs {
                guard let name = o["name"]?.string else {
                    throw APIError(.badRequest, code: "invalid_request", "every requested output needs a \"name\"")
                }
                guard Self.v2Outputs.contains(where: { $0.name == name }) else {
                    throw APIError(
                        .badRequest, code: "invalid_request",
                        "unknown output '\(name)'; outputs are \(Self.v2Outputs.map(\.name).joined(separator: ", "))")
                }
                let b = o["parameters"]?["binary_data"].map { $0 == .bool(true) } ?? binaryDefault
                wanted.append((name, b))
            }
        } else {
            wanted = [("scores", binaryDefault), ("labels", binaryDefault)]
        }
        let features = try FeatureInput(matrix: matrix, for: serving)
        let prediction = try app.predictions.score(
            features, on: serving, outputs: [.scoreSamples, .decisionFunction, .predict], since: start)
        var outputs: [JSONValue] = []
        var tail = ByteBuffer()
        for (name, isBinary) in wanted {
            var doubles: [Double]?
            var ints: [Int]?
            switch name {
            case "scores": doubles = prediction.scores
            case "labels": ints = prediction.predictions
            case "score_samples": doubles = prediction.scoreSamples
            case "decision_function": doubles = prediction.decisionFunction
            default: ints = prediction.predict
            }
            var o: [String: JSONValue] = [
                "name": .string(name), "datatype": .string(doubles != nil ? "FP64" : "INT64"),
                "shape": .array([.int(matrix.rows)]),
            ]
            if isBinary {
                let start = tail.writerIndex
                if let doubles { for d in doubles { tail.writeInteger(d.bitPattern, endianness: .little) } }
                if let ints { for i in ints { tail.writeInteger(Int64(i), endianness: .little) } }
                o["parameters"] = .object(["binary_data_size": .int(tail.writerIndex - start)])
            } else if let doubles {
                o["data"] = .array(doubles.map(JSONValue.double))
            } else if let ints {
                o["data"] = .array(ints.map(JSONValue.int))
            }
            outputs.append(.object(o))
        }
        var response: [String: JSONValue] = [
            "model_name": .string(serving.model), "model_version": .string(serving.version), "outputs": .array(outputs),
        ]
        if let id = body["id"]?.string { response["id"] = .string(id) }
        let header = JSONWriter.text(.object(response))
        guard tail.readableBytes > 0 else { return JSONResponse.text(header) }
        var out = ByteBuffer(string: header)
        out.writeBuffer(&tail)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream",
                .inferenceHeaderContentLength: String(header.utf8.count),
            ],
            body: ResponseBody(byteBuffer: out))
    }

    /// The input tensor as a matrix: FP32/FP64 (also INT32/INT64) data, JSON (flat or nested) or binary.
    func v2Matrix(_ input: [String: JSONValue], binary: inout ByteBuffer?, serving: ServingModel) throws -> FeatureMatrix {
        guard case .array(let shapeValues)? = input["shape"] else {
            throw APIError(.badRequest, code: "invalid_request", "the input tensor needs a \"shape\"")
        }
        let shape = shapeValues.compactMap { $0.double }.map { Int(exactly: $0) ?? -1 }
        let datatype = input["datatype"]?.string ?? ""
        let (rows, columns): (Int, Int)
        switch shape.count {
        case 2: (rows, columns) = (shape[0], shape[1])
        case 1: (rows, columns) = (1, shape[0])
        default: (rows, columns) = (-1, -1)
        }
        guard rows >= 0, columns == serving.nFeatures, shape.count == shapeValues.count else {
            throw APIError(
                .badRequest, code: "invalid_shape",
                "the input shape is \(shapeValues.map { $0.double.flatMap { Int(exactly: $0) }.map(String.init) ?? "?" }) but version "
                    + "'\(serving.version)' takes [rows, \(serving.nFeatures)]",
                details: ["expected": .array([.int(-1), .int(serving.nFeatures)])])
        }
        // Bound the rows before sizing anything by them: a huge declared shape must not overflow or allocate.
        try serving.checkRows(rows, fallback: app.predictions.defaultMaxRows)
        let count = rows * columns
        var values = [Double]()
        values.reserveCapacity(count)
        if let size = input["parameters"]?["binary_data_size"]?.double {
            guard let byteCount = Int(exactly: size), byteCount >= 0, var data = binary?.readSlice(length: byteCount)
            else {
                throw APIError(.badRequest, code: "invalid_request", "the binary tensor data is shorter than binary_data_size")
            }
            let width: Int
            switch datatype {
            case "FP64", "INT64": width = 8
            case "FP32", "INT32": width = 4
            default: throw unsupportedType(datatype)
            }
            guard byteCount == count * width else {
                throw APIError(
                    .badRequest, code: "invalid_request",
                    "binary_data_size is \(byteCount) bytes but shape \(shape) of \(datatype) needs \(count * width)")
            }
            for _ in 0..<count {
                switch datatype {
                case "FP64": values.append(Double(bitPattern: data.readInteger(endianness: .little, as: UInt64.self) ?? 0))
                case "FP32":
                    values.append(Double(Float(bitPattern: data.readInteger(endianness: .little, as: UInt32.self) ?? 0)))
                case "INT64": values.append(Double(data.readInteger(endianness: .little, as: Int64.self) ?? 0))
                default: values.append(Double(data.readInteger(endianness: .little, as: Int32.self) ?? 0))
                }
            }
        } else {
            guard ["FP64", "FP32", "INT64", "INT32"].contains(datatype) else { throw unsupportedType(datatype) }
            guard let data = input["data"] else {
                throw APIError(.badRequest, code: "invalid_request", "the input tensor has neither data nor binary_data_size")
            }
            try flatten(data, into: &values, datatype: datatype)
            guard values.count == count else {
                throw APIError(
                    .badRequest, code: "invalid_shape",
                    "the input has \(values.count) values but shape \(shape) needs \(count)")
            }
        }
        return FeatureMatrix(rows: rows, columns: columns, values: values)
    }

    private func unsupportedType(_ t: String) -> APIError {
        APIError(
            .badRequest, code: "unsupported_datatype", "datatype '\(t)' is not supported; send FP32 or FP64",
            details: ["datatype": .string(t)])
    }

    /// Appends a tensor's JSON data (flat or nested) as doubles, each value checked against the datatype: INT64 and
    /// INT32 take whole numbers within their range (2^64 is no INT64), FP32 numbers within its range; FP64 also
    /// takes the strings `NaN`, `Infinity`, `-Infinity`.
    private func flatten(_ v: JSONValue, into out: inout [Double], datatype: String) throws {
        if case .array(let a) = v {
            for x in a { try flatten(x, into: &out, datatype: datatype) }
            return
        }
        func refuse(_ what: String) -> APIError {
            APIError(
                .badRequest, code: "invalid_tensor_data",
                "input value \(out.count) (\(JSONWriter.text(v).prefix(40))) \(what)",
                details: ["index": .int(out.count), "datatype": .string(datatype)])
        }
        switch datatype {
        case "INT64", "INT32":
            let bits = datatype == "INT64" ? 64 : 32
            let whole: Int? = switch v {
            case .int(let i): i
            case .double(let d): Int(exactly: d)
            default: nil
            }
            guard let whole, bits == 64 || Int32(exactly: whole) != nil else {
                throw refuse(
                    "is not an \(datatype): send whole numbers from -2^\(bits - 1) to 2^\(bits - 1)-1, or the "
                        + "tensor as FP64")
            }
            out.append(Double(whole))
        default:
            guard let d = v.double else { throw refuse("is not a number; tensor data must be numbers") }
            if datatype == "FP32" {
                guard !d.isFinite || abs(d) <= Double(Float.greatestFiniteMagnitude) else {
                    throw refuse("does not fit in FP32; send the tensor as FP64")
                }
                out.append(Double(Float(d)))
            } else {
                out.append(d)
            }
        }
    }
}

extension HTTPField.Name {
    /// The binary tensor data extension's header: the length of the JSON part of the body.
    static let inferenceHeaderContentLength = HTTPField.Name("Inference-Header-Content-Length")!
}
