public import ModelPackage

extension VersionRecord {
    /// `training_info` of the version's package: metadata.json's, else deployment_manifest.json's (either may carry
    /// it); nil when neither file was kept or neither has the section. Parsed on each call: keep the result.
    public var trainingInfo: PackageTrainingInfo? {
        if let text = metadataJSON, let info = PackageMetadata.parse(Array(text.utf8)).value?.trainingInfo {
            return info
        }
        if let text = manifestJSON, let info = PackageManifest.parse(Array(text.utf8)).value?.trainingInfo {
            return info
        }
        return nil
    }

    /// `training_info.feature_statistics` of the version's package (per feature: mean, std, min, max, p01, p50,
    /// p99 on the training data), from metadata.json or else deployment_manifest.json; nil when the package has
    /// none. Parsed on each call: keep the result.
    public var featureStatistics: [String: FeatureStatistics]? {
        if let text = metadataJSON,
            let stats = PackageMetadata.parse(Array(text.utf8)).value?.trainingInfo?.featureStatistics
        {
            return stats
        }
        if let text = manifestJSON,
            let stats = PackageManifest.parse(Array(text.utf8)).value?.trainingInfo?.featureStatistics
        {
            return stats
        }
        return nil
    }
}
