import AccessControl
import ArgumentParser
import DataFormats
import Foundation
import Logging
import MCPServer
import ServiceLifecycle
import WardenApp
import WardenConfig

/// `warden mcp`: the Model Context Protocol over stdio for a local assistant, acting for one API key.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Speak the Model Context Protocol over stdin/stdout for a local assistant.",
        discussion: """
            Opens the registry of the data directory and answers MCP messages (one JSON-RPC message per line) with \
            Warden's tools, resources and prompts, acting for the API key in WARDEN_API_KEY or the file given \
            with --key-file (never an argument, which other users could read in the process list). The key's role \
            and model scope decide what the assistant may do, exactly as over HTTP; changes are written to the \
            audit log under the key. A token from POST /api/auth/token works too when WARDEN_SECRET_KEY is the \
            server's. Logs go to stderr. See docs/MCP.md.
            """)

    @OptionGroup var options: RegistryOptions

    @Option(help: ArgumentHelp("A file holding the API key (default: $WARDEN_API_KEY).", valueName: "path"))
    var keyFile: String?

    @Option(help: "Seconds between checks for deployments made by other processes (0: never).")
    var refreshInterval: Double = 5

    @Flag(help: "Print the catalog of tools, resources and prompts as JSON and exit (docs/MCP.json is made of it).")
    var catalog = false

    func validate() throws {
        if refreshInterval < 0 || !refreshInterval.isFinite { throw ValidationError("--refresh-interval must be ≥ 0") }
    }

    func run() async throws {
        if catalog { return print(JSONWriter.text(MCPCatalog.document())) }
        try await ExitStatus.guarded {
            let environment = ProcessInfo.processInfo.environment
            let configuration = try ConfigurationLoader.load(
                file: options.config, dataDirectory: options.dataDir, environment: environment)
            LogBootstrap.bootstrap(configuration.logging)
            let logger = Logger(label: "warden.mcp")
            let credential = try Self.credential(keyFile: keyFile, environment: environment)
            // Keys are checked against the store; tokens need the server's signing secret to be verified.
            let secret = SecretsManager().secret("secret_key") ?? Self.randomSecret()
            let context = try await RegistryContext.open(
                options, issuer: try await TokenIssuer(secret: secret), logger: logger
            ) { settings in
                settings.refreshInterval = refreshInterval > 0 ? .milliseconds(Int(refreshInterval * 1000)) : nil
            }
            let app = context.app
            guard let authenticator = app.security.authenticator,
                let identity = try await authenticator.authenticate(
                    apiKey: credential.hasPrefix("wdn_") ? credential : nil,
                    authorization: credential.hasPrefix("wdn_") ? nil : "Bearer " + credential)
            else { throw SecurityError(.invalidKey, "the API key could not be checked") }
            await app.host.start()
            let server = MCPStdioService(face: MCPFace(app: app), caller: Caller(identity), logger: logger)
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)
            ]
            if let interval = app.settings.refreshInterval {
                services.append(.init(service: RegistryRefreshService(host: app.host, interval: interval)))
            }
            logger.info(
                "warden mcp serving on stdio",
                metadata: ["key": "\(identity.keyID)", "role": "\(identity.role.rawValue)"])
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }

    /// The credential: the key file's first line, else `WARDEN_API_KEY`.
    ///
    /// - Throws: ``SecurityError`` `invalid_key` when there is none or the file cannot be read.
    static func credential(keyFile: String?, environment: [String: String]) throws -> String {
        if let keyFile {
            guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw SecurityError(.invalidKey, "cannot read the key file '\(keyFile)'; check the path and permissions")
            }
            let key = text.split(whereSeparator: \.isNewline).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !key.isEmpty else { throw SecurityError(.invalidKey, "the key file '\(keyFile)' is empty") }
            return key
        }
        guard let key = environment["WARDEN_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty
        else {
            throw SecurityError(
                .invalidKey,
                "warden mcp acts for an API key: set WARDEN_API_KEY or pass --key-file FILE (create one with "
                    + "`warden keys create --name assistant --role viewer`); a key is never taken as an argument")
        }
        return key
    }

    /// A signing secret nobody knows, when the server's is not given: keys still verify, tokens do not.
    static func randomSecret() -> String {
        Data((0..<48).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }
}
