/// Where model versions live and how long old versions are kept: the `storage:` block of seed 000.
public struct StorageSettings: Sendable, Equatable, Codable {
    /// Directory of stored model versions. Default `<data-dir>/models`; a relative path is taken relative to the
    /// data directory (so the seeds' `directory: models` is the default).
    public var directory: String
    /// Keep at least the newest N versions of each model. Default 5 (seed 000); `null` (YAML) or `none` (environment)
    /// disables the count rule.
    public var keepLastVersions: Int?
    /// Keep versions imported within this many days. Default 30 (seed 000); `null` / `none` disables the age rule.
    public var retentionDays: Int?
    /// Never remove a version named in the model's last N deployment-history entries. Default 5.
    public var protectedHistoryEntries: Int

    /// Creates storage settings; the defaults are those documented on each field.
    public init(
        directory: String, keepLastVersions: Int? = 5, retentionDays: Int? = 30, protectedHistoryEntries: Int = 5
    ) {
        self.directory = directory
        self.keepLastVersions = keepLastVersions
        self.retentionDays = retentionDays
        self.protectedHistoryEntries = protectedHistoryEntries
    }

    /// `path` if absolute, else `path` below `base`.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    enum CodingKeys: String, CodingKey {
        case directory, keepLastVersions = "keep_last_n_versions", retentionDays = "retention_days"
        case protectedHistoryEntries = "protected_history_entries"
    }
}
