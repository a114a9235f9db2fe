import ArgumentParser
import DataFormats
import Foundation
import ModelRuntime

/// `warden score --model FILE [--scaler FILE] --input ROWS [--output FILE] [--format json|csv]`.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score rows with a model: score_samples, decision_function and predict for each row.",
        discussion: """
            ROWS is a CSV file with a header, or JSON: a list of objects keyed by feature name (null means NaN), \
            or a list of arrays in training column order. Use '-' to read standard input.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    @Option(help: "The model file (joblib or pickle).")
    var model: String

    @Option(help: "A scaler applied before the model (a deployment package's scaler.joblib).")
    var scaler: String?

    @Option(help: "Rows to score: a CSV or JSON file, or '-' for standard input.")
    var input: String

    @Option(help: "Write results here instead of standard output.")
    var output: String?

    @Option(help: "Output format.")
    var format: Format = .json

    @Option(help: "Threads for large batches.")
    var threads: Int = 1

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        do {
            let detector = try Self.detector(model: model, scaler: scaler)
            let text = try Self.readInput(input)
            let rows = try FeatureRows.parse(text, featureNames: detector.featureNames, nFeatures: detector.nFeaturesIn)
            let scores = try detector.evaluate(rows, threads: threads)
            let rendered = format == .json ? Self.json(scores, className: detector.className) : Self.csv(scores)
            if let output {
                do { try rendered.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw ModelRuntimeError(.ioError, "cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                print(rendered, terminator: "")
            }
        } catch let error as ModelRuntimeError {
            throw ExitStatus.fail(error)
        }
    }

    /// The model, with the scaler composed in front of it when given.
    static func detector(model: String, scaler: String?) throws(ModelRuntimeError) -> any OutlierDetector {
        let detector = try ModelLoader.load(path: model).detector()
        guard let scaler else { return detector }
        let transformer = try ModelLoader.load(path: scaler).transformer()
        return try Pipeline(transformers: [(name: "scaler", transformer: transformer)], detector: detector)
    }

    static func readInput(_ path: String) throws(ModelRuntimeError) -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            // FileHandle also reads pipes and process substitutions (/dev/fd/N), which Data(contentsOf:) refuses.
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ModelRuntimeError(.ioError, "cannot read \(path): no such file, or permission denied")
            }
            defer { try? handle.close() }
            data = handle.readDataToEndOfFile()
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelRuntimeError(.invalidInput, "\(path) is not UTF-8 text")
        }
        return text
    }

    static func json(_ s: OutlierScores, className: String) -> String {
        "{\"model\":\(JSONString.quoted(className)),\"n_rows\":\(s.predict.count),"
            + "\"score_samples\":\(JSONWriter.numbers(s.scoreSamples, nonFinite: .strings)),"
            + "\"decision_function\":\(JSONWriter.numbers(s.decisionFunction, nonFinite: .strings)),"
            + "\"predict\":[\(s.predict.map(String.init).joined(separator: ","))]}\n"
    }

    static func csv(_ s: OutlierScores) -> String {
        var out = "row,score_samples,decision_function,predict\n"
        for i in 0..<s.predict.count {
            out += "\(i),\(s.scoreSamples[i].description),\(s.decisionFunction[i].description),\(s.predict[i])\n"
        }
        return out
    }
}
