public import DataFormats

/// The one error type of the Serving module: what failed, the offending value, the remedy, and details a client
/// can act on. The server maps `code` to an HTTP status in one place; the CLI maps it to an exit status.
public struct ServingError: Error, Sendable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible, Codable {
        private enum Base: String, CaseIterable {
            case modelNotLoaded = "model_not_loaded"
            case versionNotFound = "version_not_found"
            case modelNotFound = "model_not_found"
            case missingFeatures = "missing_features"
            case invalidFeatures = "invalid_features"
            case invalidRequest = "invalid_request"
            case tooManyRows = "too_many_rows"
            case unsupportedOutput = "unsupported_output"
            case loadFailed = "load_failed"
            case registry = "registry_error"
            case validationRequired = "validation_required"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// No version of the model is loaded for serving.
        public static let modelNotLoaded = Code(.modelNotLoaded)
        /// The model or version does not exist in the registry.
        public static let versionNotFound = Code(.versionNotFound)
        /// The model has no such name in the registry.
        public static let modelNotFound = Code(.modelNotFound)
        /// Rows lack features the model needs (and the policy is `reject`).
        public static let missingFeatures = Code(.missingFeatures)
        /// A value is not a number, or is NaN/infinite where the model cannot take it.
        public static let invalidFeatures = Code(.invalidFeatures)
        /// The request body is not in the expected shape.
        public static let invalidRequest = Code(.invalidRequest)
        /// More rows than the version's `inference_config.batch_size` allows.
        public static let tooManyRows = Code(.tooManyRows)
        /// The requested output is not defined for this model (e.g. `predict_proba` for a non-IsolationForest).
        public static let unsupportedOutput = Code(.unsupportedOutput)
        /// The version's files did not load or failed the trial inference.
        public static let loadFailed = Code(.loadFailed)
        /// A lifecycle command was refused by the registry's rules (the registry error's code is in `details`).
        public static let registry = Code(.registry)
        /// Promotion to production needs a passing validation report (or a forced promotion with a reason).
        public static let validationRequired = Code(.validationRequired)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `model_not_loaded`.
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
    /// What failed, naming the value, and the remedy.
    public var message: String
    /// Structured facts for clients, e.g. `{"missing": [{"row": 0, "features": ["a"]}]}`.
    public var details: [String: JSONValue]

    /// Creates an error.
    public init(_ code: Code, _ message: String, details: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// The message.
    public var description: String { message }
}
