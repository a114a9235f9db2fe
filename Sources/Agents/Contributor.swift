/// A feature that deviates from the model's training reference: its value and its standardised deviation.
public struct Contributor: Sendable, Hashable, Codable {
    /// The feature's name (``WiFiFeatures/names``).
    public var feature: String
    /// The window's value.
    public var value: Double
    /// `(value − training mean) / training std`, capped in magnitude (``EvidenceSettings/zCap``).
    public var z: Double

    /// Creates a contributor.
    public init(feature: String, value: Double, z: Double) {
        self.feature = feature
        self.value = value
        self.z = z
    }
}
