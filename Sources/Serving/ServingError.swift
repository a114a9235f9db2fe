public import DataFormats

/// The one error type of the Serving module: what failed, the offending value, the remedy, and details a client
/// can act on. The server maps `code` to an HTTP status in one place; the CLI maps it to an exit status.
public struct ServingError: Error, Sendable, CustomStringConvertible {
    /// Stable categories of failure.
    public enum Code: String, Sendable, CaseIterable, Codable {
        /// No version of the model is loaded for serving.
        case modelNotLoaded = "model_not_loaded"
        /// The model or version does not exist in the registry.
        case versionNotFound = "version_not_found"
        /// The model has no such name in the registry.
        case modelNotFound = "model_not_found"
        /// Rows lack features the model needs (and the policy is `reject`).
        case missingFeatures = "missing_features"
        /// A value is not a number, or is NaN/infinite where the model cannot take it.
        case invalidFeatures = "invalid_features"
        /// The request body is not in the expected shape.
        case invalidRequest = "invalid_request"
        /// More rows than the version's `inference_config.batch_size` allows.
        case tooManyRows = "too_many_rows"
        /// The requested output is not defined for this model (e.g. `predict_proba` for a non-IsolationForest).
        case unsupportedOutput = "unsupported_output"
        /// The version's files did not load or failed the trial inference.
        case loadFailed = "load_failed"
        /// A lifecycle command was refused by the registry's rules (the registry error's code is in `details`).
        case registry = "registry_error"
        /// Promotion to production needs a passing validation report (or a forced promotion with a reason).
        case validationRequired = "validation_required"
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
