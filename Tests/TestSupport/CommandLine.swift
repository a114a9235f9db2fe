public import DataFormats
public import Foundation

/// Runs a built executable of this package and captures what it printed.
public struct CommandResult: Sendable {
    /// Exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String

    /// Standard output parsed as JSON (numbers exact).
    public var json: JSONValue? {
        try? JSONValue.parse(Data(stdout.utf8))
    }

    /// The `error` object of the one-line JSON error on standard error.
    public var error: JSONValue? {
        (try? JSONValue.parse(Data(stderr.utf8)))?["error"]
    }
}

/// Runs command lines against the `warden` binary built next to the test bundle.
public enum WardenBinary {
    /// `.build/<config>/warden`.
    public static let url: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("warden")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return Fixtures.root.appendingPathComponent(".build/debug/warden")
    }()

    /// Runs `warden args...` with `stdin` as standard input, in this process's environment minus any `WARDEN_*`
    /// variable (warden reads those as configuration, so a developer's settings must not change a test) plus
    /// `environment`.
    public static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws
        -> CommandResult
    {
        let process = Process()
        process.executableURL = url
        process.arguments = args
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WARDEN_") }
            .merging(environment) { _, new in new }
        process.currentDirectoryURL = Fixtures.root
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}
