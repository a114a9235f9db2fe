/// The role an API key (and the tokens exchanged for it) acts with; ordered viewer < operator < admin.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads models, versions, statistics and drift.
    case viewer
    /// Everything a viewer does, plus predictions, imports and validation.
    case `operator`
    /// Everything, including deploys, rollbacks, modes, keys and cleanup.
    case admin

    /// Roles compare by how much they may do.
    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }
}

extension Role {
    /// The permissions this role grants: viewer `[read]`, operator `[read, predict, write]`, admin all.
    public var permissions: Set<Permission> {
        switch self {
        case .viewer: [.read]
        case .operator: [.read, .predict, .write]
        case .admin: Set(Permission.allCases)
        }
    }

    /// Whether this role grants a permission.
    /// - Parameter permission: The permission a route requires.
    /// - Returns: `true` when the role's ``permissions`` contain it.
    public func allows(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }
}
