public import Foundation

// The checks every ``AnomalyStore`` runs before it writes, so that every implementation refuses the same records
// with the same words. The SQLite schema repeats the ones a column can hold (NOT NULL, CHECK, UNIQUE).

extension AgentWindowBatch {
    /// Checks the batch before it is committed: every outcome, anomaly and the checkpoint is valid and belongs to
    /// ``agent``. Duplicate windows inside the batch are allowed (the first is kept, as across commits).
    ///
    /// - Throws: `invalid_record`, `invalid_model_name`, `invalid_version` naming the record and the field.
    public func validate() throws(RegistryError) {
        try AgentChecks.agent(agent, of: "the batch")
        for outcome in outcomes {
            try outcome.validate()
            try Self.same(outcome.agent, agent, "a window outcome")
        }
        for anomaly in anomalies {
            try anomaly.validate()
            try Self.same(anomaly.agent, agent, "an anomaly")
        }
        if let checkpoint {
            try checkpoint.validate()
            try Self.same(checkpoint.agent, agent, "the checkpoint")
        }
    }

    private static func same(_ owner: String, _ agent: String, _ what: String) throws(RegistryError) {
        guard owner == agent else {
            throw AgentChecks.fail(
                "\(what) of agent '\(owner)'", "is in a batch of agent '\(agent)'",
                "commit each agent's windows in a batch of its own")
        }
    }
}

extension WindowOutcomeRecord {
    /// Refuses a negative limit for ``AnomalyStore/windowOutcomes(agent:shadow:from:to:limit:)``, with the wording
    /// every store uses.
    ///
    /// - Throws: `invalid_record`.
    public static func checkLimit(_ limit: Int) throws(RegistryError) {
        try AgentChecks.count(limit, "limit", of: "the window outcome query")
    }

    /// Checks the outcome before it is stored: a safe agent id (1–128 characters from `A-Z a-z 0-9 - _ . :`), an
    /// entity of 1 to 256 bytes without control characters, `windowEnd > windowStart`, `eventCount ≥ 0`, a safe
    /// model name and version when given (a version only with a model), a finite score and threshold when given,
    /// no score on a `skipped` window (nothing scored it), and a finite `recordedAt`.
    ///
    /// - Throws: `invalid_record`, `invalid_model_name`, `invalid_version` naming the field and the value.
    public func validate() throws(RegistryError) {
        let what = { "the window outcome at \(windowStart) of entity \(AgentChecks.quote(entity))" }
        try AgentChecks.agent(agent, of: what())
        try AgentChecks.entity(entity, of: what())
        try AgentChecks.window(start: windowStart, end: windowEnd, of: what())
        guard eventCount >= 0 else {
            throw AgentChecks.fail(what(), "has event count \(eventCount)", "count 0 or more events")
        }
        if let model { try VersionName.checkModelName(model) }
        if let version {
            guard model != nil else {
                throw AgentChecks.fail(what(), "has version '\(version)' but no model", "give the model with it")
            }
            try VersionName.checkSafe(version, what: "version")
        }
        try AgentChecks.finite(score, "score", of: what())
        try AgentChecks.finite(threshold, "threshold", of: what())
        if outcome == .skipped, let score {
            throw AgentChecks.fail(what(), "is skipped with score \(score)", "a skipped window has no score")
        }
        try AgentChecks.date(recordedAt, "recordedAt", of: what())
    }
}

extension AnomalyRow {
    /// The largest payload a store accepts, 1 MiB: one anomaly record with its features and history.
    public static let maxPayloadBytes = 1024 * 1024
    /// The severities, least urgent first.
    public static let severities = ["low", "medium", "high", "critical"]
    /// The workflow statuses.
    public static let statuses = ["open", "acknowledged", "resolved", "false_positive"]
    /// The statuses of anomalies still being worked on, which retention keeps.
    public static let activeStatuses = ["open", "acknowledged"]
    /// The longest anomaly type word, in bytes.
    public static let maxTypeBytes = 64

