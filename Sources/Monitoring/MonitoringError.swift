/// The one error type of the Monitoring module: what failed, the offending value and the remedy.
///
/// `code` is stable and machine-readable so the server and the CLI can map it in one place each.
public struct MonitoringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of failure.
    /// A struct over a private enum, so that codes can be added without breaking callers (switch with a default).
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible, Codable {
        private enum Base: String, CaseIterable {
            case insufficientData = "insufficient_data"
            case nonFiniteValue = "non_finite_value"
            case lengthMismatch = "length_mismatch"
            case invalidConfiguration = "invalid_configuration"
            case degenerateBaseline = "degenerate_baseline"
        }

        private var base: Base

        private init(_ base: Base) { self.base = base }

        /// A sample is empty or smaller than the stated minimum for the statistic.
        public static let insufficientData = Code(.insufficientData)
        /// A sample contains NaN or an infinity.
        public static let nonFiniteValue = Code(.nonFiniteValue)
        /// Two inputs that must have the same length (histograms, weights) do not.
        public static let lengthMismatch = Code(.lengthMismatch)
        /// A configuration value is out of range (threshold order, capacity, bin count).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A baseline has zero spread, so a distance in standard deviations is undefined.
        public static let degenerateBaseline = Code(.degenerateBaseline)

        /// Every code, in declaration order.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The stable snake_case name, e.g. `insufficient_data`.
        public var rawValue: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name that is not a code.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.init(base)
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// A sentence saying what failed, naming the value, and the remedy.
    public var message: String
    /// Samples needed, for `insufficientData`.
    public var required: Int?
    /// Samples available, for `insufficientData`.
    public var available: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, required: Int? = nil, available: Int? = nil) {
        self.code = code
        self.message = message
        self.required = required
        self.available = available
    }

    /// The message.
    public var description: String { message }

    static func insufficient(_ what: String, required: Int, available: Int) -> MonitoringError {
        MonitoringError(
            .insufficientData,
            "\(what) needs at least \(required) samples but has \(available); record more predictions and retry",
            required: required, available: available)
    }

    static func checkFinite(_ values: [Double], _ what: String) throws {
        if let bad = values.first(where: { !$0.isFinite }) {
            throw MonitoringError(.nonFiniteValue, "\(what) contains \(bad); drop non-finite values before testing")
        }
    }
}
