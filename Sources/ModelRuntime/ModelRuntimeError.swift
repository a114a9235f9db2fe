public import Pickle

/// The one error type of ModelRuntime: a stable code, what failed, the offending value, the remedy, the cause.
///
/// The codes are the ones the registry and the API use (`corrupt_model`, `unsafe_pickle`, `unsupported_model`, ...);
/// the CLI maps each to its own exit status in one place.
public struct ModelRuntimeError: Error, Sendable, CustomStringConvertible {
    /// Stable categories.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case corruptModel = "corrupt_model"
            case unsafePickle = "unsafe_pickle"
            case unsupportedModel = "unsupported_model"
            case unsupportedCompression = "unsupported_compression"
            case tooLarge = "too_large"
            case featureCountMismatch = "feature_count_mismatch"
            case missingFeature = "missing_feature"
            case invalidInput = "invalid_input"
            case ioError = "io_error"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// The file is not a readable model (damaged, truncated, wrong structure).
        public static let corruptModel = Code(.corruptModel)
        /// The file tried to reference code outside the allowlist, or used an opcode that reaches outside the file.
        public static let unsafePickle = Code(.unsafePickle)
        /// A well-formed scikit-learn object of a class (or option) Warden does not score.
        public static let unsupportedModel = Code(.unsupportedModel)
        /// joblib compression Warden does not read (lz4, joblib <= 0.9 "ZF").
        public static let unsupportedCompression = Code(.unsupportedCompression)
        /// The file exceeds a safety limit (size, depth, memory).
        public static let tooLarge = Code(.tooLarge)
        /// Input rows have the wrong number of features.
        public static let featureCountMismatch = Code(.featureCountMismatch)
        /// A named input lacks a feature the model needs.
        public static let missingFeature = Code(.missingFeature)
        /// Input values the model cannot take (NaN/inf where not accepted, non-numeric).
        public static let invalidInput = Code(.invalidInput)
        /// The file could not be read.
        public static let ioError = Code(.ioError)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `corrupt_model`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The category.
    public var code: Code
    /// What failed, the offending value, and the remedy.
    public var message: String
    /// The underlying error (the reader's ``PickleError``, the JSON parser's error), when there is one. The message
    /// already says what it said.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The category.
    ///   - message: What failed, the offending value and the remedy.
    ///   - cause: The underlying error, if any.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
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
        default:  // corrupt, truncated, unsupportedFeature: not a model this reader can read
            self.init(.corruptModel, "\(place)not a readable model file: \(error.description)", cause: error)
        }
    }
}
