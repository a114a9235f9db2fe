import ArgumentParser
import Foundation
import ModelRuntime
import Pickle

/// `warden inspect FILE.joblib [--json]`.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a joblib/pickle model file holds, without executing it.")

    @Argument(help: "A model file written by joblib.dump or pickle.dump.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let model: LoadedModel
        do { model = try ModelLoader.load(path: file) } catch { throw ExitStatus.fail(error) }
        let info = model.info
        if json {
            print(Self.json(info))
        } else {
            print(Self.text(info))
        }
    }

    static func json(_ info: ModelInfo) -> String {
        var fields: [String] = []
        fields.append("\"class\":\(JSONText.string(info.className))")
        fields.append("\"qualified_class\":\(JSONText.string(info.qualifiedClassName))")
        fields.append("\"final_class\":\(JSONText.string(info.finalClassName))")
        fields.append("\"sklearn_version\":\(info.sklearnVersion.map(JSONText.string) ?? "null")")
        fields.append("\"n_features_in\":\(info.nFeaturesIn)")
        fields.append(
            "\"feature_names\":"
                + (info.featureNames.map { "[" + $0.map(JSONText.string).joined(separator: ",") + "]" } ?? "null"))
        fields.append("\"steps\":[" + info.steps.map(JSONText.string).joined(separator: ",") + "]")
        let params = info.parameters.sorted { $0.key < $1.key }.map { "\(JSONText.string($0.key)):\(parameter($0.value))" }
        fields.append("\"parameters\":{" + params.joined(separator: ",") + "}")
        fields.append("\"compression\":\(JSONText.string(info.compression.rawValue))")
        fields.append("\"protocol\":\(info.protocolVersion)")
        fields.append("\"file_size\":\(info.fileSize)")
        fields.append("\"globals\":[" + info.globals.map { JSONText.string($0.description) }.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func parameter(_ p: ParameterValue) -> String {
        switch p {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONText.number(d)
        case .string(let s): return JSONText.string(s)
        case .list(let l): return "[" + l.map(parameter).joined(separator: ",") + "]"
        }
    }

    static func text(_ info: ModelInfo) -> String {
        var lines: [String] = []
        lines.append("class:            \(info.className) (\(info.qualifiedClassName))")
        if !info.steps.isEmpty { lines.append("steps:            \(info.steps.joined(separator: ", "))") }
        lines.append("scikit-learn:     \(info.sklearnVersion ?? "not recorded")")
        lines.append("features:         \(info.nFeaturesIn)")
        if let names = info.featureNames { lines.append("feature names:    \(names.joined(separator: ", "))") }
        lines.append("compression:      \(info.compression.rawValue)")
        lines.append("pickle protocol:  \(info.protocolVersion)")
        lines.append("file size:        \(info.fileSize) bytes")
        lines.append("parameters:")
        for (k, v) in info.parameters.sorted(by: { $0.key < $1.key }) { lines.append("  \(k) = \(parameter(v))") }
        lines.append("globals referenced:")
        for g in info.globals { lines.append("  \(g)") }
        return lines.joined(separator: "\n")
    }
}
