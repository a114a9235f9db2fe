import ArgumentParser
import DataFormats
import Foundation
import ModelRuntime
import PackageImport
import Serving
import WardenApp

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `warden score --input ROWS [--output FILE] [--format json|csv]` with a model given one of three ways:
/// `--model FILE [--scaler FILE]`, `--package FILE.zip|DIR`, or `--version V [--model NAME] [--data-dir D]`.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score rows with a model file, a deployment package or a registered version.",
        discussion: """
            ROWS is a CSV file with a header, JSON lines, or JSON: a list of objects keyed by feature name (null \
            means NaN), a list of arrays in training column order, or {"features": [...]}. Use '-' to read standard \
            input. The file is read in chunks and scored in batches, so its size does not matter.

            With --model FILE (and --scaler FILE), the outputs are scikit-learn's score_samples, decision_function \
            and predict. With --package (a deployment ZIP or folder, validated as importing it would be, without the \
            quality rules) or --version (a version in the registry at --data-dir; --model then names the model), the \
            feature order comes from the package's metadata and its scaler and threshold apply, exactly as the \
            server scores: each row gets the anomaly score (-score_samples), the label by the package's threshold \
            (1 anomaly, 0 normal) and the raw outputs.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        case auto, csv, json
    }

    @Option(help: "The model file (joblib or pickle); with --version, the model's name in the registry.")
    var model: String?

    @Option(help: "A scaler applied before the model file (a deployment package's scaler.joblib).")
    var scaler: String?

    @Option(help: "A deployment package: a model_*_deployment.zip or its extracted folder.")
    var package: String?

    @Option(help: "A version in the registry (see --data-dir, --config).")
    var version: String?

    @OptionGroup var registry: RegistryOptions

    @Option(help: "Rows to score: a CSV or JSON file, or '-' for standard input.")
    var input: String

    @Option(name: .customLong("input-format"), help: "How the rows are written (auto: from the first character).")
    var inputFormat: InputFormat = .auto

    @Option(help: "Write results here instead of standard output.")
    var output: String?

    @Option(help: "Output format.")
    var format: Format = .json

    @Option(help: "Threads: 2 or more score large batches in parallel and read the next batch while scoring.")
    var threads: Int = 1

    /// Rows read and scored at a time.
    static let batchRows = 65_536

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let sources = [package != nil, version != nil, version == nil && model != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give the model one way: --model FILE [--scaler FILE], --package FILE, or --version V")
        }
        if scaler != nil, package != nil || version != nil {
            throw ValidationError("--scaler goes with --model FILE; a package or a version brings its own scaler")
        }
    }

    func run() async throws {
        do {
            if let package {
                let (record, files) = try await PackageImporter.read(packageAt: URL(fileURLWithPath: package))
                try score(with: try VersionLoader.load(record, files: files))
            } else if let version {
                let context = try await RegistryContext.open(registry)
                let name = try await context.model(model)
                let serving = try await context.app.predictions.resolve(
                    model: name, version: version, caller: .commandLine(by: nil))
                try score(with: serving)
            } else if let model {
                try scoreFile(model: model)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw ExitStatus.exit(for: error)
        }
    }

    // MARK: A version or a package

    /// The outputs of every batch, kept for JSON (written as columns at the end).
    struct Columns {
        var rows = 0
        var anomalies = 0
        var scores: [Double] = []
        var labels: [Int] = []
        var samples: [Double] = []
        var decision: [Double] = []
        var predict: [Int] = []
    }

    /// Scores with the server's semantics: the version's scaler, feature order and threshold.
    func score(with serving: ServingModel) throws {
        let rows = try openRows(featureNames: serving.featureNames, nFeatures: serving.nFeatures)
        let sink = try openSink()
        let outputs: PredictionOutputs = [.scoreSamples, .decisionFunction, .predict]
        var all = Columns()
        if format == .csv { try sink.write(Array("row,score,label,score_samples,decision_function,predict\n".utf8)) }
        var row = 0
        try BatchPipeline.forEach(rows, maxRows: Self.batchRows, parallel: threads > 1) { batch in
            let p = try serving.predict(FeatureInput(matrix: batch, for: serving), outputs: outputs, threads: threads)
            // Invariant: the three raw outputs were asked for.
            let (samples, decision, predict) = (p.scoreSamples!, p.decisionFunction!, p.predict!)
            if format == .csv {
                var out: [UInt8] = []
                out.reserveCapacity(batch.rows * 96)
                for i in 0..<batch.rows {
                    ByteText.append(row + i, to: &out)
                    out.append(UInt8(ascii: ","))
                    ByteText.append(p.scores[i], to: &out)
                    ByteText.append(p.predictions[i] == 1 ? ",1," : ",0,", to: &out)
                    ByteText.append(samples[i], to: &out)
                    out.append(UInt8(ascii: ","))
                    ByteText.append(decision[i], to: &out)
                    ByteText.append(predict[i] == 1 ? ",1\n" : ",-1\n", to: &out)
                }
                try sink.write(out)
            } else {
                all.labels += p.predictions
                all.scores += p.scores
                all.samples += samples
                all.decision += decision
                all.predict += predict
            }
            row += batch.rows
            all.anomalies += p.anomalyCount
        }
        if format == .json {
            var out: [UInt8] = []
            ByteText.append("{\"model\":", to: &out)
            ByteText.append(JSONString.quoted(serving.model), to: &out)
            ByteText.append(",\"version\":", to: &out)
            ByteText.append(JSONString.quoted(serving.version), to: &out)
            ByteText.append(",\"estimator\":", to: &out)
            ByteText.append(JSONString.quoted(serving.estimatorClass), to: &out)
            ByteText.append(",\"threshold\":", to: &out)
            ByteText.append(serving.threshold, json: true, to: &out)
            ByteText.append(",\"threshold_source\":", to: &out)
            ByteText.append(JSONString.quoted(serving.thresholdSource.rawValue), to: &out)
            ByteText.append(",\"n_rows\":", to: &out)
            ByteText.append(row, to: &out)
            ByteText.append(",\"anomaly_count\":", to: &out)
            ByteText.append(all.anomalies, to: &out)
            try write(",\"scores\":", all.scores, to: sink, &out)
            try write(",\"predictions\":", all.labels, to: sink, &out)
            try write(",\"score_samples\":", all.samples, to: sink, &out)
            try write(",\"decision_function\":", all.decision, to: sink, &out)
            try write(",\"predict\":", all.predict, to: sink, &out)
            ByteText.append("}\n", to: &out)
            try sink.write(out)
        }
        try sink.commit()
    }

    // MARK: A model file

    /// scikit-learn's three outputs of a model file, with the scaler file in front when given.
    func scoreFile(model: String) throws {
        let detector = try Self.detector(model: model, scaler: scaler)
        let rows = try openRows(featureNames: detector.featureNames, nFeatures: detector.nFeaturesIn)
        let sink = try openSink()
        var samples: [Double] = []
        var decision: [Double] = []
        var predict: [Int] = []
        if format == .csv { try sink.write(Array("row,score_samples,decision_function,predict\n".utf8)) }
        var row = 0
        try BatchPipeline.forEach(rows, maxRows: Self.batchRows, parallel: threads > 1) { batch in
            let s = try detector.evaluate(batch, threads: threads)
            if format == .csv {
                var out: [UInt8] = []
                out.reserveCapacity(batch.rows * 80)
                for i in 0..<batch.rows {
                    ByteText.append(row + i, to: &out)
                    out.append(UInt8(ascii: ","))
                    ByteText.append(s.scoreSamples[i], to: &out)
                    out.append(UInt8(ascii: ","))
                    ByteText.append(s.decisionFunction[i], to: &out)
                    ByteText.append(s.predict[i] == 1 ? ",1\n" : ",-1\n", to: &out)
                }
                try sink.write(out)
            } else {
                samples += s.scoreSamples
                decision += s.decisionFunction
                predict += s.predict
            }
            row += batch.rows
        }
        if format == .json {
            var out: [UInt8] = []
            ByteText.append("{\"model\":", to: &out)
            ByteText.append(JSONString.quoted(detector.className), to: &out)
            ByteText.append(",\"n_rows\":", to: &out)
            ByteText.append(row, to: &out)
            try write(",\"score_samples\":", samples, to: sink, &out)
            try write(",\"decision_function\":", decision, to: sink, &out)
            try write(",\"predict\":", predict, to: sink, &out)
            ByteText.append("}\n", to: &out)
            try sink.write(out)
        }
        try sink.commit()
    }

    /// The model, with the scaler composed in front of it when given.
    static func detector(model: String, scaler: String?) throws(ModelRuntimeError) -> any OutlierDetector {
        let detector = try ModelLoader.load(path: model).detector()
        guard let scaler else { return detector }
        let transformer = try ModelLoader.load(path: scaler).transformer()
        return try Pipeline(transformers: [(name: "scaler", transformer: transformer)], detector: detector)
    }

    // MARK: Input and output

    func openRows(featureNames: [String]?, nFeatures: Int) throws(ModelRuntimeError) -> FeatureRowReader {
        let fd: Int32
        if input == "-" {
            fd = STDIN_FILENO
        } else {
            // open(2) also reads pipes and process substitutions (/dev/fd/N).
            fd = open(input, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw ModelRuntimeError(.ioError, "cannot read \(input): \(String(cString: strerror(errno)))")
            }
        }
        let format: FeatureRowReader.Format =
            switch inputFormat {
            case .auto: .automatic
            case .csv: .csv
            case .json: .json
            }
        // The descriptor stays open for the life of the process (one input per run).
        return FeatureRowReader(
            stream: FileDescriptorStream(fd, name: input == "-" ? "standard input" : input), format: format,
            featureNames: featureNames, nFeatures: nFeatures)
    }

    func openSink() throws(ModelRuntimeError) -> ByteSink {
        if let output { return try ByteSink(path: output) }
        return ByteSink()
    }

    /// A JSON member holding an array of numbers, flushed to `sink` every megabyte.
    func write(_ key: StaticString, _ values: [Double], to sink: ByteSink, _ out: inout [UInt8]) throws(ModelRuntimeError) {
        ByteText.append(key, to: &out)
        out.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            ByteText.append(v, json: true, to: &out)
            if out.count >= 1 << 20 {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON member holding an array of integers, flushed to `sink` every megabyte.
    func write(_ key: StaticString, _ values: [Int], to sink: ByteSink, _ out: inout [UInt8]) throws(ModelRuntimeError) {
        ByteText.append(key, to: &out)
        out.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            ByteText.append(v, to: &out)
            if out.count >= 1 << 20 {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(UInt8(ascii: "]"))
    }
}
