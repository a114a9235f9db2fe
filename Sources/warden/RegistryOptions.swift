import ArgumentParser

/// Flags shared by the registry commands.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The YAML configuration file (default: $WARDEN_CONFIG, or none).")
    var config: String?

    @Option(
        name: .customLong("data-dir"), help: "The data directory (default: the configuration's, else ./warden-data).")
    var dataDir: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if let dataDir, dataDir.isEmpty { throw ValidationError("--data-dir must not be empty") }
        if let config, config.isEmpty { throw ValidationError("--config must not be empty") }
    }
}
