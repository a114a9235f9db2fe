public import Pickle

/// The one error type of ModelRuntime: a stable code, what failed, the offending value, the remedy, the cause.
///
/// The codes are the ones the registry and the API use (`corrupt_model`, `unsafe_pickle`, `unsupported_model`, ...);
/// the CLI maps each to its own exit status in one place.
public struct ModelRuntimeError: Error, Sendable, CustomStringConvertible {
    /// Stable categories.
    public enum Code: String, Sendable, CaseIterable {
        /// The file is not a readable model (damaged, truncated, wrong structure).
        case corruptModel = "corrupt_model"
        /// The file tried to reference code outside the allowlist, or used an opcode that reaches outside the file.
        case unsafePickle = "unsafe_pickle"
        /// A well-formed scikit-learn object of a class (or option) Warden does not score.
        case unsupportedModel = "unsupported_model"
        /// joblib compression Warden does not read (lz4, joblib <= 0.9 "ZF").
        case unsupportedCompression = "unsupported_compression"
        /// The file exceeds a safety limit (size, depth, memory).
        case tooLarge = "too_large"
        /// Input rows have the wrong number of features.
        case featureCountMismatch = "feature_count_mismatch"
        /// A named input lacks a feature the model needs.
        case missingFeature = "missing_feature"
        /// Input values the model cannot take (NaN/inf where not accepted, non-numeric).
        case invalidInput = "invalid_input"
        /// The file could not be read.
        case ioError = "io_error"
    }

    /// The category.
    public var code: Code
    /// What failed, the offending value, and the remedy.
    public var message: String
    /// The underlying reader error, when there is one.
    public var pickleError: PickleError?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: PickleError? = nil) {
        self.code = code
        self.message = message
        self.pickleError = cause
    }

    /// The message.
    public var description: String { message }

    /// Classifies a reader error. A refused scikit-learn class is an unsupported model; any other refused
    /// global or opcode is an unsafe pickle.
    public init(reading path: String, _ error: PickleError) {
        let place = path.isEmpty ? "" : "\(path): "
        switch error.code {
        case .disallowedGlobal:
            let name = error.global ?? "?"
            if let cls = SupportedClasses.unsupportedEstimatorName(name) {
                self.init(
                    .unsupportedModel,
                    "\(place)\(cls) (\(name)) is not a supported model; Warden scores "
                        + SupportedClasses.supportedSummary,
                    cause: error)
            } else {
                self.init(
                    .unsafePickle,
                    "\(place)refused to load: the pickle references \(name), which could execute code; "
                        + "only scikit-learn model classes and numpy data are allowed (\(error.description))",
                    cause: error)
            }
        case .disallowedOpcode:
            self.init(.unsafePickle, "\(place)refused to load: \(error.description)", cause: error)
        case .unsupportedCompression:
            self.init(.unsupportedCompression, "\(place)\(error.description)", cause: error)
        case .limitExceeded:
            self.init(.tooLarge, "\(place)\(error.description)", cause: error)
        case .io:
            self.init(.ioError, error.description, cause: error)
        case .corrupt, .truncated, .unsupportedFeature:
            self.init(.corruptModel, "\(place)not a readable model file: \(error.description)", cause: error)
        }
    }
}
