import Synchronization

/// One object that observers of predictions (monitoring, metrics) attach to a loaded model the first time they see
/// it, so the prediction path finds its per-version state without a lookup by name. Lives as long as the loaded
/// model; a newly loaded model starts with an empty slot.
public final class ObserverSlot: @unchecked Sendable {
    // A futex-based mutex (one per loaded model, taken on every prediction). AnyObject is not Sendable, hence
    // @unchecked: the object is only ever handed out, never mutated through the slot.
    private let object = Mutex<AnyObject?>(nil)

    /// Creates an empty slot.
    public init() {}

    /// The attached object of type `T`, made by `make` (and attached) when the slot holds none of that type.
    public func get<T: AnyObject>(orMake make: () -> T) -> T {
        object.withLock { slot in
            if let attached = slot as? T { return attached }
            let made = make()
            slot = made
            return made
        }
    }
}
