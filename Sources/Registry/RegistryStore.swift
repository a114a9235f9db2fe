/// The registry proper: versions and lifecycle, and the histories. The stores implement both; operations take only
/// the concern they need.
public protocol RegistryStore: VersionStore, HistoryStore {}

