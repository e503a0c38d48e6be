import Foundation
import PomoCore
import PomoWire
import SQLKit

public struct SQLUserStore: UserStore {
    let database: PomoDatabase

    public init(database: PomoDatabase) { self.database = database }

    public func create(_ new: NewUser) async throws -> User {
        let preferences = String(decoding: try JSONEncoder().encode(UserPreferences()), as: UTF8.self)
        do {
            return try await database.write { db in
                // The first user is the admin: decided under a lock so two first registrations
                // cannot both see an empty table.
                try await db.serializeWrites(key: Self.firstUserLock)
                let isFirst = try await db.raw("SELECT id FROM users LIMIT 1").first() == nil
                let role = isFirst ? UserRole.admin : .user
                return try await db.raw(
                    """
                    INSERT INTO users (uuid, username, username_key, email, email_key, password_hash, role, timezone,
                        is_active, subscription_active_until, preferences, created_at, updated_at)
                    VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: new.username), \(bind: new.username.lowercased()), \(bind: new.email),
                        \(bind: new.email.lowercased()), \(bind: new.passwordHash), \(bind: role.rawValue),
                        \(bind: new.timezone), \(bind: true), \(bind: ms(new.subscriptionActiveUntil)),
                        \(bind: preferences), \(bind: ms(new.createdAt)), \(bind: ms(new.createdAt)))
                    RETURNING *
                    """
                ).first().map(User.init(row:))!
            }
        } catch  where SQLErrors.isUniqueViolation(error) {
            throw AppError.conflict("Username or email already registered")
        }
    }

    public func find(id: Int64) async throws -> User? {
        try await database.read { db in
            try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(User.init(row:))
        }
    }

    public func find(login: String) async throws -> User? {
        let key = login.lowercased()
        return try await database.read { db in
            try await db.raw("SELECT * FROM users WHERE username_key = \(bind: key) OR email_key = \(bind: key)")
                .first().map(User.init(row:))
        }
    }

    public func list() async throws -> [User] {
        try await database.read { db in
            try await db.raw("SELECT * FROM users ORDER BY id").all().map(User.init(row:))
        }
    }

    public func setSubscription(userId: Int64, activeUntil: Date?, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE users SET subscription_active_until = \(bind: ms(activeUntil)), updated_at = \(bind: ms(now))
                WHERE id = \(bind: userId)
                """
            ).run()
        }
    }

    public func setPasswordHash(userId: Int64, hash: String, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE users SET password_hash = \(bind: hash), credential_generation = credential_generation + 1,
                    updated_at = \(bind: ms(now))
                WHERE id = \(bind: userId)
                """
            ).run()
        }
    }

    public func setActive(userId: Int64, _ active: Bool, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE users SET is_active = \(bind: active), credential_generation = credential_generation + 1,
                    updated_at = \(bind: ms(now))
                WHERE id = \(bind: userId)
                """
            ).run()
        }
    }

    public func delete(userId: Int64) async throws -> Bool {
        try await database.write { db in
            // Serialized with every other delete, so the count cannot go stale between two.
            try await db.serializeWrites(key: Self.deleteLock)
            let others =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND is_active = \(bind: true) AND id <> \(bind: userId)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let isAdmin =
                try await db.raw("SELECT role FROM users WHERE id = \(bind: userId)").first()?
                .decode(column: "role", as: String.self) == "admin"
            guard !isAdmin || others > 0 else { return false }
            // Every table of the user's rows refers to it with ON DELETE CASCADE.
            try await db.raw("DELETE FROM users WHERE id = \(bind: userId)").run()
            return true
        }
    }

    static let deleteLock: Int64 = 0x706F_6D6F_6465_6C75  // "pomodelu"

    public func setPreferences(userId: Int64, _ preferences: UserPreferences, timezone: String, at now: Date)
        async throws
    {
        let json = String(decoding: try JSONEncoder().encode(preferences), as: UTF8.self)
        try await database.write { db in
            let row = try await db.raw(
                """
                UPDATE users SET preferences = \(bind: json), public_leaderboard = \(bind: preferences.publicLeaderboard),
                    timezone = \(bind: timezone), updated_at = \(bind: ms(now))
                WHERE id = \(bind: userId) RETURNING uuid
                """
            ).first()
            guard let row, let uuid = try row.decode(column: "uuid", as: String?.self) else { return }
            try await SQLChangeLog.append(
                .preferences, "updated", id: uuid, userId: userId,
                data: WireJSON.text(PreferencesChange(preferences: preferences, timezone: timezone)), at: now,
                on: db)
        }
    }

    /// A preferences change as the change log shows it: the Game's preferences and the zone.
    struct PreferencesChange: Encodable {
        var preferences: UserPreferences
        var timezone: String
    }

    static let firstUserLock: Int64 = 0x706F_6D6F_7573_6572  // "pomouser"
}

extension User {
    init(row: any SQLRow) throws {
        let preferencesJSON = try row.decode(column: "preferences", as: String.self)
        self.init(
            id: try row.decode(column: "id", as: Int64.self),
            username: try row.decode(column: "username", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            role: UserRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .user,
            timezone: try row.decode(column: "timezone", as: String.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            subscriptionActiveUntil: try row.optionalDate("subscription_active_until"),
            preferences: StoredPreferences.decode(preferencesJSON),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            credentialGeneration: try row.decode(column: "credential_generation", as: Int64.self))
    }
}

/// The stored preferences document, decoded. Every authenticated request reads its user, and
/// most users share a handful of documents (the defaults above all), so decoded documents are
/// kept by their text: decoding was 3 % of a submit's CPU in a profile. Bounded; starts over
/// when full.
enum StoredPreferences {
    private static let decoded = BoundedCache<String, UserPreferences>(capacity: 1024)

    static func decode(_ json: String) -> UserPreferences {
        decoded.value(for: json) {
            (try? JSONDecoder().decode(UserPreferences.self, from: Data(json.utf8))) ?? UserPreferences()
        }
    }
}
