import DataFormats
import Foundation
import Hummingbird
import ModelRuntime
import NIOCore
import Serving

/// Reading request bodies with a size limit and a time limit, and parsing JSON.
enum RequestBody {
    /// Bodies up to this size are read without the per-request timer.
    static let smallBody = 64 * 1024

    /// Collects the body: 413 `body_too_large` over `limit` bytes (declared by Content-Length or found while
    /// reading a chunked body), 408 `request_timeout` after `timeout` seconds; a body the HTTP parser refuses (a bad
    /// chunk size, a connection closed mid-body) is 400 (``APIError/from(_:)-HTTPParserError``). Each of these
    /// answers closes the connection, since the rest of the body is not read. Every body reader goes through here.
    static func collect(_ request: Request, limit: Int, timeout: Double) async throws -> ByteBuffer {
        try checkCharset(request.headers[.contentType])
        let length = request.headers[.contentLength].flatMap(Int.init)
        if let length, length > limit { throw tooLarge(limit) }
        do {
            if let length, length <= smallBody {
                // A small body arrives in a packet or two; a stalled sender is cut by the server's idle timeout.
                // The timer race below costs a task group and a timer per request, so it is kept for large bodies.
                var request = request
                return try await request.collectBody(upTo: limit)
            }
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask {
                    var request = request
                    return try await request.collectBody(upTo: limit)
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    throw APIError(
                        .requestTimeout, code: "request_timeout",
                        "the request body did not arrive within \(timeout) s; send it faster or in smaller batches",
                        details: ["timeout_seconds": .double(timeout)], headers: [.connection: "close"])
                }
                return body
            }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
    }

    static func tooLarge(_ limit: Int) -> APIError { APIError.bodyTooLarge(limit) }

    /// Bodies are read as UTF-8 (JSON is UTF-8, RFC 8259; CSV is read so too): a `charset` parameter naming anything
    /// else (`utf-16`, `latin1`, ...) is 415 `unsupported_charset` rather than bytes read in the wrong encoding.
    /// US-ASCII is a subset of UTF-8 and accepted.
    static func checkCharset(_ contentType: String?) throws {
        guard let contentType else { return }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let charset = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["\""]).lowercased()
            guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(charset) else {
                throw APIError(
                    .unsupportedMediaType, code: "unsupported_charset",
                    "the body's charset is '\(charset.prefix(40))'; Warden reads request bodies as UTF-8 only: "
                        + "encode the body in UTF-8 (and say charset=utf-8, or no charset)",
                    details: ["charset": .string(String(charset.prefix(40)))])
            }
        }
    }

    /// Parses a JSON body (JSON5 literals NaN/Infinity accepted, as Python's json writes them).
    static func json(_ buffer: ByteBuffer) throws -> JSONValue {
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, code: "invalid_json", "the request body is empty; send a JSON document")
        }
        do { return try JSONValue.parse(buffer.readableBytesView) } catch {
            throw APIError(.badRequest, code: "invalid_json", error.message)
        }
    }

    /// Parses a JSON body when there is one; nil for an empty body.
    static func optionalJSON(_ request: Request, limit: Int = 1 << 20) async throws -> JSONValue? {
        let buffer = try await collect(request, limit: limit, timeout: 30)
        if buffer.readableBytes == 0 { return nil }
        return try json(buffer)
    }
}

/// Building JSON responses.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(JSONWriter.text(value), status: status)
    }

    static func text(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
