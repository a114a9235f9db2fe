import Synchronization

/// Something that records a loaded model's predictions (the application's monitoring and metrics), attached to the
/// model once so the prediction path finds it without a lookup by name.
public protocol PredictionObserver: AnyObject, Sendable {}

/// The slot a loaded model keeps its ``PredictionObserver`` in. Lives as long as the loaded model; a newly loaded
/// model starts with an empty slot.
public final class ObserverSlot: Sendable {
    // A futex-based mutex (one per loaded model, taken on every prediction).
    private let observer = Mutex<(any PredictionObserver)?>(nil)

    /// Creates an empty slot.
    public init() {}

    /// The attached observer, made by `make` (and attached) when the slot holds none.
    public func get(orMake make: () -> any PredictionObserver) -> any PredictionObserver {
        observer.withLock { slot in
            if let attached = slot { return attached }
            let made = make()
            slot = made
            return made
        }
    }
}
