public import Agents
public import Foundation

/// What an agent commits as its checkpoint with every page: the extractor's state and the runs of anomalous windows
/// per AP (so that after a restart the next window's persistence evidence, and so its severity, is what an
/// uninterrupted run would give).
///
/// JSON `{"extractor": {...}, "persistence": {...}}`; a checkpoint written before persistence existed (the bare
/// extractor checkpoint) reads as that extractor state with no runs.
public struct AgentCheckpointState: Sendable, Hashable, Codable {
    /// The extractor's state.
    public var extractor: ExtractorCheckpoint
    /// The runs of anomalous windows per AP.
    public var persistence: PersistenceTracker

    /// Creates a state.
    public init(extractor: ExtractorCheckpoint, persistence: PersistenceTracker) {
        self.extractor = extractor
        self.persistence = persistence
    }

    /// Reads a stored checkpoint, in this form or the older bare extractor checkpoint.
    ///
    /// - Throws: `DecodingError` when it is neither.
    public init(json: Data) throws {
        let decoder = JSONDecoder()
        if let state = try? decoder.decode(AgentCheckpointState.self, from: json) {
            self = state
        } else {
            self.init(
                extractor: try decoder.decode(ExtractorCheckpoint.self, from: json), persistence: PersistenceTracker())
        }
    }
}
