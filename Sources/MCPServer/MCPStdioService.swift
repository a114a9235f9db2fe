import DataFormats
import Foundation
public import Logging
import MCP
public import ServiceLifecycle
public import WardenApp

/// The MCP face over standard input and output (the SDK's `StdioTransport`: one JSON-RPC message per line), for
/// one caller: `warden mcp` for a local assistant. Messages are answered concurrently, as they arrive; the service
/// ends when the input ends or on graceful shutdown.
public struct MCPStdioService: Service {
    /// The face.
    public let face: MCPFace
    /// Who every message acts for (the key `warden mcp` authenticated).
    public let caller: Caller
    let logger: Logger

    /// Creates the service.
    public init(face: MCPFace, caller: Caller, logger: Logger) {
        self.face = face
        self.caller = caller
        self.logger = logger
    }

    /// Reads and answers messages until the input ends.
    public func run() async throws {
        let transport = StdioTransport(logger: logger)
        try await transport.connect()
        let messages = await transport.receive()
        let face = face
        let caller = caller
        let logger = logger
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                for try await data in messages {
                    group.addTask {
                        guard let reply = await face.respond(to: data, caller: caller) else { return }
                        do {
                            try await transport.send(Data(reply.json.utf8))
                        } catch {
                            logger.error("MCP reply not sent", metadata: ["error": "\(error)"])
                        }
                    }
                }
            }
        }
        await transport.disconnect()
    }
}
