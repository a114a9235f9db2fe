import ArgumentParser

/// The version a monitoring command acts on: `[VERSION] [--model M]`, defaulting to the serving version of the
/// configured (or only) model.
struct VersionSelection: ParsableArguments {
    @Argument(help: "The version (default: the serving version).")
    var version: String?

    @Option(help: "The model (default: the configuration's, else the only one).")
    var model: String?
}
