import AccessControl
import Testing

@Suite("Roles and permissions")
struct RoleTests {
    static let table: [(Role, Set<Permission>)] = [
        (.viewer, [.read]),
        (.operator, [.read, .predict, .write]),
        (.admin, [.read, .predict, .write, .admin]),
    ]

    @Test("each role grants exactly its permissions", arguments: table)
    func permissions(role: Role, expected: Set<Permission>) {
        #expect(role.permissions == expected)
        for permission in Permission.allCases {
            #expect(role.allows(permission) == expected.contains(permission), "\(role) \(permission)")
        }
    }

    @Test("roles are ordered viewer < operator < admin")
    func ordering() {
        #expect(Role.viewer < .operator)
        #expect(Role.operator < .admin)
        #expect(!(Role.admin < .viewer))
        #expect(Role.allCases.sorted() == [.viewer, .operator, .admin])
        #expect(Role.allCases.shuffled().max() == .admin)
    }

    @Test("a higher role allows everything a lower one does")
    func monotone() {
        for lower in Role.allCases {
            for higher in Role.allCases where lower < higher {
                #expect(lower.permissions.isStrictSubset(of: higher.permissions), "\(lower) vs \(higher)")
            }
        }
    }

    @Test("roles use their names as raw values", arguments: [(Role.viewer, "viewer"), (.operator, "operator"), (.admin, "admin")])
    func rawValues(role: Role, raw: String) {
        #expect(role.rawValue == raw)
        #expect(Role(rawValue: raw) == role)
    }
}
