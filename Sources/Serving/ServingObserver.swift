/// Told when the set of serving versions changes: a version starts serving (start-up, deploy, rollback, promote to
/// serving, a repository load, a refresh that follows another replica) or stops (replaced, unloaded, its model no
/// longer deployed). The application uses it to export, from load, the Prometheus series a serving version has
/// (drift, data quality, the time of the last drift check) and to drop them when it stops serving.
///
/// Called under the host's state lock as the change is made, so changes arrive in the order they were made; the
/// observer must be quick and must not call back into the host.
public protocol ServingObserver: AnyObject, Sendable {
    /// `started` began serving; the versions named in `stopped` no longer serve.
    func servingChanged(started: [ServingModel], stopped: [(model: String, version: String)])
}
