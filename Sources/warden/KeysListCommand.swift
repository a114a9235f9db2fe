import ArgumentParser
import Foundation
import WardenApp
import Registry

/// `warden keys list`: every key, active and revoked, never a secret or hash.
struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the API keys, oldest first (ids, names, roles; never secrets).")

    @OptionGroup var options: RegistryOptions

    /// What is shown of a key: everything but its salt and hash. Absent dates and models are JSON `null`.
    struct Summary: Encodable {
        var key: APIKeyRecord

        enum CodingKeys: String, CodingKey {
            case id, name, role, models, active
            case createdAt = "created_at", createdBy = "created_by", rotatedAt = "rotated_at"
            case revokedAt = "revoked_at"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key.id, forKey: .id)
            try c.encode(key.name, forKey: .name)
            try c.encode(key.role, forKey: .role)
            try c.encode(key.models, forKey: .models)
            try c.encode(key.isActive, forKey: .active)
            try c.encode(key.createdAt, forKey: .createdAt)
            try c.encode(key.createdBy, forKey: .createdBy)
            try c.encode(key.rotatedAt, forKey: .rotatedAt)
            try c.encode(key.revokedAt, forKey: .revokedAt)
        }
    }

    func run() async throws {
        try await ExitStatus.guarded {
            let context = try await RegistryContext.open(options)
            let keys = try await context.app.security.keys()
            if options.json { return print("{\"keys\":\(Output.json(keys.map(Summary.init)))}") }
            guard !keys.isEmpty else { return print("no API keys; create one with `warden keys create`") }
            let rows = [["ID", "NAME", "ROLE", "MODELS", "CREATED", "ROTATED", "STATUS"]]
                + keys.map { k in
                    [
                        k.id, k.name, k.role, k.models?.joined(separator: ",") ?? "all", Output.date(k.createdAt),
                        k.rotatedAt.map(Output.date) ?? "-",
                        k.revokedAt.map { "revoked \(Output.date($0))" } ?? "active",
                    ]
                }
            let widths = (0..<7).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }
                print(cells.joined(separator: "  "))
            }
        }
    }
}
