public import DriftService
import Monitoring
public import WardenConfig

extension DriftSettings {
    /// The drift thresholds of the `monitoring:` configuration block.
    /// - Throws: ``WardenCLIError``-mapped ``MonitoringError`` when `monitoring.drift_test` names no test.
    public init(_ m: MonitoringSettings) throws {
        guard let test = DriftConfiguration.DriftTest(rawValue: m.driftTest) else {
            throw MonitoringError(
                .invalidConfiguration,
                "monitoring.drift_test is '\(m.driftTest)'; use one of "
                    + DriftConfiguration.DriftTest.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let data = try DriftConfiguration(
            test: test, kolmogorovSmirnovPValue: m.ksPValue, wassersteinThreshold: m.wassersteinThreshold,
            datasetDriftShare: m.datasetDriftShare, minimumSamples: m.minimumSamples)
        self.init(
            data: data, indicatorThreshold: m.driftThreshold, baselineThreshold: m.baselineDriftThreshold,
            minimumSamples: m.minimumSamples)
    }
}
