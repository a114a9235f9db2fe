/// The training service that new model packages are imported from: the `integration:` block of seed 002.
public struct IntegrationSettings: Sendable, Equatable, Codable {
    /// Directory where the training service writes packages. Default nil: no training service (the seed's
    /// developer home path is not a sensible default).
    public var trainingServicePath: String?
    /// Import new packages from the training service on a timer. Default false (seed 002).
    public var autoImport: Bool
    /// Seconds between import checks when `autoImport` is on. Default 3600 (seed 002); positive.
    public var importInterval: Int
    /// Validate (trial-load and check) each package before importing it. Default true (seed 002).
    public var validateImports: Bool

    /// Creates integration settings; the defaults are those documented on each field.
    public init(
        trainingServicePath: String? = nil, autoImport: Bool = false, importInterval: Int = 3600,
        validateImports: Bool = true
    ) {
        self.trainingServicePath = trainingServicePath
        self.autoImport = autoImport
        self.importInterval = importInterval
        self.validateImports = validateImports
    }

    enum CodingKeys: String, CodingKey {
        case trainingServicePath = "training_service_path", autoImport = "auto_import"
        case importInterval = "import_interval", validateImports = "validate_imports"
    }
}
