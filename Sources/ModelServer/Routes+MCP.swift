import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import MCPServer
import NIOCore
import WardenApp

extension WardenServer {
    /// `POST /mcp`: the Model Context Protocol over Streamable HTTP, stateless (``MCPHTTPEndpoint``). The
    /// credential was checked by ``SecurityMiddleware`` like every route's (operation ``AppOperation/mcp``, any role);
    /// each tool call, resource read and prompt is then authorized against its own operation. `GET /mcp` answers
    /// 405: the server opens no event stream.
    func addMCPRoutes(to router: Router<WardenRequestContext>) {
        let endpoint = mcp
        router.post("mcp") { request, _ in
            let buffer = try await RequestBody.collect(
                request, limit: http.maxBodyBytes, timeout: http.defaultTimeoutSeconds)
            let h = request.headers
            let headers = MCPHTTPEndpoint.Headers(
                origin: h[.origin], host: h[.host] ?? request.head.authority, accept: h[.accept],
                contentType: h[.contentType], protocolVersion: h[.mcpProtocolVersion])
            let answer = await endpoint.post(headers: headers, body: buffer.readableBytesView, caller: caller(request))
            return Self.response(answer)
        }
        router.get("mcp") { _, _ in Self.response(MCPHTTPEndpoint.methodNotAllowed) }
    }

    static func response(_ answer: MCPHTTPEndpoint.Response) -> Response {
        var fields = HTTPFields()
        if answer.body != nil { fields[.contentType] = "application/json" }
        for (name, value) in answer.headers {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: answer.body.map { ResponseBody(byteBuffer: ByteBuffer(string: $0)) } ?? ResponseBody())
    }
}

extension HTTPField.Name {
    /// `MCP-Protocol-Version`.
    static let mcpProtocolVersion = HTTPField.Name("MCP-Protocol-Version")!
    /// `Origin`.
    static let origin = HTTPField.Name("Origin")!
    /// `Host`.
    static let host = HTTPField.Name("Host")!
}
