import ArgumentParser
import DataFormats
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
        fields.append("\"class\":\(JSONString.quoted(info.className))")
        fields.append("\"qualified_class\":\(JSONString.quoted(info.qualifiedClassName))")
        fields.append("\"final_class\":\(JSONString.quoted(info.finalClassName))")
        fields.append("\"sklearn_version\":\(info.sklearnVersion.map(JSONString.quoted) ?? "null")")
        fields.append("\"n_features_in\":\(info.nFeaturesIn)")
        fields.append(
            "\"feature_names\":"
                + (info.featureNames.map { "[" + $0.map(JSONString.quoted).joined(separator: ",") + "]" } ?? "null"))
        fields.append("\"steps\":[" + info.steps.map(JSONString.quoted).joined(separator: ",") + "]")
        let params = info.parameters.sorted { $0.key < $1.key }.map { "\(JSONString.quoted($0.key)):\(parameter($0.value))" }
        fields.append("\"parameters\":{" + params.joined(separator: ",") + "}")
        fields.append("\"compression\":\(JSONString.quoted(info.compression.rawValue))")
        fields.append("\"protocol\":\(info.protocolVersion)")
        fields.append("\"file_size\":\(info.fileSize)")
        fields.append("\"globals\":[" + info.globals.map { JSONString.quoted($0.description) }.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A parameter as JSON; non-finite numbers as the strings "NaN", "Infinity", "-Infinity".
    static func parameter(_ p: JSONValue) -> String { JSONWriter.text(p, nonFinite: .strings) }

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