    /// Checks the row before it is stored: a safe agent id, an entity of 1 to 256 bytes without control characters,
    /// `windowEnd > windowStart`, a type word of 1 to 64 characters from `a-z 0-9 _`, a known severity and status, a
    /// safe model name and version, a finite score, finite dates and a payload of at most ``maxPayloadBytes``. The
    /// id is not checked: the store assigns it.
    ///
    /// - Throws: `invalid_record`, `invalid_model_name`, `invalid_version` naming the field and the value.
    public func validate() throws(RegistryError) {
        let what = { "the anomaly at \(windowStart) of entity \(AgentChecks.quote(entity))" }
        try AgentChecks.agent(agent, of: what())
        try AgentChecks.entity(entity, of: what())
        try AgentChecks.window(start: windowStart, end: windowEnd, of: what())
        let word = type.utf8.allSatisfy { b in (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F }
        guard !type.isEmpty, type.utf8.count <= Self.maxTypeBytes, word else {
            throw AgentChecks.fail(
                what(), "has type \(AgentChecks.quote(type))", "name the type with 1 to 64 characters from a-z 0-9 _")
        }
        try AgentChecks.word(severity, "severity", in: Self.severities, of: what())
        try AgentChecks.word(status, "status", in: Self.statuses, of: what())
        try VersionName.checkModelName(model)
        try VersionName.checkSafe(version, what: "version")
        guard score.isFinite else { throw AgentChecks.fail(what(), "has score \(score)", "give a finite score") }
        try AgentChecks.date(createdAt, "createdAt", of: what())
        try AgentChecks.date(updatedAt, "updatedAt", of: what())
        try AgentChecks.payload(payload, "payload", of: what(), limit: Self.maxPayloadBytes)
    }

    /// Checks the arguments of ``AnomalyStore/updateAnomaly(id:expectedStatus:status:payload:at:)``: known
    /// statuses, a payload of at most ``maxPayloadBytes`` and a finite date. Whether the move is allowed is the
    /// workflow's decision, made by the caller.
    ///
    /// - Throws: `invalid_record`.
    public static func validateUpdate(
        id: Int64, expectedStatus: String, status: String, payload: Data, at: Date
    ) throws(RegistryError) {
        let what = { "the update of anomaly \(id)" }
        try AgentChecks.word(expectedStatus, "expected status", in: statuses, of: what())
        try AgentChecks.word(status, "status", in: statuses, of: what())
        try AgentChecks.payload(payload, "payload", of: what(), limit: maxPayloadBytes)
        try AgentChecks.date(at, "date", of: what())
    }
}

extension AgentCheckpointRecord {
    /// The largest state a store accepts, 1 MiB: an extractor checkpoint is counters and a configuration.
    public static let maxStateBytes = 1024 * 1024

    /// Checks the checkpoint before it is stored: a safe agent id, a finite date and a state of at most
    /// ``maxStateBytes``. Any position is accepted (an extractor starts at `Int64.min`).
    ///
    /// - Throws: `invalid_record`.
    public func validate() throws(RegistryError) {
        let what = { "the checkpoint at position \(position)" }
        try AgentChecks.agent(agent, of: what())
        try AgentChecks.date(updatedAt, "updatedAt", of: what())
        try AgentChecks.payload(state, "state", of: what(), limit: Self.maxStateBytes)
    }
}

extension AgentPairingRecord {
    /// Checks the pairing before it is stored: a safe agent id, model name and versions, an actor of 1 to 256
    /// bytes without control characters, a finite date and a reason of at most 4,096 bytes.
    ///
    /// - Throws: `invalid_record`, `invalid_model_name`, `invalid_version`.
    public func validate() throws(RegistryError) {
        let what = { "the pairing of agent '\(agent.prefix(128))' with model '\(model.prefix(128))'" }
        try AgentChecks.agent(agent, of: what())
        try VersionName.checkModelName(model)
        if let version { try VersionName.checkSafe(version, what: "version") }
        if let shadowVersion { try VersionName.checkSafe(shadowVersion, what: "version") }
        try AgentChecks.text(actor, "actor", of: what(), limit: AgentChecks.maxLabelBytes)
        try AgentChecks.date(at, "at", of: what())
        if let reason, reason.utf8.count > AgentChecks.maxReasonBytes {
            throw AgentChecks.fail(
                what(), "has a reason of \(reason.utf8.count) bytes", "say why in at most 4,096 bytes")
        }
    }
}

extension AnomalyQuery {
    /// Checks the query: `offset ≥ 0`, `limit ≥ 0`, and a known severity and status when filtered on (a misspelt
    /// word is refused rather than matching nothing).
    ///
    /// - Throws: `invalid_record`.
    public func validate() throws(RegistryError) {
        let what = { "the anomaly query" }
        try AgentChecks.count(offset, "offset", of: what())
        try AgentChecks.count(limit, "limit", of: what())
        if let severity { try AgentChecks.word(severity, "severity", in: AnomalyRow.severities, of: what()) }
        if let status { try AgentChecks.word(status, "status", in: AnomalyRow.statuses, of: what()) }
    }

    /// Whether `row` passes the query's filters (entities compared byte for byte, as SQLite compares text).
    public func matches(_ row: AnomalyRow) -> Bool {
        (agent.map { row.agent == $0 } ?? true)
            && (entity.map { row.entity.utf8.elementsEqual($0.utf8) } ?? true)
            && (type.map { row.type == $0 } ?? true) && (severity.map { row.severity == $0 } ?? true)
            && (status.map { row.status == $0 } ?? true) && (from.map { row.windowStart >= $0 } ?? true)
            && (to.map { row.windowStart < $0 } ?? true)
    }
}

/// The errors of anomaly updates, with the wording every ``AnomalyStore`` uses.
extension RegistryError {
    /// No anomaly has the id: `version_not_found`, the registry's one "not found" code.
    public static func anomalyNotFound(_ id: Int64) -> RegistryError {
        RegistryError(.versionNotFound, "no anomaly has id \(id); list the anomalies to find the one to update")
    }

    /// The anomaly's status moved since the caller read it.
    public static func anomalyMoved(_ id: Int64, expected: String, actual: String) -> RegistryError {
        RegistryError(
            .conflict,
            "anomaly \(id) is now '\(actual)', not '\(expected)' as expected: another operator moved it; read it "
                + "again and decide on its current status")
    }
}
