import ArgumentParser
import Foundation
import ModelRuntime

/// The one place where error codes become exit statuses and the one-line JSON error on stderr.
enum ExitStatus {
    static let codes: [(ModelRuntimeError.Code, Int32)] = [
        (.ioError, 10), (.invalidInput, 11), (.missingFeature, 12), (.featureCountMismatch, 13),
        (.corruptModel, 20), (.unsafePickle, 21), (.unsupportedModel, 22), (.unsupportedCompression, 23),
        (.tooLarge, 24),
    ]

    static func status(for code: ModelRuntimeError.Code) -> Int32 {
        codes.first { $0.0 == code }?.1 ?? 1
    }

    static var table: String {
        codes.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ", 64 usage error, 1 internal error."
    }

    /// Prints `{"error":{"code":...,"message":...}}` on stderr and returns the exit code to throw.
    static func fail(_ error: ModelRuntimeError) -> ExitCode {
        let line = "{\"error\":{\"code\":\(JSONText.string(error.code.rawValue)),\"message\":\(JSONText.string(error.message))}}\n"
        FileHandle.standardError.write(Data(line.utf8))
        return ExitCode(status(for: error.code))
    }
}
